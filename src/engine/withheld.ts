/**
 * Fields an evaluation holds back although their source gave them: a slice that was supplied but
 * cannot be used (unreadable, or an attestation that expired), a project label whose attestation is
 * stale. Every other operator sees such a field as absent (unknown). `supplied` must not: "absent"
 * means "the source did not give it" there, and a field withheld for being unusable was given. The
 * marks sit on the objects the rule reads (the evaluation root, a project's copy), so they travel
 * with the data into every scope without widening the evaluation context.
 */
const marks = new WeakMap<object, ReadonlySet<string>>();

export function markWithheld(holder: object, fields: Iterable<string>): void {
  const set = new Set(fields);
  if (set.size > 0) marks.set(holder, set);
}

/** The fields of `holder` that were given but held back, if any. */
export function withheldFields(holder: object): ReadonlySet<string> | undefined {
  return marks.get(holder);
}
