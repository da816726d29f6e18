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
}

export interface Verdict {
  truth: Truth;
  /** The leaves that decided the verdict: the failing ones when false, the unknown ones when unknown. */
  evidence: Evidence[];
}

export function and(parts: Verdict[]): Verdict {
  const failing = parts.filter((p) => p.truth === false);
  if (failing.length > 0) return { truth: false, evidence: failing.flatMap((p) => p.evidence) };
  const unknown = parts.filter((p) => p.truth === 'unknown');
  if (unknown.length > 0) return { truth: 'unknown', evidence: unknown.flatMap((p) => p.evidence) };
  return { truth: true, evidence: parts.flatMap((p) => p.evidence) };
}

export function or(parts: Verdict[]): Verdict {
  const passing = parts.find((p) => p.truth === true);
  if (passing) return { truth: true, evidence: passing.evidence };
  const unknown = parts.filter((p) => p.truth === 'unknown');
  if (unknown.length > 0) return { truth: 'unknown', evidence: unknown.flatMap((p) => p.evidence) };
  return { truth: false, evidence: parts.flatMap((p) => p.evidence) };
}

export function negate(v: Verdict): Verdict {
  const truth: Truth = v.truth === 'unknown' ? 'unknown' : !v.truth;
  return { truth, evidence: v.evidence.map((e) => ({ ...e, expected: `not (${e.expected})` })) };
}
