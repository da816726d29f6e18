/**
 * Three-valued logic (Kleene). `unknown` stands for data that is absent, so that a missing field can
 * never turn into a pass: `all` is true only when every part is known true, `any` is true as soon as
 * one part is known true.
 */
export type Truth = true | false | 'unknown';

/** A leaf comparison, kept so that a finding can show what was seen and what was expected. */
export interface Evidence {
  path: string;
  observed: unknown;
  expected: string;
  /**
   * Set by `or` on the leaves of alternatives that all failed (or are unknown), so that a finding
   * reads "a or b", not "a; b" (which reads as "and"). Leaves of one `or` share the number.
   */
  alternative?: number;
}

export interface Verdict {
  truth: Truth;
  /** The leaves that decided the verdict: the failing ones when false, the unknown ones when unknown. */
  evidence: Evidence[];
}

// and/or run once per item per predicate node, so they make one pass and allocate only the
// result; the verdicts are the same as "filter by truth, then concatenate the evidence".
function concatEvidence(parts: Verdict[], truth: Truth): Evidence[] {
  const out: Evidence[] = [];
  for (const p of parts) if (p.truth === truth) for (const e of p.evidence) out.push(e);
  return out;
}

export function and(parts: Verdict[]): Verdict {
  let anyUnknown = false;
  for (const p of parts) {
    if (p.truth === false) return { truth: false, evidence: concatEvidence(parts, false) };
    if (p.truth === 'unknown') anyUnknown = true;
  }
  if (anyUnknown) return { truth: 'unknown', evidence: concatEvidence(parts, 'unknown') };
  return { truth: true, evidence: concatEvidence(parts, true) };
}

export function or(parts: Verdict[]): Verdict {
  let anyUnknown = false;
  for (const p of parts) {
    if (p.truth === true) return { truth: true, evidence: p.evidence };
    if (p.truth === 'unknown') anyUnknown = true;
  }
  if (anyUnknown) return { truth: 'unknown', evidence: alternatives(parts, 'unknown') };
  return { truth: false, evidence: alternatives(parts, false) };
}

let alternativeGroups = 0;

/** Only an `or` of single leaves is marked: a nested `all` inside it keeps its own (and) reading. */
function alternatives(parts: Verdict[], truth: Truth): Evidence[] {
  const evidence = concatEvidence(parts, truth);
  const deciding = parts.filter((p) => p.truth === truth);
  if (deciding.length < 2 || deciding.some((p) => p.evidence.length !== 1)) return evidence;
  const group = ++alternativeGroups;
  return evidence.map((e) => ({ ...e, alternative: group }));
}

export function negate(v: Verdict): Verdict {
  const truth: Truth = v.truth === 'unknown' ? 'unknown' : !v.truth;
  return { truth, evidence: v.evidence.map((e) => ({ ...e, expected: `not (${e.expected})` })) };
}
