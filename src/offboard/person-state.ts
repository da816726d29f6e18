import { toInstant } from '../core/duration.js';
import type { SliceUse } from '../engine/result.js';
import type { AuditEvent, Member, OrgRole, OrgState, Project, RosterEntry, SliceName } from '../state/org-state.js';
import { engagementStatus, type EngagementStatus } from './engagement.js';
import { readSlice, type SliceRead } from './slices.js';

/** A project the person can open, and how: their own grant, a team's, or the project's default for every member. */
export interface ProjectAccess {
  projectId: string;
  projectName: string | null;
  role: string;
  /** `unknown`: the source lists the grant but cannot tell a direct grant from a team's. */
  via: 'direct' | 'team' | 'default' | 'unknown';
  teamId?: string;
  teamName?: string | null;
  sensitive?: boolean;
}

export interface TeamMembership {
  id: string;
  name: string | null;
}

export interface DataViewAccess {
  projectId: string;
  projectName: string | null;
  dataViewId: string;
  dataViewName: string;
  via: 'direct' | 'team';
  teamId?: string;
}

export interface CreatedServiceAccount {
  id: string;
  username: string;
  created: string;
  expires: string | null;
  lastUsed: string | null;
  /** Not expired at the time of the reading. */
  active: boolean;
  projects: { projectId: string; projectName: string | null; role: string; hasSensitiveAccess?: boolean }[];
  /** The owner recorded in the serviceAccountOwners attestation, if any other than the person. */
  newOwner: { owner: string; purpose: string } | null;
}

export interface MembershipRecord {
  /** null: the member source did not say. */
  status: 'active' | 'invited' | null;
  /** null: the member source did not say (a member list read from SCIM). */
  orgRole: OrgRole | null;
  userId: string | null;
  createdAt: string | null;
  invitedAt: string | null;
  lastActive: string | null;
  twoFactorEnabled: boolean | null;
  ssoLogin: boolean | null;
}

/** One person's access and footprint in the organization at one moment: "document current state". */
export interface PersonState {
  email: string;
  name: string | null;
  /** null: not in the member list (see `sources.members` for whether the list could be read). */
  member: MembershipRecord | null;
  /** Direct and team grants: what the runbook calls project assignments. */
  projects: ProjectAccess[];
  /** Projects that give every organization member a role: reachable as long as the account exists. */
  defaultAccess: ProjectAccess[];
  teams: TeamMembership[];
  dataViews: DataViewAccess[];
  serviceAccounts: CreatedServiceAccount[];
  /** Service accounts whose creator is not recorded: they may be the person's. */
  serviceAccountsOfUnknownCreator: { id: string; username: string }[];
  scim: { id: string; userName: string; active: boolean } | null;
  roster: RosterEntry | null;
  engagement: EngagementStatus | null;
  activity: {
    lastActive: string | null;
    lastEvent: { created: string; type: string } | null;
    /** Audit-log events by the person within the log's window, oldest first. */
    events: AuditEvent[];
    window: { start: string; end: string } | null;
  };
  /** Other members who may be the same person (the runbook's "multiple similar accounts"). */
  similarAccounts: string[];
  /** How each slice this description used could be read. */
  sources: SliceUse[];
  /**
   * What the sources could not tell for a person who is still a member: an empty `projects`,
   * `teams` or `dataViews` list then means "not known", never "none" (a members export without a
   * Projects or Teams column, a team or data view listed without its members).
   */
  unknown: UnknownAspect[];
}

export type UnknownAspect = 'projects' | 'teams' | 'dataViews' | 'defaultAccess';

export const PERSON_SLICES = ['members', 'teams', 'projects', 'serviceAccounts', 'serviceAccountOwners', 'scimUsers', 'auditLog', 'roster'] as const satisfies readonly SliceName[];

/** What a person's description needs from the state, read once for many people. */
export interface StateIndex {
  now: number;
  reads: { [K in (typeof PERSON_SLICES)[number]]: SliceRead<K> };
  projectsById: Map<string, Project>;
  teamName: (id: string) => string | null;
}

export function indexState(state: OrgState, now: number): StateIndex {
  const reads = {
    members: readSlice(state, 'members', now),
    teams: readSlice(state, 'teams', now),
    projects: readSlice(state, 'projects', now),
    serviceAccounts: readSlice(state, 'serviceAccounts', now),
    serviceAccountOwners: readSlice(state, 'serviceAccountOwners', now),
    scimUsers: readSlice(state, 'scimUsers', now),
    auditLog: readSlice(state, 'auditLog', now),
    roster: readSlice(state, 'roster', now),
  };
  const projectsById = new Map((reads.projects.data ?? []).map((p) => [p.id, p]));
  const teamNames = new Map((reads.teams.data ?? []).map((t) => [t.id, t.name]));
  return { now, reads, projectsById, teamName: (id) => teamNames.get(id) ?? null };
}

