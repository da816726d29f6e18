import { formatInstant, toInstant } from '../core/duration.js';
import type { SliceUse } from '../engine/result.js';
import type { SliceName } from '../state/org-state.js';
import type { PersonState, ProjectAccess, StateIndex } from './person-state.js';
import { unreadable } from './slices.js';

export type RemovalMethod = 'delete' | 'revoke';
export const REMOVAL_METHODS: readonly RemovalMethod[] = ['delete', 'revoke'];

export type ItemStatus = 'pass' | 'fail' | 'manual' | 'error';

/** One line of the runbook's "Verify Removal", judged with the evidence that decided it. */
export interface VerificationItem {
  id: string;
  title: string;
  /** The runbook step this item verifies. */
  runbook: string;
  /** Whether the tool decides it from data (false: a person tests it and records the evidence). */
  automatic: boolean;
  status: ItemStatus;
  summary: string;
  /** Each access or footprint still there, named: empty unless the item fails. */
  remaining: string[];
  /** The facts the verdict rests on. */
  evidence: Record<string, unknown>;
  /** The slices read, with how they could be read. */
  sources: SliceUse[];
  /** For manual items: what the administrator recorded with --attest (null: still to be filled in). */
  attestation?: string | null;
}

export interface VerifyOptions {
  method: RemovalMethod;
  /** When access was removed; activity after it is a failure. */
  removedAt?: number;
  /** Evidence for manual items, by item id. */
  attestations: Readonly<Record<string, string>>;
}

/** Manual items: what no API can show, with the runbook's words for the test to run. */
export const MANUAL_ITEMS = [
  { id: 'sso-login-fails', title: 'SSO login fails', runbook: '5. Remove SSO/SCIM Access; 6. Verify Removal', how: 'Have the person (or a test with their IdP account) try to sign in through SSO and record the failure: screenshot or IdP sign-in log entry.' },
  { id: 'api-tokens-rejected', title: 'API tokens return 401', runbook: '6. Verify Removal; Post-Removal Clean-Up', how: 'Call the API with each token or secret the person used and record the 401 (allow about 30 minutes of grace), or record that they had none.' },
  { id: 'reports-not-sent', title: 'Automated reports no longer go to the person', runbook: '6. Verify Removal', how: 'Check scheduled reports, alerts and exports for the person as recipient and record what was changed.' },
  { id: 'notifications-clean', title: 'Notifications no longer mention the person', runbook: '6. Verify Removal', how: 'Check Slack integrations, webhooks and distribution lists and record what was changed.' },
] as const;

export const MANUAL_ITEM_IDS: readonly string[] = MANUAL_ITEMS.map((m) => m.id);

function label(name: string | null | undefined, id: string): string {
  return name ? `${name} (${id})` : id;
}

function projectAccessText(p: ProjectAccess): string {
  const via = p.via === 'team' ? `through team ${label(p.teamName, p.teamId ?? '?')}` : p.via === 'default' ? 'default access for every member' : p.via === 'unknown' ? 'a grant (direct or through a team)' : 'direct grant';
  return `project ${label(p.projectName, p.projectId)}: ${p.role}, ${via}`;
}

type Verdict = Pick<VerificationItem, 'status' | 'summary' | 'remaining' | 'evidence'>;

/**
 * The first slice in `needed` that stops a verdict: unreadable gives `error`; missing or stale gives
 * `onMissing` (`error` for a source the item cannot do without, `manual` where a person can look).
 */
function blocked(uses: SliceUse[], onMissing: 'error' | 'manual'): Verdict | undefined {
  const bad = uses.find((u) => u.status !== 'ok');
  if (!bad) return undefined;
  const status = unreadable(bad) ? 'error' : onMissing;
  return { status, summary: bad.reason ?? `${bad.slice} is ${bad.status}`, remaining: [], evidence: { slice: bad.slice, sliceStatus: bad.status } };
}

function item(base: { id: string; title: string; runbook: string; automatic: boolean }, sources: SliceUse[], verdict: Verdict): VerificationItem {
  return { ...base, ...verdict, sources };
}

function uses(index: StateIndex, names: SliceName[]): SliceUse[] {
  return names.map((n) => index.reads[n as keyof StateIndex['reads']].use);
}

