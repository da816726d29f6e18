import type { DurationExpr, Predicate, ValueExpr } from '../language/check.js';
import { withItem, type EvalContext } from './context.js';
import { formatInstant, shift, toInstant } from '../core/duration.js';
import { truthFnOf } from './evaluate-predicate.js';
import { answerJoin, buildJoinIndex, keptItems } from './join.js';
import { analyzeCollectionExpr, type EvalMemo, type JoinIndex } from './memo.js';
import { resolvePath } from './path.js';

/** Thrown for a policy mistake the schema cannot see (an undeclared parameter). */
export class PolicyEvaluationError extends Error {}

type SelectExpr = { select: string; where?: Predicate; pluck?: string };
type CountExpr = { count: string; where?: Predicate };

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
  const truth = truthFnOf(where, ctx);
  for (const item of collection) {
    const t = truth(withItem(ctx, item));
    if (t === 'unknown') return undefined;
    if (t) kept.push(item);
  }
  return kept;
}

function pluckAll(items: unknown[], pluck: string, ctx: EvalContext): unknown[] {
  return items.map((item) => resolvePath(pluck, withItem(ctx, item).scope));
}

/** A `select` or `count` computed the plain way: one pass over the collection. */
function directValue(expr: SelectExpr | CountExpr, ctx: EvalContext): unknown {
  if ('select' in expr) {
    const items = selectItems(expr.select, expr.where, ctx);
    if (!items || !expr.pluck) return items;
    return pluckAll(items, expr.pluck, ctx);
  }
  return selectItems(expr.count, expr.where, ctx)?.length;
}

/** The join index of an expression, built on first use (see memo.ts); null when not indexable. */
function joinIndex(expr: SelectExpr | CountExpr, refs: string[], memo: EvalMemo, ctx: EvalContext): JoinIndex | null {
  const cached = memo.joins.get(expr);
  if (cached !== undefined) return cached;
  const items = resolvePath('select' in expr ? expr.select : expr.count, ctx.scope);
  const index = Array.isArray(items) && expr.where ? buildJoinIndex(items, expr.where, refs, ctx) ?? null : null;
  memo.joins.set(expr, index);
  return index;
}

const NOT_JOINED = Symbol('not joined');

/**
 * A variable-dependent `select`/`count` answered from its join index: only the items that compared
 * equal to the variable's value are evaluated again; every other item keeps its probe verdict.
 */
function joinedValue(expr: SelectExpr | CountExpr, refs: string[], memo: EvalMemo, ctx: EvalContext): unknown {
  const index = joinIndex(expr, refs, memo, ctx);
  if (!index) return NOT_JOINED;
  const answer = answerJoin(index, expr.where!, refs, ctx, (ref) => resolvePath(ref, ctx.scope));
  // An absent or composite key compares differently from the probe: take the plain path.
  if (!answer) return NOT_JOINED;
  // As selectItems: any item that cannot be judged makes the whole selection unknown.
  if (answer.unknownCount > 0) return undefined;
  if ('count' in expr) return answer.trueCount;
  const items = keptItems(index, answer);
  return expr.pluck ? pluckAll(items, expr.pluck, ctx) : items;
}

/** `select`/`count`, through the evaluation's memo when there is one (same values either way). */
function collectionValue(expr: SelectExpr | CountExpr, ctx: EvalContext): unknown {
  const memo = ctx.memo;
  if (memo) {
    const analysis = analyzeCollectionExpr(expr);
    if (analysis.rootOnly) {
      if (memo.values.has(expr)) return memo.values.get(expr);
      const value = directValue(expr, ctx);
      memo.values.set(expr, value);
      return value;
    }
    // While an index is being built, nested joins take the plain path so that every comparison
    // with the probe value is seen and recorded.
    if (analysis.joinRefs.length > 0 && !ctx.probe) {
      const value = joinedValue(expr, analysis.joinRefs, memo, ctx);
      if (value !== NOT_JOINED) return value;
    }
  }
  return directValue(expr, ctx);
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
  if ('select' in expr || 'count' in expr) return collectionValue(expr, ctx);
  return undefined;
}
