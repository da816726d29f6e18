/**
 * Synthetic Mixpanel organizations for the benchmark (`npm run bench`) and for scale tests.
 *
 * One seed, one organization: the generator draws every value from a seeded PRNG and reads no clock,
 * so two runs with the same options produce byte-identical state files and comparable timings.
 * The shapes follow what large customers look like: most members on the company's claimed domains
 * and signed in through SSO, a few percent of collaborators tracked in a roster, project access
 * mostly through teams, project and team popularity skewed (a few big ones, many small ones), a
 * handful of service accounts per hundred people, an audit log of a quarter, and the attested
 * settings an administrator supplies. `violationRate` sets the share of resources that are given
 * each kind of flaw a check looks for, so the report has findings in proportion to the org's size.
 */
import { formatInstant } from '../core/duration.js';
import {
  STATE_SCHEMA_VERSION,
  type Attestation,
  type AuditEvent,
  type DataView,
  type Environment,
  type LexiconProperty,
  type Member,
  type OrgRole,
  type OrgState,
  type Project,
  type ProjectGrant,
  type Provenance,
  type RosterEntry,
  type ScimUser,
  type ServiceAccount,
  type ServiceAccountOwner,
  type Slice,
  type Team,
} from '../state/org-state.js';
import { Random } from './random.js';

export interface GenerateOptions {
  /** Organization members (active and invited). Everything else is sized from it. */
  members: number;
  seed?: number;
  /** Share (0..1) of resources given each kind of violation. */
  violationRate?: number;
  /** The instant the organization is observed at; also the scan's `--now`. */
  now?: string;
  /** Audit-log events per member over the 90-day window. */
  auditEventsPerMember?: number;
  /** Which flaws are common (default `bench`); see PROFILES. */
  profile?: Profile;
}

/** How many of each resource an organization of this size gets. */
export interface OrgShape {
  members: number;
  projects: number;
  serviceAccounts: number;
  teams: number;
  auditEvents: number;
  lexiconPerProject: number;
}

export const DEFAULT_NOW = '2026-06-01T00:00:00Z';
export const DEFAULT_SEED = 20260601;
export const DEFAULT_VIOLATION_RATE = 0.02;

const DAY = 86_400_000;

export function orgShape(opts: GenerateOptions): OrgShape {
  const n = Math.max(10, Math.floor(opts.members));
  return {
    members: n,
    // Projects about 2% and service accounts about 5% of members, as the benchmark brief asks.
    projects: Math.max(3, Math.round(n * 0.02)),
    serviceAccounts: Math.max(2, Math.round(n * 0.05)),
    // Teams of 25 people on average; sizes are skewed by the Zipf draw below.
    teams: Math.max(3, Math.round(n / 25)),
    auditEvents: Math.round(n * (opts.auditEventsPerMember ?? 2)),
    lexiconPerProject: 8,
  };
}

const FIRST = ['ada', 'ben', 'chen', 'dara', 'eli', 'fatima', 'gus', 'hana', 'ivan', 'jo', 'kai', 'lena', 'mo', 'nia', 'omar', 'pia', 'quinn', 'raj', 'sara', 'tom', 'uma', 'vik', 'wen', 'xavi', 'yara', 'zoe'];
const LAST = ['abe', 'berg', 'costa', 'diaz', 'eze', 'fox', 'garcia', 'hill', 'ito', 'jones', 'kim', 'lopez', 'meyer', 'nowak', 'okafor', 'park', 'quist', 'rossi', 'silva', 'tanaka', 'ueda', 'vance', 'wu', 'xu', 'young', 'zhang'];
const PRODUCTS = ['web', 'ios', 'android', 'checkout', 'search', 'growth', 'billing', 'onboarding', 'ads', 'support', 'data', 'api'];
const DEPARTMENTS = ['eng', 'product', 'design', 'marketing', 'sales', 'support', 'finance', 'data', 'ops', 'security'];
const PARTNERS = ['partner-a.example', 'partner-b.example', 'agency-c.example', 'studio-d.example'];
const COMPANY = 'acme.example';
const LABS = 'acme-labs.example';
const PENDING = 'acme-eu.example';
const PERSONAL = 'mail.example';
const EVENT_TYPES = {
  'user.login': 70,
  'dashboard.updated': 8,
  'report.created': 6,
  'project.updated': 3,
  'invitation.sent': 3,
  'data_view.updated': 2,
  'service_account.created': 1,
  'user.role_changed': 1.5,
  'user.twofactor_disabled': 0.3,
  'organization_access_security.twofactor_disabled': 0.02,
} as const;

