/**
 * The organization `npm run coverage` (scripts/coverage.mjs) scans: a mid-sized company, Northwind
 * Metrics, on Enterprise (audit entries kept two years: their `ttl_timestamp` says so), with SCIM,
 * five projects in two regions, service accounts, and an audit log that holds every event type the
 * scanner derives facts from (Mixpanel's audit-log reference lists them, each with the date it
 * became available). It is evaluated at COVERAGE_NOW, late enough that every one of those event
 * types was available for the 90 days before it; logins reach back to when Mixpanel began
 * recording them (2026-04-05, 163 days before), so a login 120 days old is on record and the
 * login record spans both inactivity limits (90 and 45 days). Set `auditRetentionDays: 90` on the
 * result for the same organization on Free or Growth.
 *
 * The reference gives event types, not payloads; the payloads here (`old_role`/`new_role`, an
 * invitee's address as the entity name) are this fixture's assumptions, kept small.
 *
 * `coverageMembersCsv` and `coverageRosterYaml` are the two files a person would add: the member
 * list from Users & Teams and the IAM tracker's roster.
 */
import type { FixtureAuditEvent, FixtureOrg, FixtureScimUser } from './fixture.js';
import { FIXTURE_CREDENTIALS } from './fixture.js';

export const COVERAGE_NOW = '2026-09-15T12:00:00Z';
const NOW = Date.parse(COVERAGE_NOW);
const DAY = 86_400_000;
/** The oldest login on record, in days before COVERAGE_NOW: after Mixpanel began recording logins. */
const LOGINS_RECORDED_DAYS = 160;
const ago = (days: number, hour = 9): string => new Date(NOW - days * DAY - (12 - hour) * 3_600_000).toISOString().replace('.000Z', 'Z');

interface Person {
  id: number;
  email: string;
  name: string;
  role: 'owner' | 'admin' | 'billing_admin' | 'member';
  status: 'active' | 'invited';
  twoFactor: boolean;
  /** Days since the last login; null: never. */
  lastLogin: number | null;
  scim: 'active' | 'inactive' | 'none';
  groups: string[];
  projects: string;
  type: 'employee' | 'contractor' | 'agency';
  engagementEnd?: string;
}

const PEOPLE: Person[] = [
  { id: 1001, email: 'ana@northwind.example', name: 'Ana Ortiz', role: 'owner', status: 'active', twoFactor: true, lastLogin: 1, scim: 'active', groups: ['Admins'], projects: 'Northwind Web (owner); Northwind App (owner)', type: 'employee' },
  { id: 1002, email: 'ben@northwind.example', name: 'Ben Kim', role: 'owner', status: 'active', twoFactor: true, lastLogin: 3, scim: 'active', groups: ['Admins'], projects: 'Northwind Web (admin)', type: 'employee' },
  { id: 1003, email: 'cai@northwind.example', name: 'Cai Lun', role: 'admin', status: 'active', twoFactor: false, lastLogin: 10, scim: 'active', groups: ['Data'], projects: 'Northwind Web (admin); Northwind EU (analyst via team Data)', type: 'employee' },
  { id: 1004, email: 'dia@northwind.example', name: 'Dia Mensah', role: 'member', status: 'active', twoFactor: true, lastLogin: 2, scim: 'active', groups: ['Data'], projects: 'Northwind EU (analyst via team Data)', type: 'employee' },
  { id: 1005, email: 'eli@northwind.example', name: 'Eli Novak', role: 'member', status: 'active', twoFactor: true, lastLogin: 120, scim: 'active', groups: ['Marketing'], projects: 'Northwind Web (consumer)', type: 'employee' },
  { id: 1006, email: 'fay@northwind.example', name: 'Fay Moss', role: 'member', status: 'active', twoFactor: true, lastLogin: null, scim: 'active', groups: ['Marketing'], projects: 'Northwind Web (consumer)', type: 'employee' },
  { id: 1007, email: 'gil@northwind.example', name: 'Gil Roth', role: 'admin', status: 'active', twoFactor: true, lastLogin: 5, scim: 'inactive', groups: [], projects: 'Northwind App (admin)', type: 'employee' },
  { id: 1008, email: 'hal@northwind.example', name: 'Hal Price', role: 'member', status: 'active', twoFactor: true, lastLogin: 40, scim: 'active', groups: ['Data'], projects: 'Northwind Staging (analyst)', type: 'employee' },
  { id: 1009, email: 'ivy@northwind.example', name: 'Ivy Chen', role: 'member', status: 'active', twoFactor: true, lastLogin: 7, scim: 'active', groups: ['Product'], projects: 'Northwind App (analyst)', type: 'employee' },
  { id: 1010, email: 'jo@partner.example', name: 'Jo Partner', role: 'member', status: 'active', twoFactor: false, lastLogin: 20, scim: 'none', groups: [], projects: 'Northwind Web (analyst)', type: 'contractor', engagementEnd: '2026-08-31' },
  { id: 1011, email: 'kai@agency.example', name: 'Kai Agency', role: 'member', status: 'invited', twoFactor: false, lastLogin: null, scim: 'none', groups: [], projects: '', type: 'agency', engagementEnd: '2026-12-31' },
  { id: 1012, email: 'lea@northwind.example', name: 'Lea Stone', role: 'billing_admin', status: 'active', twoFactor: true, lastLogin: 30, scim: 'active', groups: ['Finance'], projects: '', type: 'employee' },
  { id: 1013, email: 'max@northwind.example', name: 'Max Weber', role: 'member', status: 'invited', twoFactor: false, lastLogin: null, scim: 'none', groups: [], projects: '', type: 'employee' },
];