function membershipItem(person: PersonState, index: StateIndex, method: RemovalMethod): VerificationItem {
  const sources = uses(index, ['members']);
  const m = person.member;
  if (method === 'delete') {
    const base = { id: 'member-removed', title: 'Not in the member list (no account, no pending invitation)', runbook: '4. Remove Access (Complete Deletion); 6. Verify Removal', automatic: true };
    const stop = blocked(sources, 'error');
    if (stop) return item(base, sources, stop);
    const partial = index.reads.members.incomplete;
    if (!m && partial !== undefined) return item(base, sources, { status: 'manual', summary: `${person.email} is not among the members read, but the member list is incomplete (${partial}); check Organization Settings -> Users & Teams.`, remaining: [], evidence: { member: null } });
    if (!m) return item(base, sources, { status: 'pass', summary: `${person.email} is not among the ${index.reads.members.data?.length ?? 0} members read.`, remaining: [], evidence: { member: null } });
    const what = m.status === 'invited' ? `pending invitation${m.invitedAt ? ` sent ${m.invitedAt}` : ''} (revoke it)` : `${m.status === 'active' ? 'active member' : 'member (active or invited: the source does not say)'} with organization role ${m.orgRole}`;
    return item(base, sources, { status: 'fail', summary: `${person.email} is still in the member list: ${what}.`, remaining: [`organization membership: ${what}`], evidence: { member: m } });
  }
  const base = { id: 'lowest-role', title: 'Organization role lowered to the lowest level (member)', runbook: '4. Remove Access (Permission Revocation); 6. Verify Removal', automatic: true };
  const stop = blocked(sources, 'error');
  if (stop) return item(base, sources, stop);
  const partial = index.reads.members.incomplete;
  if (!m && partial !== undefined) return item(base, sources, { status: 'manual', summary: `${person.email} is not among the members read, but the member list is incomplete (${partial}); check Organization Settings -> Users & Teams.`, remaining: [], evidence: { member: null } });
  if (!m) return item(base, sources, { status: 'pass', summary: `${person.email} is not a member at all, which is stricter than a revocation.`, remaining: [], evidence: { member: null } });
  if (m.orgRole === null) return item(base, sources, { status: 'manual', summary: `the member source does not state ${person.email}'s organization role; check Organization Settings -> Users & Teams.`, remaining: [], evidence: { member: m } });
  if (m.orgRole === 'member') return item(base, sources, { status: 'pass', summary: `${person.email} is kept with the lowest organization role (member).`, remaining: [], evidence: { member: m } });
  return item(base, sources, { status: 'fail', summary: `${person.email} still has the organization role ${m.orgRole}.`, remaining: [`organization role: ${m.orgRole}`], evidence: { member: m } });
}

function projectsItem(person: PersonState, index: StateIndex): VerificationItem {
  const base = { id: 'no-projects', title: 'Zero project assignments (direct or through a team)', runbook: '4. Remove Access; 6. Verify Removal', automatic: true };
  const sources = uses(index, ['members', 'teams', 'projects']);
  const stop = blocked(sources.slice(0, 1), 'error') ?? blocked(sources.slice(1, 2).filter(unreadable), 'error');
  if (stop) return item(base, sources, stop);
  if (person.projects.length === 0 && person.unknown.includes('projects')) {
    return item(base, sources, { status: 'manual', summary: 'No project grant is known, but the sources do not list the person\'s project grants (a members export without a Projects column, or teams without their members); check Project Settings -> Users of each project.', remaining: [], evidence: { projects: null } });
  }
  if (person.projects.length === 0) return item(base, sources, { status: 'pass', summary: 'No project is assigned to the person, directly or through a team.', remaining: [], evidence: { projects: [] } });
  return item(base, sources, { status: 'fail', summary: `${person.projects.length} project assignment(s) remain.`, remaining: person.projects.map(projectAccessText), evidence: { projects: person.projects } });
}

