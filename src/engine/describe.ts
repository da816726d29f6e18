/** Small wording helpers shared by the rule evaluators, so that messages read the same everywhere. */
export function plural(type: string, n: number): string {
  const noun = type.replace(/_/g, ' ');
  if (n === 1) return `${n} ${noun}`;
  if (/[^aeiou]y$/.test(noun)) return `${n} ${noun.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(noun)) return `${n} ${noun}es`;
  return `${n} ${noun}s`;
}

export function percent(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}

/** Lists longer than this are abbreviated in findings (see `abbreviated`). */
export const FINDING_LIST_ELEMENTS = 20;

/**
 * The observed value as a finding records it. A quantifier over a whole slice
 * (`{ path: $.serviceAccountOwners, some: ... }`) observes the entire slice; copied into every finding it
 * made reports grow with the square of the organization (48 MB for one check at 100k members).
 * A longer list is recorded as its length and its first elements.
 */
export function abbreviated(value: unknown, path = ''): unknown {
  if (!Array.isArray(value)) return value;
  // A register read from the state root for each resource is not the resource's own data: even a
  // short one would be repeated in every finding, so it is quoted by its size alone.
  if (path.startsWith('$.')) return `(${value.length} entries of ${path.slice(2)} searched)`;
  if (value.length <= FINDING_LIST_ELEMENTS) return value;
  return { length: value.length, first: value.slice(0, FINDING_LIST_ELEMENTS) };
}