interface Ctx {
  rnd: Random;
  now: number;
  v: number;
  /** Share of (not invited) members last active over 90 days ago. */
  dormant: number;
  /** Share of service accounts given each kind of flaw. */
  saV: number;
}

/**
 * `bench`: every kind of flaw at the violation rate. `finding-heavy`: most members dormant and most
 * service accounts flawed, as in an organization that never cleaned up: the findings, not the
 * resources, are what grows, and that is what the report and evidence cost scales with.
 */
export const PROFILES = ['bench', 'finding-heavy'] as const;
export type Profile = (typeof PROFILES)[number];
const FINDING_HEAVY = { dormant: 0.7, serviceAccountViolationRate: 0.8 };

function at(ms: number): string {
  return formatInstant(Math.floor(ms / 1000) * 1000);
}

function ago(ctx: Ctx, days: number): string {
  return at(ctx.now - days * DAY);
}

function okSlice<T>(provenance: Provenance, data: T): Slice<T> {
  return { status: 'ok', provenance, data };
}

function genProjects(ctx: Ctx, shape: OrgShape): Project[] {
  const { rnd, v } = ctx;
  const projects: Project[] = [];
  for (let i = 0; i < shape.projects; i++) {
    const id = String(2_000_000 + i * 37);
    const environment: Environment | null = rnd.chance(v)
      ? null
      : rnd.weighted({ production: 35, staging: 25, development: 25, test: 10, other: 5 });
    const views: DataView[] = [{ id: `${id}-all`, name: 'All Project Data', isGlobal: true, editingRestricted: false, hasAllOrgMembers: false }];
    if (rnd.chance(0.3)) {
      views.push({ id: `${id}-eu`, name: 'EU users only', isGlobal: false, editingRestricted: true, hasAllOrgMembers: false, teams: [`team-${rnd.int(0, shape.teams - 1)}`] });
    }
    projects.push({
      id,
      name: `${rnd.pick(PRODUCTS)}-${rnd.pick(PRODUCTS)} ${i}`,
      region: rnd.weighted({ US: 80, EU: 18, IN: 2 }),
      environment,
      sensitive: rnd.chance(0.1),
      defaultAccessRole: rnd.chance(v) ? 'consumer' : null,
      dataViews: views,
    });
  }
  return projects;
}

function genTeams(ctx: Ctx, shape: OrgShape, projects: Project[]): Team[] {
  const { rnd } = ctx;
  const teams: Team[] = [];
  for (let i = 0; i < shape.teams; i++) {
    const grants: Team['projectRoles'] = [];
    const n = rnd.int(1, 3);
    for (let g = 0; g < n; g++) {
      // Teams grant working roles; project administration is granted to people directly.
      grants.push({ projectId: projects[rnd.zipf(projects.length)]!.id, role: rnd.weighted({ analyst: 60, consumer: 40 }) });
    }
    teams.push({ id: `team-${i}`, name: `${rnd.pick(DEPARTMENTS)} ${i}`, members: [], projectRoles: grants });
  }
  return teams;
}

interface People {
  members: Member[];
  /** Collaborators who are members, for the roster. */
  collaborators: { email: string; name: string; stillAfterEnd: boolean }[];
}

