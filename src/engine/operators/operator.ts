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

export function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
