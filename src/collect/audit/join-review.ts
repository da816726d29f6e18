/**
 * The attested access review (MP-2.1.3) checked against the audit log's role changes:
 * - an organization role change to owner after the review that still holds (no later change or
 *   removal of the person), or one that may be such a grant (the payload names no role, scope or
 *   person), means the review does not cover the owners the organization has now: the slice is
 *   marked `incomplete` with the events (who, when, by whom), so the check cannot pass on the
 *   attestation alone; a failing review still fails;
 * - a record of role changes that reaches back to the review and holds no privileged change
 *   (owner, admin, or a role the payload does not name) since then confirms it, and the slice's
 *   reason says so.
 * - an owner grant after the review that still holds, where a complete member list with roles shows
 *   more active owners than the guide's limit (three: "limit owners to 2-3 users"), contradicts the
 *   review outright: the slice is marked `contradicted` with the grants, and the check fails on them.
 * The limit here is the guide's; a site that raised MP-2.3.1's `maxOwners` still sees this fail
 * (collection does not read the checks' parameters), and MP-2.3.1 counts against its own.
 */
import type { AccessReviewFacts, AuditFacts, AuditLog, AuditRoleChange, Member, Slice } from '../../state/org-state.js';
import { ownerGrantsSince } from './in-effect.js';
import { clip, MAX_DETAIL, MAX_REASON, withJoined, type JoinOrigin } from './joined.js';


/** What a role change did: who, to which role, in which scope, by whom. */
function change(c: AuditRoleChange): string {
  const who = c.target ?? 'a person the event does not name';
  const role = c.role === undefined ? 'a role the event does not name' : c.role;
  const scope = c.projectId === undefined ? ', scope not stated' : '';
  return `${who} to ${role}${scope}${c.by ? `, by ${c.by}` : ''}`;
}

const named = (c: AuditRoleChange): string => `${c.eventId} at ${c.at}: ${change(c)}`;

/** The guide's owner limit (section 2.3: "limit owners to 2-3 users"). */
export const GUIDE_MAX_OWNERS = 3;

/** Active owners on a complete member list that gives every member's role and status; else unknown. */
function ownerCount(members: Slice<Member[]> | undefined): number | undefined {
  if (members?.status !== 'ok' || members.data === undefined || members.incomplete !== undefined) return undefined;
  if (members.data.some((m) => m.orgRole === undefined || m.status === undefined)) return undefined;
  return members.data.filter((m) => m.orgRole === 'owner' && m.status === 'active').length;
}

/**
 * How many active owners the member list shows, in words for the reason; unknown when a member's
 * role or status is not given (a list read from SCIM carries no roles) or there is no list.
 */
function ownersNow(members: Slice<Member[]> | undefined): string {
  if (members?.status !== 'ok' || members.data === undefined) return 'no member list was read, so the number of owners now is unknown';
  const n = ownerCount({ ...members, incomplete: undefined });
  if (n === undefined) return 'the member list does not give every member\'s role and status, so the number of owners now is unknown';
  return `the member list shows ${n} active owner${n === 1 ? '' : 's'}${members.incomplete === undefined ? '' : ' (the list is incomplete)'}`;
}

export function joinAccessReview(slice: Slice<AccessReviewFacts> | undefined, log: AuditLog, facts: AuditFacts, origin: JoinOrigin, members?: Slice<Member[]>): Slice<AccessReviewFacts> | undefined {
  if (slice?.status !== 'ok' || slice.data === undefined || slice.data.lastCompleted === null) return slice;
  const review = slice.data.lastCompleted;
  const since = Date.parse(review);
  if (Number.isNaN(since)) return slice;
  const { grants, possible } = ownerGrantsSince(log, facts, since);
  const detailOf = (text: string) => clip(slice.provenance.detail === undefined ? text : `${slice.provenance.detail}; ${text}`, MAX_DETAIL);
  if (grants.length + possible.length > 0) {
    const parts = [
      ...(grants.length > 0 ? [`the owner role granted after the review and still held at ${log.window.end} (${grants.map(named).join('; ')})`] : []),
      ...(possible.length > 0 ? [`role changes after the review that may have made an owner (${possible.map(named).join('; ')})`] : []),
    ];
    const owners = ownerCount(members);
    if (grants.length > 0 && owners !== undefined && owners > GUIDE_MAX_OWNERS) {
      // The record decides: the owner role granted after the review, and more owners now than the guide allows.
      const reason = `the access review of ${review} is followed by the owner role granted to ${grants.map((g) => g.target ?? 'a person the event does not name').join(', ')}, and the member list shows ${owners} active owners, more than the guide's ${GUIDE_MAX_OWNERS}: review the grants and record the new review (accessReview.lastCompleted)`;
      const joined = withJoined(slice, { fields: ['lastCompleted'], detail: `user.role_changed events after the review: ${grants.map((g) => g.eventId).join(', ')}` }, origin);
      return {
        ...joined,
        provenance: { ...slice.provenance, detail: detailOf(`owner grants after the review in the audit log: ${grants.map((c) => c.eventId).join(', ')}`) },
        contradicted: { reason: clip(reason, MAX_REASON), events: grants.slice(0, 50).map((g) => ({ eventId: clip(g.eventId, 200), at: g.at, summary: clip(change(g), 500) })) },
      };
    }
    const verb = grants.length > 0 ? 'contradicts' : 'may contradict';
    const text = `the audit log ${verb} the access review of ${review}: it shows ${parts.join(', and ')}. The review does not cover the owners made since; ${ownersNow(members)}, and MP-2.3.1 counts them against the owner limit. Review the grants and record the new review (accessReview.lastCompleted)`;
    return {
      ...slice,
      provenance: { ...slice.provenance, detail: detailOf(`owner grants after the review in the audit log: ${[...grants, ...possible].map((c) => c.eventId).join(', ')}`) },
      incomplete: clip(text, MAX_REASON),
    };
  }
  const covered = log.coverage?.find((c) => c.type === 'user.role_changed')?.coveredSince;
  if (covered === undefined || Date.parse(covered) > since) return slice;
  // Owner, admin, or a role the payload does not name, about the organization or an unstated scope.
  const privileged = facts.roleChanges.filter((c) => Date.parse(c.at) > since && (c.projectId === undefined || c.projectId === null) && !c.notPrivileged);
  if (privileged.length > 0) return slice;
  return {
    ...slice,
    provenance: { ...slice.provenance, detail: detailOf(`confirmed by the audit log: no privileged user.role_changed from ${covered} to ${log.window.end}`) },
    reason: clip(`confirmed by the audit log: no organization role change to owner or admin between the review (${review}) and ${log.window.end}`, MAX_REASON),
  };
}