function genMembers(ctx: Ctx, shape: OrgShape, projects: Project[], teams: Team[]): People {
  const { rnd, v } = ctx;
  const members: Member[] = [];
  const collaborators: People['collaborators'] = [];
  const admins = 4 + Math.round(shape.members * v * 0.01);
  for (let i = 0; i < shape.members; i++) {
    const first = rnd.pick(FIRST);
    const last = rnd.pick(LAST);
    const name = `${first[0]!.toUpperCase()}${first.slice(1)} ${last[0]!.toUpperCase()}${last.slice(1)}`;
    const privileged = i < 3 + admins + 2;
    const collaborator = !privileged && rnd.chance(0.06);
    let domain = COMPANY;
    if (collaborator) domain = rnd.chance(0.3) ? rnd.pick(PARTNERS) : COMPANY;
    else if (!privileged && rnd.chance(v)) domain = rnd.chance(0.5) ? PERSONAL : PENDING;
    else if (rnd.chance(0.05)) domain = LABS;
    const email = `${first}.${last}${i}@${domain}`;
    const orgRole: OrgRole = i < 3 ? 'owner' : i < 3 + admins ? 'admin' : i < 3 + admins + 2 ? 'billing_admin' : 'member';
    const invited = !privileged && rnd.chance(0.03);
    const onSso = domain === COMPANY || domain === LABS;
    // Privileged members break the MFA rule only at the violation rate; everyone else varies more.
    const weakAuth = rnd.chance(privileged ? v : 0.1);
    let lastActive: string | null;
    const roll = rnd.next();
    if (invited) lastActive = null;
    else if (roll < ctx.dormant) lastActive = ago(ctx, rnd.int(91, 400));
    else if (roll < ctx.dormant + 0.01) lastActive = null;
    else lastActive = ago(ctx, Math.min(80, rnd.exponential(6)));
    const memberTeams: string[] = [];
    const grants: ProjectGrant[] = [];
    const teamCount = invited ? 0 : rnd.int(1, 2);
    for (let t = 0; t < teamCount; t++) {
      const team = teams[rnd.zipf(teams.length)]!;
      if (memberTeams.includes(team.id)) continue;
      memberTeams.push(team.id);
      team.members!.push(email);
      for (const g of team.projectRoles) grants.push({ projectId: g.projectId, role: g.role, via: 'team', team: team.id });
    }
    if (rnd.chance(0.08) || invited) {
      grants.push({ projectId: projects[rnd.zipf(projects.length)]!.id, role: rnd.weighted({ analyst: 70, consumer: 22, admin: 7, owner: 1 }), via: 'direct' });
    }
    const createdDaysAgo = rnd.int(100, 1800);
    members.push({
      email,
      name,
      userId: String(10_000_000 + i),
      orgRole,
      status: invited ? 'invited' : 'active',
      ...(invited ? { invitedAt: ago(ctx, rnd.exponential(7)) } : {}),
      twoFactorEnabled: !weakAuth && rnd.chance(0.9),
      ssoLogin: onSso && !weakAuth,
      lastActive,
      createdAt: ago(ctx, invited ? 0 : createdDaysAgo),
      projectRoles: grants,
      teams: memberTeams,
    });
    if (collaborator) collaborators.push({ email, name, stillAfterEnd: rnd.chance(v) });
  }
  return { members, collaborators };
}