let seq = 0;
function event(days: number, type: string, actor: Person | undefined, extra: Partial<FixtureAuditEvent> = {}): FixtureAuditEvent {
  seq++;
  return {
    id: `nw-${String(seq).padStart(4, '0')}`, created: ago(days, 8 + (seq % 8)), type,
    userEmail: actor?.email ?? 'ana@northwind.example', userId: String(actor?.id ?? 1001), projectId: '', ...extra,
  };
}

function auditEvents(): FixtureAuditEvent[] {
  const by = (email: string) => PEOPLE.find((p) => p.email === email)!;
  const ana = by('ana@northwind.example');
  const ben = by('ben@northwind.example');
  const out: FixtureAuditEvent[] = [];
  // Logins: each member's last one at lastLogin days ago, and earlier ones every 15 days back to
  // LOGINS_RECORDED_DAYS (Mixpanel records none before 2026-04-05).
  for (const p of PEOPLE) {
    if (p.lastLogin === null) continue;
    for (let d = p.lastLogin; d <= LOGINS_RECORDED_DAYS; d += 15) out.push(event(d, 'session.logged_in', p));
  }
  out.push(
    // Invitations: Kai's and Max's are still open; Ivy accepted hers.
    event(80, 'invitation.sent', ana, { entityName: 'ivy@northwind.example' }),
    event(79, 'invitation.accepted', by('ivy@northwind.example'), { entityName: 'ivy@northwind.example' }),
    event(45, 'invitation.sent', ana, { entityName: 'kai@agency.example' }),
    event(12, 'invitation.sent', ben, { entityName: 'max@northwind.example' }),
    // Default project access: granted on Staging and never revoked; granted then revoked on Web.
    event(60, 'project.default_access_granted', ana, { projectId: '5002', entityName: 'Northwind Staging', payload: { role: 'consumer' } }),
    event(50, 'project.default_access_granted', ana, { projectId: '5001', entityName: 'Northwind Web', payload: { role: 'consumer' } }),
    event(49, 'project.default_access_revoked', ana, { projectId: '5001', entityName: 'Northwind Web' }),
    // The organization's 2FA requirement: enabled, disabled for a day, enabled again.
    event(85, 'organization_access_security.twofactor_enabled', ana),
    event(33, 'organization_access_security.twofactor_disabled', ben),
    event(32, 'organization_access_security.twofactor_enabled', ben),
    // A member turning 2FA off (available from 2026-08-16).
    event(20, 'user.twofactor_disabled', by('cai@northwind.example')),
    // Role changes: Cai made admin; Ben made a third owner.
    event(70, 'user.role_changed', ana, { entityName: 'cai@northwind.example', payload: { old_role: 'member', new_role: 'admin' } }),
    event(25, 'user.role_changed', ana, { entityName: 'ben@northwind.example', payload: { old_role: 'admin', new_role: 'owner' } }),
    // A removed collaborator added back (the runbook's "SCIM recreates the account").
    event(40, 'organization.user_removed', ana, { entityName: 'gil@northwind.example' }),
    event(38, 'organization.user_added', ana, { entityName: 'gil@northwind.example' }),
    event(15, 'organization.user_added', ana, { entityName: 'ivy@northwind.example' }),
    // Data exports.
    event(22, 'event_export.downloaded', by('cai@northwind.example'), { projectId: '5001', entityName: 'Northwind Web' }),
    event(18, 'raw_event_export.requested', by('jo@partner.example'), { projectId: '5001', entityName: 'Northwind Web' }),
    event(14, 'profile_export.downloaded', by('hal@northwind.example'), { projectId: '5002', entityName: 'Northwind Staging' }),
    event(9, 'board.exported', by('eli@northwind.example'), { projectId: '5001', entityName: 'Weekly KPIs' }),
    event(8, 'board.public_access_updated', by('ivy@northwind.example'), { projectId: '5003', entityName: 'Launch board', payload: { public: true } }),
    // A GDPR deletion request exercised in the period.
    event(27, 'user_data_deletion.created', ana, { projectId: '5003', entityName: 'deletion request 1' }),
  );
  return out.sort((a, b) => Date.parse(b.created) - Date.parse(a.created));
}

