/**
 * The fixture organization the fake Mixpanel serves: four projects in two regions (US home, EU),
 * three service accounts with grants on several projects, Lexicon schemas, seven SCIM users (enough
 * for several pages), 250 audit-log events over 80 days (three pages of 100), and the payloads of
 * the undocumented routes. Everything is fixed relative to `FIXTURE_NOW` so snapshots repeat.
 */
export const FIXTURE_NOW = Date.parse('2026-06-15T12:00:00Z');

export type FixtureRegion = 'US' | 'EU' | 'IN';

export interface FixtureProject {
  id: number;
  name: string;
  region: FixtureRegion;
  domain: string;
}

export interface FixtureWorkspace {
  id: number;
  name: string;
  projectId: number;
  isGlobal: boolean;
  isRestricted: boolean;
  members: string[];
}

export interface FixtureServiceAccount {
  id: number;
  username: string;
  created: string;
  /** Absent: never expires (the read schema has no nullable, so the field is left out). */
  expires?: string;
  lastUsed?: string;
  creator: number;
  grants: { projectId: number; role: 'owner' | 'admin' | 'analyst' | 'consumer'; hasSensitiveAccess: boolean; targetType: 'individual' | 'team' | 'organization' }[];
}

export interface FixtureSchema {
  projectId: number;
  entityType: 'event' | 'profile';
  name: string;
  hidden?: boolean;
  dropped?: boolean;
  properties: Record<string, { type: 'string' | 'number' | 'boolean'; hidden?: boolean; dropped?: boolean }>;
}

export interface FixtureScimUser {
  id: string;
  userName: string;
  email: string;
  active: boolean;
  /** SCIM group display names; absent: the response carries no `groups` attribute. */
  groups?: string[];
}

export interface FixtureMember {
  id: number;
  email: string;
  name: string;
  role: 'owner' | 'admin' | 'billing_admin' | 'member';
  hasTwoFactor: boolean;
  lastActive: string | null;
}

export interface FixtureAuditEvent {
  id: string;
  created: string;
  type: string;
  userEmail: string;
  userId: string;
  /** Empty string: an organization-only event (no project). */
  projectId: string;
  /** The entity the event is about (an invitee's address, a board's name); default: derived from the id. */
  entityName?: string | null;
  /** The entity payload; default: a role change's old and new role, else empty. */
  payload?: Record<string, unknown>;
}

export interface FixtureOrg {
  id: number;
  name: string;
  homeRegion: FixtureRegion;
  callerRole: string;
  projects: FixtureProject[];
  workspaces: FixtureWorkspace[];
  serviceAccounts: FixtureServiceAccount[];
  schemas: FixtureSchema[];
  scimUsers: FixtureScimUser[];
  members: FixtureMember[];
  teams: { id: number; name: string; members: string[]; projects: { id: number; role: string }[] }[];
  twoFactorRequired: boolean;
  auditEvents: FixtureAuditEvent[];
  /**
   * How long Mixpanel keeps this organization's audit entries, in days (its audit-log page: 90 on
   * Free and Growth, two years on Enterprise): each entry's `ttl_timestamp` is `created` plus this,
   * and an entry already expired at the query's `created_before` is no longer served. Default 730.
   */
  auditRetentionDays?: number;
}

