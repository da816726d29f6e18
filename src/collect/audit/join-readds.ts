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

const MAX_DETAIL = 1000;
const clip = (text: string) => (text.length <= MAX_DETAIL ? text : `${text.slice(0, MAX_DETAIL - 1)}…`);

function annotate<T extends { email: string; reAddedAfterRemoval?: ReAdd }>(slice: Slice<T[]> | undefined, byEmail: Map<string, ReAdd>): Slice<T[]> | undefined {
  if (slice?.status !== 'ok' || slice.data === undefined) return slice;
  const hit: string[] = [];
  const data = slice.data.map((item) => {
    const r = byEmail.get(item.email);
    if (!r) return item;
    hit.push(`${item.email} (${r.removedEventId} removed, ${r.addedEventId} added back)`);
    return { ...item, reAddedAfterRemoval: r };
  });
  if (hit.length === 0) return slice;
  const text = `added back after removal per the audit log: ${hit.join('; ')}`;
  return { ...slice, data, provenance: { ...slice.provenance, detail: clip(slice.provenance.detail === undefined ? text : `${slice.provenance.detail}; ${text}`) } };
}

export function joinReAdds(
  input: { roster?: Slice<RosterEntry[]>; scimUsers?: Slice<ScimUser[]> },
  log: AuditLog, facts: AuditFacts,
): { roster?: Slice<RosterEntry[]>; scimUsers?: Slice<ScimUser[]> } {
  // The latest re-add per email that still holds.
  const byEmail = new Map<string, ReAdd>();
  for (const r of reAddsInEffect(log, facts)) {
    const seen = byEmail.get(r.email);
    if (!seen || Date.parse(r.addedAt) > Date.parse(seen.addedAt)) byEmail.set(r.email, r);
  }
  if (byEmail.size === 0) return input;
  const roster = annotate(input.roster, byEmail);
  const scimUsers = annotate(input.scimUsers, byEmail);
  return { ...(roster === undefined ? {} : { roster }), ...(scimUsers === undefined ? {} : { scimUsers }) };
}
