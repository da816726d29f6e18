/**
 * Three-valued logic (Kleene). `unknown` stands for data that is absent, so that a missing field can
 * never turn into a pass: an `and` is true only when every part is known true, an `or` is true as
 * soon as one part is known true.
 */
export type Truth = true | false | 'unknown';

/** A leaf comparison, kept so that a finding can show what was seen and what was expected. */
export interface Evidence {
  path: string;
  observed: unknown;
  expected: string;
  /**
   * Set on the leaves of alternatives that all failed (or are unknown), so that a finding reads
   * "a or b", not "a; b" (which reads as "and"). Leaves of one alternative share the number.
   */
  alternative?: number;
  /**
   * Set on the leaves of a `decideIf` condition that does not hold: the policy's words for why the
   * data cannot decide (docs/check-language.md), shown to the user instead of the leaf's path.
   */
  because?: string;
}

export interface Verdict {
  truth: Truth;
  /** The leaves that decided the verdict: the failing ones when false, the unknown ones when unknown. */
  evidence: Evidence[];
}