/** The retention the fake assumes when the organization names none: Enterprise's two years. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 730;

const EVENT_TYPES = ['session.logged_in', 'session.logged_in', 'session.logged_in', 'user.role_changed', 'project.user_added', 'service_account.created', 'user.twofactor_enabled'];
const AUDIT_USERS = ['ada@acme.example', 'bob@acme.example', 'cy@acme.example', 'dee@contractor.example'];

function auditEvents(count: number): FixtureAuditEvent[] {
  const out: FixtureAuditEvent[] = [];
  const span = 80 * 24 * 3600 * 1000;
  for (let i = 0; i < count; i++) {
    // Spread evenly over the last 80 days, newest first.
    const created = new Date(FIXTURE_NOW - 3600_000 - Math.floor((i * span) / count)).toISOString().replace('.000Z', 'Z');
    out.push({
      id: `evt-${String(i + 1).padStart(4, '0')}`,
      created,
      type: EVENT_TYPES[i % EVENT_TYPES.length]!,
      userEmail: AUDIT_USERS[i % AUDIT_USERS.length]!,
      userId: String(900 + (i % AUDIT_USERS.length)),
      projectId: i % 3 === 0 ? '3101' : '3001',
    });
  }
  return out;
}

export function fixtureOrg(): FixtureOrg {
  return {
    id: 4242,
    name: 'Acme Analytics',
    homeRegion: 'US',
    callerRole: 'admin',
    projects: [
      { id: 3001, name: 'Acme Web', region: 'US', domain: 'mixpanel.com' },
      { id: 3002, name: 'Acme Web Staging', region: 'US', domain: 'mixpanel.com' },
      { id: 3101, name: 'Acme EU App', region: 'EU', domain: 'eu.mixpanel.com' },
      { id: 3102, name: 'Acme EU Sandbox', region: 'EU', domain: 'eu.mixpanel.com' },
    ],
    workspaces: [
      { id: 71, name: 'All Project Data', projectId: 3001, isGlobal: true, isRestricted: false, members: ['ada@acme.example', 'bob@acme.example'] },
      { id: 72, name: 'Marketing', projectId: 3001, isGlobal: false, isRestricted: true, members: ['cy@acme.example'] },
      { id: 81, name: 'All Project Data', projectId: 3101, isGlobal: true, isRestricted: false, members: ['ada@acme.example'] },
    ],
    serviceAccounts: [
      {
        id: 501, username: 'ci-export.8f2c1a.mp-service-account', created: '2025-01-10T09:00:00Z', lastUsed: '2026-06-01T08:00:00Z', creator: 900,
        grants: [
          { projectId: 3001, role: 'admin', hasSensitiveAccess: true, targetType: 'individual' },
          { projectId: 3101, role: 'analyst', hasSensitiveAccess: false, targetType: 'team' },
        ],
      },
      {
        id: 502, username: 'old-etl.77aa01.mp-service-account', created: '2023-03-01T00:00:00Z', expires: '2024-03-01T00:00:00Z', lastUsed: '2023-12-01T00:00:00Z', creator: 901,
        grants: [{ projectId: 3002, role: 'owner', hasSensitiveAccess: false, targetType: 'individual' }],
      },
      {
        id: 503, username: 'scanner.0b9e77.mp-service-account', created: '2026-01-05T00:00:00Z', expires: '2026-12-31T00:00:00Z', creator: 900,
        grants: [{ projectId: 3001, role: 'consumer', hasSensitiveAccess: false, targetType: 'individual' }],
      },
    ],
    schemas: [
      { projectId: 3001, entityType: 'event', name: 'Signed Up', properties: { email: { type: 'string', hidden: true }, plan: { type: 'string' } } },
      { projectId: 3001, entityType: 'profile', name: 'User', properties: { $email: { type: 'string' }, phone: { type: 'string', dropped: true } } },
      { projectId: 3101, entityType: 'event', name: 'Purchase', dropped: true, properties: { card_last4: { type: 'string' }, amount: { type: 'number' } } },
    ],
    scimUsers: [
      { id: 'u1', userName: 'ada@acme.example', email: 'Ada@Acme.example', active: true },
      { id: 'u2', userName: 'bob@acme.example', email: 'bob@acme.example', active: true },
      { id: 'u3', userName: 'cy@acme.example', email: 'cy@acme.example', active: true },
      { id: 'u4', userName: 'dee@contractor.example', email: 'dee@contractor.example', active: false },
      { id: 'u5', userName: 'eve@acme.example', email: 'eve@acme.example', active: true },
      { id: 'u6', userName: 'fay@acme.example', email: 'fay@acme.example', active: false },
      { id: 'u7', userName: 'gus@acme.example', email: 'gus@acme.example', active: true },
    ],
    members: [
      { id: 900, email: 'ada@acme.example', name: 'Ada Admin', role: 'owner', hasTwoFactor: true, lastActive: '2026-06-14T10:00:00Z' },
      { id: 901, email: 'bob@acme.example', name: 'Bob Builder', role: 'admin', hasTwoFactor: false, lastActive: '2026-03-01T10:00:00Z' },
      { id: 902, email: 'cy@acme.example', name: 'Cy Analyst', role: 'member', hasTwoFactor: true, lastActive: null },
    ],
    teams: [{ id: 11, name: 'Data', members: ['bob@acme.example', 'cy@acme.example'], projects: [{ id: 3101, role: 'analyst' }] }],
    twoFactorRequired: false,
    auditEvents: auditEvents(250),
  };
}

/**
 * One audit event of every type the derived facts read, over the weeks before FIXTURE_NOW
 * (2026-06-15), for end-to-end tests: add them to `org.auditEvents`. Where the payload shape is
 * Mixpanel's own (undocumented), these use the names the derivation reads.
 */
