/**
 * What a rule reads, found statically from its text: the slices it names (`$.slice...` paths) and
 * every path segment it mentions. The basis of a verdict counts a slice only when the rule names it
 * and an attested field only when the rule mentions the field, so a label attested on the project
 * list weighs only on the checks that read labels. The segment test errs towards naming an
 * attestation that was not needed, never towards hiding one that was. Fields a slice took from
 * another source are not guessed from their names here: the slice records them (`joined`), and the
 * basis counts them when the rule mentions one (basis.ts).
 */
import type { Rule } from '../language/check.js';

export interface RuleReads {
  slices: ReadonlySet<string>;
  segments: ReadonlySet<string>;
}

/** A rule part that yields findings of one resource type, with what it reads. */
export interface FindingSource {
  type: string;
  reads: RuleReads;
}

function collectStrings(node: unknown, out: string[]): void {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const n of node) collectStrings(n, out);
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      out.push(k);
      collectStrings(v, out);
    }
  }
}

export function readsOf(node: unknown): RuleReads {
  const strings: string[] = [];
  collectStrings(node, strings);
  const slices = new Set<string>();
  const segments = new Set<string>();
  for (const s of strings) {
    const root = /^\$\.([A-Za-z_][A-Za-z0-9_]*)/.exec(s);
    if (root) slices.add(root[1]!);
    for (const part of s.split(/[.[\]]/)) if (part !== '' && !part.startsWith('$')) segments.add(part);
  }
  return { slices, segments };
}

export function referencedSlices(reads: RuleReads): ReadonlySet<string> {
  return reads.slices;
}

/** Whether the rule mentions an attested field of a slice (`environment`, `projects.environment`, `projects[].sensitive`). */
export function referencesField(reads: RuleReads, slice: string, field: string): boolean {
  if (!reads.slices.has(slice)) return false;
  const parts = field.split(/[.[\]]/).filter((p) => p !== '' && p !== '*');
  const last = parts[parts.length - 1];
  return last !== undefined && reads.segments.has(last);
}

/**
 * The parts of a rule that produce findings, by resource type: `each`, `count` and `share` rules
 * name theirs; `all` gathers its parts. Two parts with the same type share one entry.
 */
export function findingSources(rule: Rule): FindingSource[] {
  const byType = new Map<string, unknown[]>();
  const walk = (r: Rule): void => {
    if ('all' in r) {
      r.all.forEach(walk);
      return;
    }
    if ('resource' in r) byType.set(r.resource.type, [...(byType.get(r.resource.type) ?? []), r]);
  };
  walk(rule);
  return [...byType].map(([type, parts]) => ({ type, reads: readsOf(parts) }));
}
