import type { DurationExpr, Predicate, ValueExpr } from '../policy/check.js';
import { withItem, type EvalContext } from './context.js';
import { formatInstant, shift, toInstant } from './duration.js';
import { evaluatePredicate } from './evaluate-predicate.js';
import { resolvePath } from './path.js';

/** Thrown for a policy mistake the schema cannot see (an undeclared parameter). */
export class PolicyEvaluationError extends Error {}

/** A duration written literally or given by a parameter (`plus: { param: maxLifetime }`). */
function durationOf(d: DurationExpr | undefined, ctx: EvalContext): string | undefined {
  if (d === undefined || typeof d === 'string') return d;
  const value = paramValue(d.param, ctx);
  if (typeof value !== 'string') throw new PolicyEvaluationError(`parameter "${d.param}" must be a duration like P90D`);
  return value;
}

function shifted(base: number | undefined, ctx: EvalContext, plus?: DurationExpr, minus?: DurationExpr): string | undefined {
  if (base === undefined) return undefined;
  let at = base;
  const p = durationOf(plus, ctx);
  const m = durationOf(minus, ctx);
  if (p) at = shift(at, p, 1);
  if (m) at = shift(at, m, -1);
  return formatInstant(at);
}

function paramValue(name: string, ctx: EvalContext): unknown {
  if (!Object.prototype.hasOwnProperty.call(ctx.params, name)) {
    throw new PolicyEvaluationError(`parameter "${name}" is not declared`);
  }
  return ctx.params[name];
}

/** Items of a collection the `where` predicate keeps; undefined when any item cannot be judged. */
export function selectItems(path: string, where: Predicate | undefined, ctx: EvalContext): unknown[] | undefined {
  const collection = resolvePath(path, ctx.scope);
  if (!Array.isArray(collection)) return undefined;
  if (!where) return collection;
  const kept: unknown[] = [];
  for (const item of collection) {
    const v = evaluatePredicate(where, withItem(ctx, item));
    if (v.truth === 'unknown') return undefined;
    if (v.truth) kept.push(item);
  }
  return kept;
}

/**
 * The value an expression stands for, or undefined when it depends on data that is absent (which
 * makes every comparison with it unknown).
 */
export function evaluateValue(expr: ValueExpr | undefined, ctx: EvalContext): unknown {
  if (expr === null || typeof expr !== 'object' || Array.isArray(expr)) return expr;
  if ('param' in expr) return paramValue(expr.param, ctx);
  if ('ref' in expr) {
    const value = resolvePath(expr.ref, ctx.scope);
    if (!expr.plus && !expr.minus) return value;
    if (value === null) return null;
    return shifted(toInstant(value), ctx, expr.plus, expr.minus);
  }
  if ('now' in expr) return shifted(ctx.now, ctx, expr.plus, expr.minus);
  if ('select' in expr) {
    const items = selectItems(expr.select, expr.where, ctx);
    if (!items || !expr.pluck) return items;
    const pluck = expr.pluck;
    return items.map((item) => resolvePath(pluck, withItem(ctx, item).scope));
  }
  if ('count' in expr) return selectItems(expr.count, expr.where, ctx)?.length;
  return undefined;
}
