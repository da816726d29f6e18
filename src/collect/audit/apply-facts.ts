/**
 * Joins the facts derived from the audit log into the slices the checks read, at collection time,
 * so that rules stay plain comparisons on state fields:
 * - members: a member the members source gave no last activity gets the last login from the record
 *   (`lastActive`, `lastActiveFrom: audit-log`) or, with none, `lastActive: null` with
 *   `lastActiveRecordedSince` = where the login record begins; activity the source gave gets
 *   `lastActiveRecordedSince: null` (the source's own complete record). An invited member without an
 *   invitation date gets the date of the pending `invitation.sent`; a list that holds only part of
 *   the members (`incomplete`, read from SCIM) gains the pending invitations as invited members.
 * - projects: the latest default-access event wins over an older (or no) label attestation.
 * - twoFactor: the latest change of the 2FA requirement decides it when nobody attested it; a
 *   `twofactor_disabled` after the attestation's date overrides the attestation (the record
 *   contradicts it); a record that covers the time since the attestation without a disable
 *   confirms it, and the slice says so.
 * - dataGovernance: a deletion request on record later than the attested last exercise.
 * - auditLogReview: Mixpanel's own retention (from the entries' expiry) is a floor under the
 *   attested retention.
 * - accessReview: an owner grant after the review that still holds keeps the attestation from
 *   passing alone; a record without a privileged role change since the review confirms it
 *   (join-review.ts).
 * - roster, scimUsers: an account added back after its removal carries both events
 *   (join-readds.ts), for the offboarding checks.
 * Every change is named in the slice's detail or reason, with the event ids, and every field taken
 * from the record is listed in the slice's `joined`, so that the report's basis names the audit log
 * for exactly the checks that read one of those fields.
 */
import type { AccessReviewFacts, AuditFacts, AuditLog, AuditLogReviewFacts, DataGovernanceFacts, Member, Project, RosterEntry, ScimUser, Slice, TwoFactorFacts } from '../../state/org-state.js';
import { withAuditFacts } from './derive-facts.js';
import { joinReAdds } from './join-readds.js';
import { joinAccessReview } from './join-review.js';
import { clip, joinOrigin, MAX_DETAIL, MAX_REASON, withJoined, type JoinOrigin } from './joined.js';

export interface AuditJoinInput {
  auditLog?: Slice<AuditLog>;
  members?: Slice<Member[]>;
  projects?: Slice<Project[]>;
  twoFactor?: Slice<TwoFactorFacts>;
  dataGovernance?: Slice<DataGovernanceFacts>;
  auditLogReview?: Slice<AuditLogReviewFacts>;
  accessReview?: Slice<AccessReviewFacts>;
  roster?: Slice<RosterEntry[]>;
  scimUsers?: Slice<ScimUser[]>;
}

const okData = <T>(s: Slice<T> | undefined): T | undefined => (s?.status === 'ok' ? s.data : undefined);

function note(s: Slice<unknown>, text: string): string {
  return clip(s.provenance.detail === undefined ? text : `${s.provenance.detail}; ${text}`, MAX_DETAIL);
}

function coveredSince(log: AuditLog, type: string): string | undefined {
  return log.coverage?.find((c) => c.type === type)?.coveredSince;
}

/** Pending invitations in words, with their events, for a joined-fields detail. */
function invitationsText(list: readonly AuditFacts['pendingInvitations'][number][]): string {
  const shown = list.slice(0, 10).map((i) => `${i.email} (${i.eventId} at ${i.at}${i.by ? ` by ${i.by}` : ''})`);
  return `${shown.join('; ')}${list.length > 10 ? `; ${list.length - 10} more in auditLog.facts.pendingInvitations` : ''}`;
}

