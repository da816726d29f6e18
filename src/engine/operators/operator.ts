import { isDeepStrictEqual } from 'node:util';
import type { EvalContext } from '../context.js';
import { PartialSelection } from '../selection.js';
import type { Truth } from '../truth.js';

/**
 * A scalar operator compares the observed value with its argument (already resolved to a value,
 * except for `raw` operators, whose argument is used as written: a pattern). An observed value of
 * `undefined` (absent data) is decided before any operator runs: it is unknown. The structural
 * operators (`size`, `some`, `every`, `none`), which judge nested predicates, are compiled by the
 * predicate compiler itself (compile-predicate.ts) so that no operator depends on the compiler.
 */
export interface Operator {
  raw?: boolean;
  /** Takes a PartialSelection (selection.ts) as argument or observed value; to any other operator it is unknown. */
  partial?: boolean;
  test(observed: unknown, arg: unknown, ctx: EvalContext): Truth;
  /**
   * What a finding says the check expected. Called only for the findings a result reports, after
   * the truth is known, so that the items that pass (most of them) build no text.
   */
  describe(arg: unknown, ctx: EvalContext): string;
}

/** Lists longer than this are shown by their first elements and their length. */
export const SHOWN_LIST_ELEMENTS = 20;

/**
 * How an expected value reads in a finding. A list computed from the state (every active member's
 * email, for `notIn`) can hold 100k values: written out in full it made each finding megabytes and
 * a report gigabytes, and cost O(n) per item judged. Long lists are abbreviated.
 */
export function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof PartialSelection) {
    return `${show(value.definite)} (and possibly ${show(value.possible)}, which could not be judged)`;
  }
  if (Array.isArray(value)) {
    // The same list (a policy literal, a param, a memoized select) is shown once per item judged.
    let text = shownLists.get(value);
    if (text === undefined) {
      text = value.length > SHOWN_LIST_ELEMENTS
        ? `${JSON.stringify(value.slice(0, SHOWN_LIST_ELEMENTS)).slice(0, -1)},… (${value.length} values)]`
        : JSON.stringify(value);
      shownLists.set(value, text);
    }
    return text;
  }
  return JSON.stringify(value);
}

// Lists are never mutated during or after evaluation (policies and states are read-only), so the
// text of a list is a function of its identity; a WeakMap lets it go with the list.
const shownLists = new WeakMap<readonly unknown[], string>();

/**
 * isDeepStrictEqual, answered directly when either side is not an object: two such values are
 * deep-strictly equal exactly when Object.is says so (NaN equals NaN, 0 differs from -0), and an
 * object never equals a primitive. Comparisons of scalars are most of what checks do.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  return isDeepStrictEqual(a, b);
}
