/**
 * The compiled form of a check's predicates: one object per position in the policy, so that each
 * node can remember its last evaluation. The rule evaluator asks a node for its truth (building
 * nothing), and only for an item it reports asks the same node to explain that truth from what it
 * remembered: one pass decides the verdict, and the findings are read off it, not recomputed.
 */
import type { EvalContext } from './context.js';
import type { Evidence, Truth } from './truth.js';

export interface PredNode {
  /** The truth of the predicate in `ctx`; remembers what `explain` needs. */
  truth(ctx: EvalContext): Truth;
  /**
   * The leaves that decided the last evaluation's truth: the failing ones when false, the unknown
   * ones when unknown, the holding ones when true. Valid until the node is evaluated again.
   */
  explain(): Evidence[];
  /** The truth of the last evaluation. */
  readonly last: Truth;
}

/** One operator of a field's operator map, applied to the field's value. */
export interface OpStep {
  evaluate(observed: unknown, ctx: EvalContext): Truth;
  /** The evidence of the last evaluation, under the field's path. */
  explain(path: string): Evidence;
  readonly last: Truth;
}

/** A value expression compiled: its value in a context, or undefined for data that is absent. */
export type ValueFn = (ctx: EvalContext) => unknown;