function genServiceAccounts(ctx: Ctx, shape: OrgShape, projects: Project[], members: Member[]): { accounts: ServiceAccount[]; owners: ServiceAccountOwner[] } {
  const { rnd } = ctx;
  const v = ctx.saV;
  const accounts: ServiceAccount[] = [];
  const owners: ServiceAccountOwner[] = [];
  const production = projects.filter((p) => p.environment === 'production');
  const other = projects.filter((p) => p.environment !== null && p.environment !== 'production');
  for (let i = 0; i < shape.serviceAccounts; i++) {
    const createdDays = Math.min(900, rnd.exponential(120));
    const created = ctx.now - createdDays * DAY;
    const lifetime = rnd.chance(v) ? null : Number(rnd.weighted({ 90: 60, 180: 25, 365: 14, 400: 1 }));
    const lastUsedRoll = rnd.next();
    const lastUsed = lastUsedRoll < v ? null : lastUsedRoll < 2 * v ? ago(ctx, rnd.int(91, 300)) : at(Math.max(created, ctx.now - rnd.exponential(3) * DAY));
    const home = rnd.chance(0.6) && production.length > 0 ? rnd.pick(production) : rnd.pick(other.length > 0 ? other : projects);
    const grants: ServiceAccount['projects'] = [{ projectId: home.id, role: rnd.weighted({ consumer: 55, analyst: 45 }), hasSensitiveAccess: rnd.chance(v), targetType: 'individual' }];
    if (rnd.chance(v)) {
      // Spans environments: a pipeline credential reused between staging and production.
      const extra = home.environment === 'production' ? rnd.pick(other.length > 0 ? other : projects) : rnd.pick(production.length > 0 ? production : projects);
      grants.push({ projectId: extra.id, role: rnd.chance(0.5) ? 'admin' : 'analyst', hasSensitiveAccess: false, targetType: 'individual' });
    }
    const creator = members[rnd.int(0, Math.min(members.length, 500) - 1)]!;
    const formerCreator = rnd.chance(v);
    const username = `svc-${rnd.pick(PRODUCTS)}-${rnd.pick(['etl', 'export', 'ingest', 'sync', 'ci', 'warehouse'])}-${i}`;
    accounts.push({
      id: String(900_000 + i),
      username,
      created: at(created),
      expires: lifetime === null ? null : at(created + lifetime * DAY),
      lastUsed,
      creatorId: formerCreator ? String(99_000_000 + i) : creator.userId ?? null,
      creatorEmail: formerCreator ? `former.owner${i}@${COMPANY}` : creator.email,
      orgRole: rnd.chance(v / 2) ? 'admin' : null,
      projects: grants,
    });
    if (!rnd.chance(v)) owners.push({ username, owner: creator.email, purpose: `${rnd.pick(['nightly', 'hourly', 'on-demand'])} ${rnd.pick(['export to the warehouse', 'ingestion', 'CI checks', 'CRM sync'])}` });
  }
  return { accounts, owners };
}

function genScim(ctx: Ctx, members: Member[]): ScimUser[] {
  const { rnd, v } = ctx;
  const users: ScimUser[] = [];
  let id = 0;
  for (const m of members) {
    const domain = m.email.slice(m.email.indexOf('@') + 1);
    if (domain !== COMPANY && domain !== LABS) continue;
    // A member deactivated in the IdP whose Mixpanel account survived: the deprovisioning gap.
    const active = !(m.status === 'active' && rnd.chance(v / 4));
    users.push({ id: `scim-${id++}`, userName: m.email, email: m.email, active });
  }
  // People who left: deactivated in the IdP and gone from Mixpanel.
  const leavers = Math.round(members.length * 0.04);
  for (let i = 0; i < leavers; i++) {
    const email = `left.${rnd.pick(FIRST)}${i}@${COMPANY}`;
    users.push({ id: `scim-${id++}`, userName: email, email, active: false });
  }
  return users;
}