function joinMembers(members: Slice<Member[]>, log: AuditLog | undefined, facts: AuditFacts | undefined, origin: JoinOrigin | undefined): Slice<Member[]> {
  const since = log ? coveredSince(log, 'session.logged_in') : undefined;
  const logins = new Map((facts?.lastLogins ?? []).map((l) => [l.email, l] as const));
  const invites = new Map((facts?.pendingInvitations ?? []).map((i) => [i.email, i] as const));
  let fromLog = 0;
  let withLogin = 0;
  const dated: AuditFacts['pendingInvitations'] = [];
  const data = members.data!.map((m): Member => {
    let out: Member = m;
    if (m.lastActive !== undefined) out = { ...out, lastActiveRecordedSince: null };
    else if (since !== undefined) {
      const login = logins.get(m.email);
      fromLog++;
      if (login) withLogin++;
      out = { ...out, lastActive: login ? login.at : null, lastActiveRecordedSince: since, lastActiveFrom: 'audit-log' };
    }
    if (m.status === 'invited' && m.invitedAt === undefined) {
      const invite = invites.get(m.email);
      if (invite) {
        out = { ...out, invitedAt: invite.at };
        dated.push(invite);
      }
    }
    return out;
  });
  // A list that holds only part of the members (read from SCIM, which never lists an invitation)
  // gains the invitations the record shows pending: they can make MP-5.1.3 fail, and since the
  // slice stays incomplete, their absence can never make it pass. A complete list is not added to:
  // an invitation it lacks was withdrawn, which Mixpanel records no event for.
  const known = new Set(data.map((m) => m.email));
  const added = members.incomplete === undefined ? [] : (facts?.pendingInvitations ?? []).filter((i) => !known.has(i.email));
  let slice: Slice<Member[]> = {
    ...members,
    data: added.length === 0 ? data
      : [...data, ...added.map((i): Member => ({ email: i.email, status: 'invited', invitedAt: i.at }))].sort((a, b) => a.email.localeCompare(b.email)),
  };
  // Without an audit log nothing was joined (only the members source's own activity was marked).
  if (origin === undefined) return slice;
  if (fromLog > 0) {
    slice = withJoined(slice, {
      fields: ['lastActive', 'lastActiveRecordedSince', 'lastActiveFrom'],
      detail: `last activity of ${fromLog} member(s) from the audit log's session.logged_in events recorded since ${since}: ${withLogin} with a login on record, ${fromLog - withLogin} with none`,
    }, origin);
  }
  const pending = 'invitation.sent with no later invitation.accepted, organization.user_added or organization.user_removed';
  if (dated.length > 0) {
    slice = withJoined(slice, { fields: ['invitedAt'], detail: `invitation date of ${dated.length} invited member(s) from the audit log (${pending}): ${invitationsText(dated)}` }, origin);
  }
  if (added.length > 0) {
    slice = withJoined(slice, {
      fields: ['status', 'invitedAt'],
      detail: `${added.length} pending invitation(s) from the audit log added as invited members (${pending}): ${invitationsText(added)}`,
    }, origin);
  }
  return slice;
}

function joinProjects(projects: Slice<Project[]>, facts: AuditFacts, origin: JoinOrigin): { slice: Slice<Project[]>; unknownRole: string[] } {
  const latest = new Map(facts.defaultAccess.map((d) => [d.projectId, d] as const));
  const used: string[] = [];
  const unknownRole: string[] = [];
  const data = projects.data!.map((p): Project => {
    const d = latest.get(p.id);
    if (!d) return p;
    const attested = p.labelAttestation ? Date.parse(p.labelAttestation.attestedAt) : undefined;
    // An attestation made after the event already saw its outcome.
    if (p.defaultAccessRole !== undefined && attested !== undefined && attested >= Date.parse(d.at)) return p;
    used.push(`${p.id}: ${d.granted ? 'granted' : 'revoked'} by ${d.eventId} at ${d.at}`);
    if (!d.granted) return { ...p, defaultAccessRole: null };
    if (d.role !== undefined) return { ...p, defaultAccessRole: d.role };
    // Granted with a role the payload does not name: the role is unknown, not "none".
    unknownRole.push(`${p.id} (${d.eventId} at ${d.at})`);
    const { defaultAccessRole: _dropped, ...rest } = p;
    return rest;
  });
  if (used.length === 0) return { slice: projects, unknownRole };
  const text = `default project access from the audit log (${used.join('; ')})`;
  const reason = unknownRole.length > 0
    ? `default access was granted on project(s) ${unknownRole.join(', ')} and the audit log does not name the role`
    : undefined;
  const previous = projects.status === 'ok' ? projects.reason : undefined;
  const joined = [previous, reason].filter((r): r is string => r !== undefined).join('; ');
  const slice: Slice<Project[]> = { ...projects, data, provenance: { ...projects.provenance, detail: note(projects, text) }, ...(joined === '' ? {} : { reason: clip(joined, MAX_REASON) }) };
  return { slice: withJoined(slice, { fields: ['defaultAccessRole'], detail: text }, origin), unknownRole };
}

