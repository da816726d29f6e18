/**
 * Resource patterns in exceptions: `*` matches any run of characters (including none), `?` exactly
 * one; everything else is literal and case-sensitive, so `ci-*` never widens into a regular
 * expression an author did not mean. Ids are compared whole.
 */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') source += '[\\s\\S]*';
    else if (ch === '?') source += '[\\s\\S]';
    // Only the syntax characters: in Unicode mode escaping anything else (like `-`) is an error.
    else source += ch.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'u');
}

export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** A predicate for a list of ids and patterns: true when any of them matches the id. */
export function matcher(patterns: readonly string[]): (id: string) => boolean {
  const exact = new Set(patterns.filter((p) => !isGlob(p)));
  const globs = patterns.filter(isGlob).map(globToRegExp);
  return (id) => exact.has(id) || globs.some((g) => g.test(id));
}