function genRoster(ctx: Ctx, people: People): RosterEntry[] {
  const { rnd, v } = ctx;
  const roster: RosterEntry[] = [];
  const type = () => rnd.weighted({ contractor: 60, agency: 30, temporary: 10 } as const);
  for (const c of people.collaborators) {
    const openEnded = rnd.chance(v);
    const end = c.stillAfterEnd ? ago(ctx, rnd.int(2, 60)) : openEnded ? null : at(ctx.now + rnd.int(10, 300) * DAY);
    const domain = c.email.slice(c.email.indexOf('@') + 1);
    roster.push({ email: c.email, name: c.name, type: type(), organization: domain, engagementEnd: end, approver: `manager${rnd.int(1, 40)}@${COMPANY}`, ticket: `IAM-${rnd.int(1000, 99999)}` });
  }
  // Engagements that ended and whose access was removed: they stay in the tracker as records.
  const former = Math.round(people.members.length * 0.02);
  for (let i = 0; i < former; i++) {
    roster.push({ email: `ex.contractor${i}@${rnd.pick(PARTNERS)}`, type: type(), engagementEnd: ago(ctx, rnd.int(2, 700)), approver: `manager${rnd.int(1, 40)}@${COMPANY}`, ticket: `IAM-${rnd.int(1000, 99999)}` });
  }
  return roster;
}

function genAuditEvents(ctx: Ctx, shape: OrgShape, members: Member[], projects: Project[]): AuditEvent[] {
  const { rnd } = ctx;
  const active = members.filter((m) => m.status === 'active');
  const times: number[] = [];
  for (let i = 0; i < shape.auditEvents; i++) times.push(ctx.now - rnd.next() * 90 * DAY);
  // Newest first, as the audit-log API returns them.
  times.sort((a, b) => b - a);
  const events: AuditEvent[] = [];
  for (let i = 0; i < shape.auditEvents; i++) {
    const m = active[rnd.zipf(active.length)]!;
    const type = rnd.weighted(EVENT_TYPES);
    const project = type === 'user.login' || type.startsWith('organization') ? null : projects[rnd.zipf(projects.length)]!;
    const payload: Record<string, unknown> = type === 'user.role_changed'
      ? { from: 'analyst', to: rnd.pick(['admin', 'consumer', 'owner']) }
      : { ip: `10.${rnd.int(0, 255)}.${rnd.int(0, 255)}.${rnd.int(1, 254)}` };
    events.push({
      id: `evt-${String(i).padStart(8, '0')}`,
      created: at(times[i]!),
      type,
      userEmail: m.email,
      userId: m.userId ?? null,
      projectId: project ? project.id : null,
      entityName: project ? project.name : null,
      payload,
    });
  }
  return events;
}

function genLexicon(ctx: Ctx, shape: OrgShape, projects: Project[]): LexiconProperty[] {
  const { rnd, v } = ctx;
  const names = ['$email', '$name', 'plan', 'country', 'utm_source', 'device', 'order_value', 'account_id', '$phone', 'birthdate'];
  const out: LexiconProperty[] = [];
  for (const p of projects) {
    for (let i = 0; i < shape.lexiconPerProject; i++) {
      const name = names[i % names.length]!;
      const pii = ['$email', '$name', '$phone', 'birthdate'].includes(name);
      out.push({ projectId: p.id, entity: i % 2 === 0 ? 'user' : 'event', name, sensitive: pii, hidden: pii && !rnd.chance(v * 5), dropped: false });
    }
  }
  return out;
}