/** `a+tag@x` and `a@x` are one mailbox at most providers. */
function mailboxKey(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.split('+')[0]}@${domain}`;
}

function localPart(email: string): string {
  return mailboxKey(email).split('@')[0] ?? '';
}

function similar(members: Member[], email: string, name: string | null): string[] {
  const key = mailboxKey(email);
  const local = localPart(email);
  const lowerName = name?.trim().toLowerCase();
  return members
    .filter((m) => m.email !== email)
    .filter((m) => mailboxKey(m.email) === key || (local.length >= 3 && localPart(m.email) === local) || (lowerName !== undefined && lowerName !== '' && m.name?.trim().toLowerCase() === lowerName))
    .map((m) => m.email)
    .sort();
}

function projectName(index: StateIndex, id: string): string | null {
  return index.projectsById.get(id)?.name ?? null;
}

function byProjectThenVia(a: ProjectAccess, b: ProjectAccess): number {
  return a.projectId.localeCompare(b.projectId, 'en', { numeric: true }) || a.via.localeCompare(b.via) || (a.teamId ?? '').localeCompare(b.teamId ?? '');
}

/**
 * Describes one person from a state. Pure: everything comes from `index` (built from one state at one
 * `now`). `knownUserId` lets a description after deletion still find the person's audit events by id.
 */
export function describePerson(index: StateIndex, rawEmail: string, knownUserId?: string | null): PersonState {
  const email = rawEmail.trim().toLowerCase();
  const { reads } = index;
  const members = reads.members.data ?? [];
  const member = members.find((m) => m.email === email) ?? null;
  const rosterEntry = (reads.roster.data ?? []).find((r) => r.email === email) ?? null;
  const scimUser = (reads.scimUsers.data ?? []).find((u) => u.email === email || u.userName.toLowerCase() === email) ?? null;
  const name = member?.name ?? rosterEntry?.name ?? null;
  const userId = member?.userId ?? knownUserId ?? null;

  // Teams: the member record names them, and the teams slice lists members; either is enough.
  const teamIds = new Set(member?.teams ?? []);
  for (const t of reads.teams.data ?? []) if (t.members?.includes(email) === true) teamIds.add(t.id);
  const teams = [...teamIds].sort().map((id) => ({ id, name: index.teamName(id) }));

  const projects: ProjectAccess[] = [];
  const seen = new Set<string>();
  const add = (p: ProjectAccess) => {
    const key = `${p.projectId}|${p.via}|${p.teamId ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    const project = index.projectsById.get(p.projectId);
    projects.push({ ...p, projectName: project?.name ?? null, ...(project ? { sensitive: project.sensitive } : {}) });
  };
  for (const g of member?.projectRoles ?? []) {
    add({ projectId: g.projectId, projectName: null, role: g.role, via: g.via ?? 'unknown', ...(g.team ? { teamId: g.team, teamName: index.teamName(g.team) } : {}) });
  }
  for (const t of reads.teams.data ?? []) {
    if (!teamIds.has(t.id)) continue;
    for (const g of t.projectRoles) add({ projectId: g.projectId, projectName: null, role: g.role, via: 'team', teamId: t.id, teamName: t.name });
  }
  projects.sort(byProjectThenVia);

  // Default access reaches any account that still exists, whatever its grants.
  const defaultAccess: ProjectAccess[] = member
    ? (reads.projects.data ?? [])
        .filter((p) => p.defaultAccessRole !== undefined && p.defaultAccessRole !== null)
        .map((p) => ({ projectId: p.id, projectName: p.name, role: String(p.defaultAccessRole), via: 'default' as const, sensitive: p.sensitive }))
        .sort(byProjectThenVia)
    : [];

  const dataViews: DataViewAccess[] = [];
  for (const p of reads.projects.data ?? []) {
    for (const v of p.dataViews ?? []) {
      if (v.members?.includes(email)) dataViews.push({ projectId: p.id, projectName: p.name, dataViewId: v.id, dataViewName: v.name, via: 'direct' });
      for (const t of v.teams ?? []) {
        if (teamIds.has(t)) dataViews.push({ projectId: p.id, projectName: p.name, dataViewId: v.id, dataViewName: v.name, via: 'team', teamId: t });
      }
    }
  }

  const unknown: UnknownAspect[] = [];
  if (member) {
    const teamsListed = reads.teams.use.status === 'ok';
    const teamMembersUnknown = (reads.teams.data ?? []).some((t) => t.members === undefined && !(member.teams ?? []).includes(t.id));
    if (member.teams === undefined && (!teamsListed || teamMembersUnknown)) unknown.push('teams');
    if (member.projectRoles === undefined || unknown.includes('teams')) unknown.push('projects');
    const projects = reads.projects.data ?? [];
    // A project whose data views were not listed, a view listed without its members, or a view
    // shared with teams while the person's teams are unknown: data-view access is not known.
    const viewsUnknown = projects.some((p) => p.dataViews === undefined
      || p.dataViews.some((v) => v.members === undefined || v.teams === undefined || (v.teams.length > 0 && unknown.includes('teams'))));
    if (viewsUnknown) unknown.push('dataViews');
    // No Mixpanel API returns a project's default access: absent is unknown, only null says "off".
    if (projects.some((p) => p.defaultAccessRole === undefined)) unknown.push('defaultAccess');
  }

  const owners = new Map((reads.serviceAccountOwners.data ?? []).map((o) => [o.username, o]));
  const memberIds = new Set(members.flatMap((m) => (m.userId ? [m.userId] : [])));
  const createdBy = (creatorEmail: string | null | undefined, creatorId: string | null | undefined) =>
    creatorEmail?.toLowerCase() === email || (userId !== null && creatorId !== undefined && creatorId !== null && creatorId === userId);
  const serviceAccounts: CreatedServiceAccount[] = [];
  const serviceAccountsOfUnknownCreator: { id: string; username: string }[] = [];
  for (const sa of reads.serviceAccounts.data ?? []) {
    if (createdBy(sa.creatorEmail, sa.creatorId)) {
      const expires = toInstant(sa.expires);
      const owner = owners.get(sa.username);
      serviceAccounts.push({
        id: sa.id,
        username: sa.username,
        created: sa.created,
        expires: sa.expires ?? null,
        lastUsed: sa.lastUsed ?? null,
        active: expires === undefined || expires > index.now,
        projects: sa.projects.map((g) => ({ projectId: g.projectId, projectName: projectName(index, g.projectId), role: g.role, ...(g.hasSensitiveAccess === undefined ? {} : { hasSensitiveAccess: g.hasSensitiveAccess }) })),
        newOwner: owner && owner.owner.trim().toLowerCase() !== email ? { owner: owner.owner, purpose: owner.purpose } : null,
      });
    } else if ((sa.creatorEmail === undefined || sa.creatorEmail === null) && (sa.creatorId === undefined || sa.creatorId === null || (userId === null && !memberIds.has(sa.creatorId)))) {
      // Live collection records creators by id only: once the person is deleted, an id that is no
      // current member's may be theirs (a plan from before the removal supplies their id).
      serviceAccountsOfUnknownCreator.push({ id: sa.id, username: sa.username });
    }
  }

  const log = reads.auditLog.data;
  const events = (log?.events ?? [])
    .filter((e) => e.userEmail?.toLowerCase() === email || (userId !== null && e.userId === userId))
    .sort((a, b) => (toInstant(a.created) ?? 0) - (toInstant(b.created) ?? 0));
  const last = events.at(-1);

  return {
    email,
    name,
    member: member
      ? {
          status: member.status ?? null,
          orgRole: member.orgRole ?? null,
          userId: member.userId ?? null,
          createdAt: member.createdAt ?? null,
          invitedAt: member.invitedAt ?? null,
          lastActive: member.lastActive ?? null,
          twoFactorEnabled: member.twoFactorEnabled ?? null,
          ssoLogin: member.ssoLogin ?? null,
        }
      : null,
    projects,
    defaultAccess,
    teams,
    dataViews,
    serviceAccounts,
    serviceAccountsOfUnknownCreator,
    scim: scimUser ? { id: scimUser.id, userName: scimUser.userName, active: scimUser.active } : null,
    roster: rosterEntry,
    engagement: rosterEntry ? engagementStatus(rosterEntry, member !== null, index.now) : null,
    activity: {
      lastActive: member?.lastActive ?? null,
      lastEvent: last ? { created: last.created, type: last.type } : null,
      events,
      window: log?.window ?? null,
    },
    similarAccounts: similar(members, email, name),
    sources: PERSON_SLICES.map((s) => index.reads[s].use),
    unknown,
  };
}