function joinTwoFactor(slice: Slice<TwoFactorFacts> | undefined, log: AuditLog, facts: AuditFacts, collectedAt: string, origin: JoinOrigin): Slice<TwoFactorFacts> | undefined {
  const { source } = origin;
  const changes = facts.twoFactorRequirement;
  const latest = changes[0];
  if (slice === undefined || slice.status === 'missing') {
    if (!latest) return slice;
    // The latest change on record is the requirement's state now: nothing changed it since.
    return {
      status: 'ok',
      provenance: { source, collectedAt, detail: `the organization's 2FA requirement from the audit log: ${latest.enabled ? 'enabled' : 'disabled'} by ${latest.eventId}${latest.by ? ` (${latest.by})` : ''} at ${latest.at}, the latest such event up to ${log.window.end}` },
      data: { requiredOrgWide: latest.enabled },
    };
  }
  const a = slice.status === 'ok' ? slice.provenance.attestation : undefined;
  if (slice.status !== 'ok' || a === undefined || slice.data === undefined) return slice;
  const attestedAt = Date.parse(a.attestedAt);
  const disabled = changes.filter((c) => !c.enabled && Date.parse(c.at) > attestedAt);
  if (disabled.length > 0) {
    const first = disabled[disabled.length - 1]!;
    return withJoined({
      ...slice,
      data: { ...slice.data, requiredOrgWide: false },
      provenance: { ...slice.provenance, detail: note(slice, `contradicted by the audit log: ${first.eventId} organization_access_security.twofactor_disabled${first.by ? ` by ${first.by}` : ''} at ${first.at}`) },
      reason: `the audit log contradicts the attestation of ${a.attestedAt}: the 2FA requirement was disabled at ${first.at} (${first.eventId}${first.by ? `, by ${first.by}` : ''})`,
    }, { fields: ['requiredOrgWide'], detail: `organization_access_security.twofactor_disabled ${first.eventId}${first.by ? ` by ${first.by}` : ''} at ${first.at}, after the attestation of ${a.attestedAt}` }, origin);
  }
  const since = coveredSince(log, 'organization_access_security.twofactor_disabled');
  if (slice.data.requiredOrgWide && since !== undefined && Date.parse(since) <= attestedAt) {
    return {
      ...slice,
      provenance: { ...slice.provenance, detail: note(slice, `confirmed by the audit log: no organization_access_security.twofactor_disabled from ${since} to ${log.window.end}`) },
      reason: `confirmed by the audit log: the 2FA requirement was not disabled between the attestation (${a.attestedAt}) and ${log.window.end}`,
    };
  }
  return slice;
}

function joinDataGovernance(slice: Slice<DataGovernanceFacts> | undefined, facts: AuditFacts, origin: JoinOrigin): Slice<DataGovernanceFacts> | undefined {
  const latest = facts.userDataDeletions[0];
  if (!latest || slice?.status !== 'ok' || slice.data === undefined) return slice;
  const attested = slice.data.lastDeletionExercised;
  if (attested !== null && Date.parse(attested) >= Date.parse(latest.at)) return slice;
  const text = `last deletion exercised from the audit log: user_data_deletion.created ${latest.eventId} at ${latest.at}`;
  return withJoined({
    ...slice,
    data: { ...slice.data, lastDeletionExercised: latest.at },
    provenance: { ...slice.provenance, detail: note(slice, text) },
  }, { fields: ['lastDeletionExercised'], detail: text }, origin);
}

