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
  if (Array.isArray(value) && value.length > SHOWN_LIST_ELEMENTS) {
    const head = JSON.stringify(value.slice(0, SHOWN_LIST_ELEMENTS));
    return `${head.slice(0, -1)},… (${value.length} values)]`;
  }
  return JSON.stringify(value);
}
