/**
 * Accounts the audit log shows added back after their removal (the runbook's "SCIM recreates the
 * account"), joined into the lists the offboarding checks walk: an IAM-tracker entry (MP-5.2.1)
 * and a SCIM user (MP-5.3.2) whose email has a re-add that still holds at the window's end (no
 * later removal) carries it as `reAddedAfterRemoval`, with both events. An entry without the field
 * has no such re-add on record (or no record was read): the checks read the re-adds through the
 * list, so the field's absence adds nothing and never decides a pass.
 */
import type { AuditFacts, AuditLog, RosterEntry, ScimUser, Slice } from '../../state/org-state.js';
import { reAddsInEffect, type ReAdd } from './in-effect.js';

/** Records on the slice that `reAddedAfterRemoval` came from the audit log (Slice.joined), with what was read. */
export type MarkJoined = <T>(slice: Slice<T>, detail: string) => Slice<T>;

function annotate<T extends { email: string; reAddedAfterRemoval?: ReAdd }>(slice: Slice<T[]> | undefined, byEmail: Map<string, ReAdd>, mark: MarkJoined): Slice<T[]> | undefined {
  if (slice?.status !== 'ok' || slice.data === undefined) return slice;
  const hit: string[] = [];
  const data = slice.data.map((item) => {
    const r = byEmail.get(item.email);
    if (!r) return item;
    hit.push(`${item.email} (${r.removedEventId} removed, ${r.addedEventId} added back)`);
    return { ...item, reAddedAfterRemoval: r };
  });
  if (hit.length === 0) return slice;
  return mark({ ...slice, data }, `added back after removal per the audit log (organization.user_added after organization.user_removed, not removed again): ${hit.join('; ')}`);
}

export function joinReAdds(
  input: { roster?: Slice<RosterEntry[]>; scimUsers?: Slice<ScimUser[]> },
  log: AuditLog, facts: AuditFacts, mark: MarkJoined,
): { roster?: Slice<RosterEntry[]>; scimUsers?: Slice<ScimUser[]> } {
  // The latest re-add per email that still holds.
  const byEmail = new Map<string, ReAdd>();
  for (const r of reAddsInEffect(log, facts)) {
    const seen = byEmail.get(r.email);
    if (!seen || Date.parse(r.addedAt) > Date.parse(seen.addedAt)) byEmail.set(r.email, r);
  }
  if (byEmail.size === 0) return input;
  const roster = annotate(input.roster, byEmail, mark);
  const scimUsers = annotate(input.scimUsers, byEmail, mark);
  return { ...(roster === undefined ? {} : { roster }), ...(scimUsers === undefined ? {} : { scimUsers }) };
}