function defaultAccessItem(person: PersonState, index: StateIndex): VerificationItem {
  const base = { id: 'no-default-access', title: 'No project reachable through default access for every member', runbook: '4. Remove Access (Permission Revocation)', automatic: true };
  const sources = uses(index, ['members', 'projects']);
  const stopMembers = blocked(sources.slice(0, 1), 'error');
  if (stopMembers) return item(base, sources, stopMembers);
  if (!person.member) return item(base, sources, { status: 'pass', summary: 'No account is left, so no default project access applies.', remaining: [], evidence: { member: null } });
  const stop = blocked(sources.slice(1), 'manual');
  if (stop) return item(base, sources, { ...stop, summary: `${stop.summary}; check each project's default access for organization members` });
  if (person.defaultAccess.length === 0 && person.unknown.includes('defaultAccess')) {
    return item(base, sources, { status: 'manual', summary: 'No project is known to give every member a role, but some projects\' default access was not supplied (no Mixpanel API returns it; attest it per project); check Project Settings -> Access of each project.', remaining: [], evidence: { defaultAccess: null } });
  }
  if (person.defaultAccess.length === 0) return item(base, sources, { status: 'pass', summary: 'No project gives every organization member a role.', remaining: [], evidence: { defaultAccess: [] } });
  return item(base, sources, {
    status: 'fail',
    summary: `The kept account still reaches ${person.defaultAccess.length} project(s) through default access for every member.`,
    remaining: person.defaultAccess.map(projectAccessText),
    evidence: { defaultAccess: person.defaultAccess },
  });
}

function teamsItem(person: PersonState, index: StateIndex): VerificationItem {
  const base = { id: 'no-teams', title: 'No team membership left', runbook: '4. Remove Access; 6. Verify Removal', automatic: true };
  const sources = uses(index, ['members', 'teams']);
  const stop = blocked(sources.slice(0, 1), 'error') ?? blocked(sources.slice(1).filter(unreadable), 'error');
  if (stop) return item(base, sources, stop);
  const note = index.reads.teams.use.status === 'ok' ? 'member record and team lists' : 'member record only (the teams slice was not supplied)';
  if (person.teams.length === 0 && person.unknown.includes('teams')) {
    return item(base, sources, { status: 'manual', summary: 'No team membership is known, but neither the member record nor the team lists say which teams the person is in; check Organization Settings -> Teams.', remaining: [], evidence: { teams: null, basis: note } });
  }
  if (person.teams.length === 0) return item(base, sources, { status: 'pass', summary: `No team lists the person (${note}).`, remaining: [], evidence: { teams: [], basis: note } });
  return item(base, sources, { status: 'fail', summary: `${person.teams.length} team membership(s) remain.`, remaining: person.teams.map((t) => `team ${label(t.name, t.id)}`), evidence: { teams: person.teams, basis: note } });
}

function dataViewsItem(person: PersonState, index: StateIndex): VerificationItem {
  const base = { id: 'no-data-views', title: 'No data-view membership left', runbook: '4. Remove Access; 6. Verify Removal', automatic: true };
  const sources = uses(index, ['members', 'projects']);
  const stop = blocked(sources.slice(0, 1), 'error') ?? blocked(sources.slice(1).filter(unreadable), 'error');
  if (stop) return item(base, sources, stop);
  if (index.reads.projects.use.status !== 'ok') {
    if (!person.member) return item(base, sources, { status: 'pass', summary: 'No account is left; data views were not supplied, so their member lists were not read.', remaining: [], evidence: { dataViews: null } });
    return item(base, sources, { status: 'manual', summary: `${index.reads.projects.use.reason ?? 'projects were not supplied'}; check the data views of each project`, remaining: [], evidence: { dataViews: null } });
  }
  if (person.dataViews.length === 0 && person.unknown.includes('dataViews')) {
    return item(base, sources, { status: 'manual', summary: 'No data-view membership is known, but some data views were read without their member lists; check each project\'s data views.', remaining: [], evidence: { dataViews: null } });
  }
  if (person.dataViews.length === 0) return item(base, sources, { status: 'pass', summary: 'No data view lists the person or one of their teams.', remaining: [], evidence: { dataViews: [] } });
  return item(base, sources, {
    status: 'fail',
    summary: `${person.dataViews.length} data-view membership(s) remain.`,
    remaining: person.dataViews.map((v) => `data view ${label(v.dataViewName, v.dataViewId)} in project ${label(v.projectName, v.projectId)}${v.via === 'team' ? ` through team ${v.teamId}` : ''}`),
    evidence: { dataViews: person.dataViews },
  });
}