/**
 * The data exports on record, in words, for the slice's detail: the guide's 4.1 "monitor data
 * exports" wants to see which exports happened and who made them. The full list is in
 * auditLog.facts.dataExports; the detail names the newest few within its length limit.
 */
export function exportsSummary(facts: AuditFacts, max = 5): string | undefined {
  const list = facts.dataExports;
  if (list.length === 0) return undefined;
  const shown = list.slice(0, max).map((x) => `${x.type} by ${x.by ?? 'nobody named'} at ${x.at}${x.projectId ? ` (project ${x.projectId})` : ''}`);
  const more = list.length > max ? `; ${list.length - max} more in auditLog.facts.dataExports` : '';
  return `data exports on record: ${list.length} (${shown.join('; ')}${more})`;
}

/** Mixpanel's own retention, read from the record, is a floor under the attested effective retention. */
function joinRetention(slice: Slice<AuditLogReviewFacts> | undefined, facts: AuditFacts, origin: JoinOrigin): Slice<AuditLogReviewFacts> | undefined {
  const days = facts.retentionDays;
  if (days === undefined || slice?.status !== 'ok' || slice.data === undefined || slice.data.retentionDays >= days) return slice;
  const from = facts.retentionFrom === 'plan' ? 'the plan' : "the entries' ttl_timestamp";
  const text = `retention raised from the attested ${slice.data.retentionDays} to the ${days} days Mixpanel keeps the records (audit log, ${from})`;
  return withJoined({
    ...slice,
    data: { ...slice.data, retentionDays: days },
    provenance: { ...slice.provenance, detail: note(slice, text) },
  }, { fields: ['retentionDays'], detail: text }, origin);
}

/** The slices with the audit log's facts joined in; slices not given stay as they are. */
export function joinAuditFacts(input: AuditJoinInput, collectedAt: string, plan?: string): AuditJoinInput {
  const out: AuditJoinInput = { ...input };
  const raw = okData(input.auditLog);
  const log = raw ? withAuditFacts(raw, plan, input.auditLog?.provenance.source === 'audit-log') : undefined;
  if (log && input.auditLog) {
    const exportsText = log.facts ? exportsSummary(log.facts) : undefined;
    const detail = exportsText === undefined ? input.auditLog.provenance.detail : note(input.auditLog, exportsText);
    out.auditLog = { ...input.auditLog, data: log, provenance: { ...input.auditLog.provenance, ...(detail === undefined ? {} : { detail }) } };
  }
  const facts = log?.facts;
  const origin = input.auditLog ? joinOrigin(input.auditLog) : undefined;
  if (input.members?.status === 'ok' && input.members.data) out.members = joinMembers(input.members, log, facts, origin);
  if (!log || !facts || !origin) return out;
  if (input.projects?.status === 'ok' && input.projects.data) out.projects = joinProjects(input.projects, facts, origin).slice;
  const twoFactor = joinTwoFactor(input.twoFactor, log, facts, collectedAt, origin);
  if (twoFactor !== undefined) out.twoFactor = twoFactor;
  const governance = joinDataGovernance(input.dataGovernance, facts, origin);
  if (governance !== undefined) out.dataGovernance = governance;
  const review = joinRetention(input.auditLogReview, facts, origin);
  if (review !== undefined) out.auditLogReview = review;
  const accessReview = joinAccessReview(input.accessReview, log, facts, origin, out.members);
  if (accessReview !== undefined) out.accessReview = accessReview;
  Object.assign(out, joinReAdds({
    ...(input.roster ? { roster: input.roster } : {}),
    ...(input.scimUsers ? { scimUsers: input.scimUsers } : {}),
  }, log, facts, (s, detail) => withJoined(s, { fields: ['reAddedAfterRemoval'], detail }, origin)));
  return out;
}
