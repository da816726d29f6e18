import type { ParamValue } from '../policy/check.js';
import type { Scope } from './path.js';

/** Everything a predicate may read. No clock and no I/O: `now` is passed in. */
export interface EvalContext {
  scope: Scope;
  now: number;
  params: Readonly<Record<string, ParamValue>>;
}

export function withItem(ctx: EvalContext, item: unknown, bind?: string): EvalContext {
  const vars = bind ? { ...ctx.scope.vars, [bind]: item } : ctx.scope.vars;
  return { ...ctx, scope: { root: ctx.scope.root, vars, item } };
}