/** A full organization state, valid against schemas/org-state.schema.json. Deterministic. */
export function generateOrg(opts: GenerateOptions): OrgState {
  const shape = orgShape(opts);
  const nowText = opts.now ?? DEFAULT_NOW;
  const v = opts.violationRate ?? DEFAULT_VIOLATION_RATE;
  const heavy = opts.profile === 'finding-heavy';
  const ctx: Ctx = { rnd: new Random(opts.seed ?? DEFAULT_SEED), now: Date.parse(nowText), v, dormant: heavy ? FINDING_HEAVY.dormant : v, saV: heavy ? FINDING_HEAVY.serviceAccountViolationRate : v };
  if (Number.isNaN(ctx.now)) throw new Error(`not a date-time: ${nowText}`);
  if (!(ctx.v >= 0 && ctx.v <= 1)) throw new Error(`violationRate must be within 0..1: ${ctx.v}`);
  const collectedAt = ago(ctx, 0);
  const attestation: Attestation = { attestedBy: `ciso@${COMPANY}`, attestedAt: ago(ctx, 30), evidence: 'https://tickets.acme.example/SEC-1042', expires: at(ctx.now + 335 * DAY) };
  const api = (detail: string): Provenance => ({ source: 'api', collectedAt, detail });
  const attested = (section: string): Provenance => ({ source: 'attestation', collectedAt, detail: `attestations.yaml#${section}`, attestation });

  const projects = genProjects(ctx, shape);
  const teams = genTeams(ctx, shape, projects);
  const people = genMembers(ctx, shape, projects, teams);
  const { accounts, owners } = genServiceAccounts(ctx, shape, projects, people.members);
  const scimUsers = genScim(ctx, people.members);
  const roster = genRoster(ctx, people);
  const events = genAuditEvents(ctx, shape, people.members, projects);
  const lexicon = genLexicon(ctx, shape, projects);
  const ownerEmails = people.members.filter((m) => m.orgRole === 'owner').map((m) => m.email);

  return {
    schemaVersion: STATE_SCHEMA_VERSION,
    generatedAt: collectedAt,
    generator: { name: 'mixpanel-hardening bench generate-org', version: `seed ${opts.seed ?? DEFAULT_SEED}` },
    organization: { id: '4242', name: `Synthetic Org (${shape.members} members)`, region: 'US', plan: 'Enterprise' },
    slices: {
      projects: okSlice(api('GET /api/app/me'), projects),
      members: okSlice({ source: 'export', collectedAt, detail: 'users-and-teams.csv' }, people.members),
      teams: okSlice({ source: 'export', collectedAt, detail: 'users-and-teams.csv' }, teams),
      serviceAccounts: okSlice(api('GET /api/app/organizations/4242/service-accounts'), accounts),
      scimUsers: okSlice({ source: 'scim', collectedAt, detail: 'GET /api/app/scim/v2/Users' }, scimUsers),
      auditLog: okSlice({ source: 'audit-log', collectedAt, detail: 'POST /v1/organizations/4242/audit-logs/query' }, { window: { start: ago(ctx, 90), end: collectedAt }, events }),
      roster: okSlice({ source: 'export', collectedAt, detail: 'iam-tracker.csv' }, roster),
      lexicon: okSlice(api('GET /api/app/projects/{pid}/schemas'), lexicon),
      sso: okSlice(attested('sso'), {
        configured: true,
        enforced: true,
        claimedDomains: [{ domain: COMPANY, verified: true }, { domain: LABS, verified: true }, { domain: PENDING, verified: false }],
        breakGlassAccounts: [{ email: `breakglass@${COMPANY}`, documented: true }],
      }),
      twoFactor: okSlice(attested('twoFactor'), { requiredOrgWide: false }),
      idpMfa: okSlice(attested('idpMfa'), { phishingResistantForAdmins: true, method: 'FIDO2 security keys' }),
      accessRequests: okSlice(attested('accessRequests'), { enabled: true, approvers: ownerEmails }),
      scim: okSlice(attested('scim'), { enabled: true, idp: 'Okta' }),
      projectSecrets: okSlice(attested('projectSecrets'), { inUse: false }),
      accessReview: okSlice(attested('accessReview'), { lastCompleted: ago(ctx, 40), reviewer: `ciso@${COMPANY}` }),
      adminMonitoring: okSlice(attested('adminMonitoring'), { alertsOnPrivilegedChanges: true, channel: '#sec-alerts' }),
      auditLogReview: okSlice(attested('auditLogReview'), { lastReviewed: ago(ctx, 20), siemExport: true, siem: 'Splunk', retentionDays: 400 }),
      dataGovernance: okSlice(attested('dataGovernance'), { piiProperties: ['$email', '$name', '$phone', 'birthdate'], deletionProcessDocumented: true, lastDeletionExercised: ago(ctx, 60) }),
      serviceAccountOwners: okSlice(attested('serviceAccountOwners'), owners),
    },
  };
}
