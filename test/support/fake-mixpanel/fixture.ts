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
}

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

export const FIXTURE_CREDENTIALS = {
  username: 'scanner.0b9e77.mp-service-account',
  secret: 'Sx7-fixture-secret-9a8b7c6d5e4f',
  scimToken: 'scim-fixture-token-41e2f9b07c',
} as const;
