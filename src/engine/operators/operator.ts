import { isDeepStrictEqual } from 'node:util';
import type { EvalContext } from '../context.js';
import type { Truth } from '../truth.js';

/** What one operator concluded about one value, and how to say what it expected. */
export interface OperatorOutcome {
  truth: Truth;
  expected: string;
}

/**
 * An operator compares the observed value with its argument. `raw` operators receive the argument as
 * written (a nested predicate or operator map); the others receive it resolved to a value. An
 * observed value of `undefined` (absent data) is decided before any operator runs: it is unknown.
 */
export interface Operator {
  raw?: boolean;
  apply(observed: unknown, arg: unknown, ctx: EvalContext): OperatorOutcome;
  /**
   * The truth `apply` gives, without describing what was expected: most items judged pass, and
   * their descriptions are never read. Each operator's `apply` takes its truth from here, so the
   * two cannot disagree.
   */
  test(observed: unknown, arg: unknown, ctx: EvalContext): Truth;
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
