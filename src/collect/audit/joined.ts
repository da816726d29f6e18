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

/**
 * Where the audit log was read from: Mixpanel's API, or a person's export file (named). A basis
 * must say "your export", not "Mixpanel's records", for facts taken from a file anyone can edit.
 */
export interface JoinOrigin {
  source: JoinedFields['source'];
  /** The file, for an export: it leads each joined entry's detail, as an export basis names its file. */
  file?: string;
}

export function joinOrigin(auditLog: Slice<unknown>): JoinOrigin {
  const { source, detail } = auditLog.provenance;
  if (source === 'attestation') throw new Error('an audit log is never attested');
  return source === 'audit-log' ? { source } : { source, file: detail ?? 'an audit-log export' };
}

/** The slice with one more record of fields taken from the audit log (Slice.joined), labelled by its origin. */
export function withJoined<T>(s: Slice<T>, entry: Omit<JoinedFields, 'source'>, origin: JoinOrigin): Slice<T> {
  const detail = origin.file === undefined ? entry.detail : `${origin.file}: ${entry.detail}`;
  const joined = [...(s.joined ?? []), { ...entry, source: origin.source, detail: clip(detail, MAX_DETAIL) }];
  return { ...s, joined: joined.slice(-MAX_JOINED) };
}
