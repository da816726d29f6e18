import type { ParamValue } from '../language/check.js';
import type { EvalMemo, JoinProbe } from './memo.js';
import type { Scope } from './path.js';

/** Everything a predicate may read. No clock and no I/O: `now` is passed in. */
export interface EvalContext {
  scope: Scope;
  now: number;
  params: Readonly<Record<string, ParamValue>>;
  /**
   * Caches for this one evaluation (see memo.ts). Optional: without it every value is computed
   * afresh, with the same results.
   */
  memo?: EvalMemo;
  /** Set only while a join index is being built (memo.ts). */
  probe?: JoinProbe;
  /** Resources the check declares exempt, by resource type and id (evaluate-check.ts). */
  exempt?: ExemptMatch[];
}

export interface ExemptMatch {
  type: string;
  id: string;
  reason: string;
}

// Called once per item judged (millions of times for a large organization): an object literal of
// one fixed shape is much cheaper than spreading the context.
export function withItem(ctx: EvalContext, item: unknown, bind?: string): EvalContext {
  const vars = bind ? { ...ctx.scope.vars, [bind]: item } : ctx.scope.vars;
  return { scope: { root: ctx.scope.root, vars, item }, now: ctx.now, params: ctx.params, memo: ctx.memo, probe: ctx.probe };
}