function scimItem(person: PersonState, index: StateIndex): VerificationItem {
  const base = { id: 'scim-deprovisioned', title: 'SCIM shows the user inactive or absent', runbook: '5. Remove SSO/SCIM Access', automatic: true };
  const sources = uses(index, ['scimUsers']);
  const stop = blocked(sources, 'manual');
  if (stop) return item(base, sources, { ...stop, summary: `${stop.summary}; in the IdP, confirm the user is out of every Mixpanel group and SCIM will not recreate the account` });
  const note = 'SCIM lists only users on verified claimed domains; an outside address is absent by nature.';
  if (!person.scim) return item(base, sources, { status: 'pass', summary: `No SCIM user for ${person.email}.`, remaining: [], evidence: { scimUser: null, note } });
  if (!person.scim.active) return item(base, sources, { status: 'pass', summary: `SCIM user ${person.scim.userName} is inactive.`, remaining: [], evidence: { scimUser: person.scim } });
  return item(base, sources, { status: 'fail', summary: `SCIM user ${person.scim.userName} is still active: the IdP can recreate the account.`, remaining: [`SCIM user ${person.scim.userName} (${person.scim.id}) active`], evidence: { scimUser: person.scim } });
}

function serviceAccountsItem(person: PersonState, index: StateIndex): VerificationItem {
  const base = { id: 'service-accounts-handed-over', title: 'No service account they created is still valid without a new owner', runbook: '3. Transfer Ownership; Post-Removal Clean-Up (API Tokens)', automatic: true };
  const sources = uses(index, ['serviceAccounts', 'serviceAccountOwners']);
  const stop = blocked(sources.slice(0, 1), 'manual');
  if (stop) return item(base, sources, { ...stop, summary: `${stop.summary}; check Organization Settings -> Service Accounts for accounts the person created` });
  const orphaned = person.serviceAccounts.filter((s) => s.active && !s.newOwner);
  const owners = index.reads.serviceAccountOwners.use;
  if (orphaned.length > 0 && unreadable(owners)) return item(base, sources, { status: 'error', summary: owners.reason ?? 'serviceAccountOwners could not be read', remaining: [], evidence: { serviceAccounts: person.serviceAccounts } });
  const evidence = { serviceAccounts: person.serviceAccounts, unknownCreator: person.serviceAccountsOfUnknownCreator, ownersAttestation: { status: owners.status, ...(owners.reason ? { reason: owners.reason } : {}) } };
  if (orphaned.length > 0) {
    return item(base, sources, {
      status: 'fail',
      summary: `${orphaned.length} service account(s) the person created are still valid with no new owner recorded${owners.status === 'ok' ? '' : ` (${owners.reason ?? 'no owner attestation'})`}.`,
      remaining: orphaned.map((s) => `service account ${s.username} (${s.id}) on ${s.projects.length ? s.projects.map((p) => `${label(p.projectName, p.projectId)} as ${p.role}`).join(', ') : 'no project'}, ${s.expires ? `valid until ${s.expires}` : 'no expiry'}`),
      evidence,
    });
  }
  if (person.serviceAccountsOfUnknownCreator.length > 0) {
    return item(base, sources, { status: 'manual', summary: `${person.serviceAccountsOfUnknownCreator.length} service account(s) have no recorded creator; confirm none is the person's.`, remaining: [], evidence });
  }
  const handed = person.serviceAccounts.filter((s) => s.newOwner).length;
  return item(base, sources, { status: 'pass', summary: person.serviceAccounts.length === 0 ? 'The person created no service account.' : `${person.serviceAccounts.length} service account(s) created by the person: ${handed} with a new owner, ${person.serviceAccounts.length - handed} expired.`, remaining: [], evidence });
}

/** Failed sign-ins after removal are evidence that access is gone, not activity. */
const NOT_ACTIVITY = new Set(['session.login_failed']);