function scimUsers(): FixtureScimUser[] {
  return PEOPLE.filter((p) => p.scim !== 'none').map((p, i) => ({
    id: `scim-${i + 1}`, userName: p.email, email: p.email, active: p.scim === 'active', groups: p.groups,
  })).concat([
    // Deprovisioned through SCIM and gone from the organization.
    { id: 'scim-90', userName: 'old@northwind.example', email: 'old@northwind.example', active: false, groups: [] },
  ]);
}

export function coverageOrg(): FixtureOrg {
  seq = 0;
  const scanner = FIXTURE_CREDENTIALS.username;
  return {
    id: 7100,
    name: 'Northwind Metrics',
    homeRegion: 'US',
    callerRole: 'admin',
    projects: [
      { id: 5001, name: 'Northwind Web', region: 'US', domain: 'mixpanel.com' },
      { id: 5002, name: 'Northwind Staging', region: 'US', domain: 'mixpanel.com' },
      { id: 5003, name: 'Northwind App', region: 'US', domain: 'mixpanel.com' },
      { id: 5101, name: 'Northwind EU', region: 'EU', domain: 'eu.mixpanel.com' },
      { id: 5102, name: 'Northwind EU Sandbox', region: 'EU', domain: 'eu.mixpanel.com' },
    ],
    workspaces: [],
    serviceAccounts: [
      {
        id: 801, username: 'warehouse-sync.4c1d2e.mp-service-account', created: '2026-02-01T00:00:00Z', expires: '2027-01-31T00:00:00Z', lastUsed: ago(1), creator: 1001,
        grants: [{ projectId: 5001, role: 'analyst', hasSensitiveAccess: false, targetType: 'individual' }],
      },
      {
        id: 802, username: 'legacy-import.91ab00.mp-service-account', created: '2024-05-01T00:00:00Z', lastUsed: ago(200), creator: 1007,
        grants: [{ projectId: 5003, role: 'owner', hasSensitiveAccess: true, targetType: 'individual' }],
      },
      {
        id: 803, username: 'bi-export.77e0f1.mp-service-account', created: '2026-05-10T00:00:00Z', expires: '2026-11-10T00:00:00Z', lastUsed: ago(3), creator: 1003,
        grants: [{ projectId: 5101, role: 'consumer', hasSensitiveAccess: false, targetType: 'individual' }],
      },
      {
        id: 804, username: scanner, created: '2026-07-01T00:00:00Z', expires: '2026-12-31T00:00:00Z', lastUsed: ago(0), creator: 1001,
        grants: [{ projectId: 5001, role: 'consumer', hasSensitiveAccess: false, targetType: 'individual' }],
      },
    ],
    schemas: [
      { projectId: 5001, entityType: 'event', name: 'Checkout', properties: { email: { type: 'string' }, total: { type: 'number' } } },
      { projectId: 5003, entityType: 'profile', name: 'User', properties: { $email: { type: 'string', hidden: true }, $phone: { type: 'string' } } },
    ],
    scimUsers: scimUsers(),
    members: PEOPLE.filter((p) => p.status === 'active').map((p) => ({
      id: p.id, email: p.email, name: p.name, role: p.role, hasTwoFactor: p.twoFactor, lastActive: p.lastLogin === null ? null : ago(p.lastLogin),
    })),
    teams: [],
    twoFactorRequired: true,
    auditEvents: auditEvents(),
    auditRetentionDays: 730,
  };
}

function csvCell(text: string): string {
  return /[",\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The member list as Users & Teams would export it (the columns docs/live-collection.md lists). */
export function coverageMembersCsv(): string {
  const rows = PEOPLE.map((p) => [
    p.email, p.name, String(p.id), p.role.replace('_', ' '), p.status, p.status === 'invited' ? '' : p.twoFactor ? 'yes' : 'no',
    p.lastLogin === null ? 'never' : ago(p.lastLogin), p.projects, p.groups.filter((g) => g === 'Data').join('; '),
  ].map(csvCell).join(','));
  return ['Email,Name,User ID,Org Role,Status,2FA,Last Active,Projects,Teams', ...rows].join('\n') + '\n';
}

/** The IAM tracker's roster. */
export function coverageRosterYaml(): string {
  const lines = PEOPLE.map((p) => `  - { email: ${p.email}, name: ${p.name}, type: ${p.type}${p.engagementEnd ? `, engagementEnd: ${p.engagementEnd}` : p.type === 'employee' ? ', engagementEnd: null' : ''} }`);
  return ['entries:', ...lines].join('\n') + '\n';
}