export function auditScenarioEvents(): FixtureAuditEvent[] {
  const at = (iso: string) => iso;
  const ev = (id: string, created: string, type: string, userEmail: string, extra: Partial<FixtureAuditEvent> = {}): FixtureAuditEvent => ({
    id, created: at(created), type, userEmail, userId: '900', projectId: '', ...extra,
  });
  return [
    // Invitations: one accepted, one left pending for three weeks.
    ev('sc-inv-1', '2026-05-22T09:00:00Z', 'invitation.sent', 'ada@acme.example', { entityName: 'new@agency.example' }),
    ev('sc-inv-2', '2026-05-23T09:00:00Z', 'invitation.sent', 'ada@acme.example', { entityName: 'joined@acme.example' }),
    ev('sc-inv-3', '2026-05-24T09:00:00Z', 'invitation.accepted', 'joined@acme.example', { entityName: 'joined@acme.example' }),
    // Default access granted on 3001 (role named), granted then revoked on 3002.
    ev('sc-da-1', '2026-05-25T10:00:00Z', 'project.default_access_granted', 'ada@acme.example', { projectId: '3001', payload: { role: 'analyst' } }),
    ev('sc-da-2', '2026-05-26T10:00:00Z', 'project.default_access_granted', 'ada@acme.example', { projectId: '3002', payload: { role: 'consumer' } }),
    ev('sc-da-3', '2026-05-27T10:00:00Z', 'project.default_access_revoked', 'ada@acme.example', { projectId: '3002' }),
    // The organization's 2FA requirement: enabled, then disabled after the attested date.
    ev('sc-2fa-1', '2026-05-21T08:00:00Z', 'organization_access_security.twofactor_enabled', 'ada@acme.example'),
    ev('sc-2fa-2', '2026-06-10T08:00:00Z', 'organization_access_security.twofactor_disabled', 'bob@acme.example'),
    ev('sc-u2fa-1', '2026-06-11T08:00:00Z', 'user.twofactor_disabled', 'bob@acme.example'),
    // Role changes: a raise to owner, and a harmless one.
    ev('sc-role-1', '2026-06-12T08:00:00Z', 'user.role_changed', 'ada@acme.example', { entityName: 'cy@acme.example', payload: { old_role: 'member', new_role: 'owner' } }),
    ev('sc-role-2', '2026-06-12T09:00:00Z', 'user.role_changed', 'ada@acme.example', { entityName: 'bob@acme.example', payload: { old_role: 'admin', new_role: 'analyst' } }),
    // A collaborator removed, then added back.
    ev('sc-rm-1', '2026-06-01T08:00:00Z', 'organization.user_removed', 'ada@acme.example', { entityName: 'dee@contractor.example' }),
    ev('sc-add-1', '2026-06-03T08:00:00Z', 'organization.user_added', 'scim@acme.example', { entityName: 'dee@contractor.example' }),
    // Data exports.
    ev('sc-exp-1', '2026-06-05T08:00:00Z', 'event_export.downloaded', 'bob@acme.example', { projectId: '3001' }),
    ev('sc-exp-2', '2026-06-05T09:00:00Z', 'raw_event_export.requested', 'bob@acme.example', { projectId: '3001' }),
    ev('sc-exp-3', '2026-06-05T10:00:00Z', 'profile_export.downloaded', 'cy@acme.example', { projectId: '3101' }),
    ev('sc-exp-4', '2026-06-05T11:00:00Z', 'board.exported', 'cy@acme.example', { projectId: '3101', entityName: 'Revenue board' }),
    ev('sc-exp-5', '2026-06-05T12:00:00Z', 'board.public_access_updated', 'cy@acme.example', { projectId: '3101', entityName: 'Revenue board' }),
    // A GDPR deletion request.
    ev('sc-del-1', '2026-06-06T08:00:00Z', 'user_data_deletion.created', 'ada@acme.example', { projectId: '3001' }),
  ];
}

export const FIXTURE_CREDENTIALS = {
  username: 'scanner.0b9e77.mp-service-account',
  secret: 'Sx7-fixture-secret-9a8b7c6d5e4f',
  scimToken: 'scim-fixture-token-41e2f9b07c',
} as const;
