/**
 * Writing what the audit log adds to other slices, within the state schema's limits: details and
 * reasons are cut (never refused), and a slice keeps its latest joined-field entries.
 */
import type { JoinedFields, Slice } from '../../state/org-state.js';

/** The schema's limits on a provenance detail and a slice reason. */
export const MAX_DETAIL = 1000;
export const MAX_REASON = 2000;
/** The schema's limit on the joined-field entries of one slice. */
const MAX_JOINED = 20;

export const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The slice with one more record of fields taken from another source (Slice.joined). */
export function withJoined<T>(s: Slice<T>, entry: JoinedFields): Slice<T> {
  const joined = [...(s.joined ?? []), { ...entry, detail: clip(entry.detail, MAX_DETAIL) }];
  return { ...s, joined: joined.slice(-MAX_JOINED) };
}
