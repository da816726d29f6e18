import type { ParamValue } from '../policy/check.js';
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
}

export function withItem(ctx: EvalContext, item: unknown, bind?: string): EvalContext {
  const vars = bind ? { ...ctx.scope.vars, [bind]: item } : ctx.scope.vars;
  return { ...ctx, scope: { root: ctx.scope.root, vars, item } };
}