function auditItem(person: PersonState, index: StateIndex, removedAt: number | undefined): VerificationItem {
  const base = { id: 'no-activity-after-removal', title: 'No activity by the person after the removal time', runbook: 'Audit Log Review', automatic: true };
  const sources = uses(index, ['auditLog']);
  const stop = blocked(sources, 'manual');
  if (stop) return item(base, sources, { ...stop, summary: `${stop.summary}; filter the audit log for the person and look for activity after the removal` });
  const log = index.reads.auditLog.data!;
  const last = person.activity.lastEvent;
  if (removedAt === undefined) {
    return item(base, sources, { status: 'manual', summary: `No removal time given (--removed-at); the person's last logged event is ${last ? `${last.type} at ${last.created}` : 'none in the window'}.`, remaining: [], evidence: { window: log.window, lastEvent: last } });
  }
  const windowEnd = toInstant(log.window.end) ?? 0;
  if (windowEnd < removedAt) {
    return item(base, sources, { status: 'manual', summary: `The audit log ends at ${log.window.end}, before the removal at ${formatInstant(removedAt)}: collect it again to cover the time after removal.`, remaining: [], evidence: { window: log.window } });
  }
  const after = person.activity.events.filter((e) => (toInstant(e.created) ?? 0) > removedAt);
  const active = after.filter((e) => !NOT_ACTIVITY.has(e.type));
  const failedLogins = after.filter((e) => NOT_ACTIVITY.has(e.type));
  // The runbook's "SCIM recreates the account": the person added back after a removal on record.
  const reAdded = (log.facts?.reAdded ?? []).filter((r) => r.email === person.email && (toInstant(r.addedAt) ?? 0) > removedAt);
  const evidence = { window: log.window, removedAt: formatInstant(removedAt), eventsAfterRemoval: active, failedLoginsAfterRemoval: failedLogins, ...(reAdded.length > 0 ? { reAddedAfterRemoval: reAdded } : {}) };
  if (reAdded.length > 0) {
    return item(base, sources, {
      status: 'fail',
      summary: `The person was added back to the organization after the removal (${reAdded.map((r) => `${r.addedEventId} at ${r.addedAt}${r.addedBy ? ` by ${r.addedBy}` : ''}`).join('; ')}): SCIM or a person recreated the account.`,
      remaining: reAdded.map((r) => `organization.user_added ${r.addedEventId} at ${r.addedAt} after organization.user_removed ${r.removedEventId}`),
      evidence,
    });
  }
  // A read filtered to some event types shows no activity outside them: it cannot show there was none.
  if (active.length === 0 && log.types !== undefined) {
    return item(base, sources, { status: 'manual', summary: `No event by the person among the ${log.types.length} event types read between ${formatInstant(removedAt)} and ${log.window.end}; the audit log was read for those types only, so filter it for the person in Organization Settings -> Audit Log.`, remaining: [], evidence });
  }
  if (active.length === 0) return item(base, sources, { status: 'pass', summary: `No event by the person between ${formatInstant(removedAt)} and ${log.window.end}${failedLogins.length ? ` (${failedLogins.length} failed sign-in(s), as expected)` : ''}.`, remaining: [], evidence });
  return item(base, sources, {
    status: 'fail',
    summary: `${active.length} event(s) by the person after the removal time.`,
    remaining: active.map((e) => `activity ${e.type} at ${e.created}${e.projectId ? ` in project ${label(index.projectsById.get(e.projectId)?.name, e.projectId)}` : ''}`),
    evidence,
  });
}

function manualItems(person: PersonState, opts: VerifyOptions): VerificationItem[] {
  return MANUAL_ITEMS.map((m) => {
    const attestation = opts.attestations[m.id] ?? null;
    const evidence: Record<string, unknown> = { how: m.how };
    // Whether the account signs in through SSO tells the tester which sign-in to try.
    if (m.id === 'sso-login-fails' && person.member) evidence.memberSignsInWithSso = person.member.ssoLogin;
    return {
      id: m.id,
      title: m.title,
      runbook: m.runbook,
      automatic: false,
      status: 'manual' as const,
      summary: attestation ? `Recorded by the administrator (not verified by the tool). ${m.how}` : `To be tested and recorded: ${m.how}`,
      remaining: [],
      evidence,
      sources: [],
      attestation,
    };
  });
}

/** Every "Verify Removal" item for one person, from their description after removal. Pure. */
export function verificationItems(person: PersonState, index: StateIndex, opts: VerifyOptions): VerificationItem[] {
  return [
    membershipItem(person, index, opts.method),
    projectsItem(person, index),
    defaultAccessItem(person, index),
    teamsItem(person, index),
    dataViewsItem(person, index),
    scimItem(person, index),
    serviceAccountsItem(person, index),
    auditItem(person, index, opts.removedAt),
    ...manualItems(person, opts),
  ];
}
