/**
 * Finds the items a source lists more than once (by the key checks join on) and merges each group
 * with a field-by-field "worse of" rule (worse.ts), so that a duplicate can never turn a failure
 * into a pass by being read last. The keys found twice are returned, so the caller can flag the
 * slice with a reason a person sees in the report.
 */
export interface Deduplicated<T> {
  items: T[];
  /** Keys listed more than once, in first-seen order, with how many times. */
  duplicates: { key: string; count: number }[];
}

export function mergeDuplicates<T>(items: readonly T[], keyOf: (item: T) => string, merge: (a: T, b: T) => T): Deduplicated<T> {
  const byKey = new Map<string, T>();
  const counts = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    const before = byKey.get(key);
    byKey.set(key, before === undefined ? item : merge(before, item));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const duplicates = [...counts.entries()].filter(([, n]) => n > 1).map(([key, count]) => ({ key, count }));
  return { items: [...byKey.values()], duplicates };
}

/** The words of a slice's reason: "service account id 7 is listed 2 times in the organization's list". */
export function duplicateReason(what: string, where: string, duplicates: readonly { key: string; count: number }[]): string {
  const shown = duplicates.slice(0, 10).map((d) => `${d.key} (${d.count} times)`).join(', ');
  const more = duplicates.length > 10 ? ` and ${duplicates.length - 10} more` : '';
  return `${where} lists the same ${what} more than once: ${shown}${more}; the copies were merged keeping the value worse for compliance, field by field`;
}
