/**
 * Value expressions (the V of `eq: V`, `value: V`, `atMost: V`) compiled once per position in a
 * policy. `select` and `count` go through the evaluation's memo when it has one: a root-only
 * expression is computed once per check, a variable-dependent one is answered from a join index
 * (memo.ts, join.ts); both give the values a plain pass over the collection gives.
 */
import type { CountExpr, DurationExpr, Predicate, SelectExpr, ValueExpr } from '../language/check.js';
import { withItem, type EvalContext } from './context.js';
import { formatInstant, shift, toInstant } from '../core/duration.js';
import { answerJoin, buildJoinIndex, keptItems, possibleItems } from './join.js';
import { analyzeCollectionExpr, type EvalMemo, type JoinIndex } from './memo.js';
import type { PredNode, ValueFn } from './node.js';
import { compilePath, resolvePath } from './path.js';
import { deepEqual } from './operators/operator.js';
import { PartialSelection } from './selection.js';

/** Thrown for a policy mistake the schema cannot see (an undeclared parameter). */
export class PolicyEvaluationError extends Error {}

export type CompilePredicate = (pred: Predicate) => PredNode;

/** A literal needs no evaluation: the compiled form keeps it as written. */
export type CompiledValue = { literal: true; value: unknown } | { literal: false; get: ValueFn };

export function isLiteral(expr: unknown): boolean {
  return expr === null || typeof expr !== 'object' || Array.isArray(expr);
}

function paramValue(name: string, ctx: EvalContext): unknown {
  if (!Object.prototype.hasOwnProperty.call(ctx.params, name)) {
    throw new PolicyEvaluationError(`parameter "${name}" is not declared`);
  }
  return ctx.params[name];
}

/** A duration written literally or given by a parameter (`plus: { param: maxLifetime }`). */
function durationOf(d: DurationExpr | undefined, ctx: EvalContext): string | undefined {
  if (d === undefined || typeof d === 'string') return d;
  const value = paramValue(d.param, ctx);
  if (typeof value !== 'string') throw new PolicyEvaluationError(`parameter "${d.param}" must be a duration like P90D`);
  return value;
}

/** An instant shifted by `plus` and `minus`, in the state's text form (what a finding shows). */
function shifted(base: number | undefined, ctx: EvalContext, plus?: DurationExpr, minus?: DurationExpr): string | undefined {
  if (base === undefined) return undefined;
  let at = base;
  const p = durationOf(plus, ctx);
  const m = durationOf(minus, ctx);
  if (p) at = shift(at, p, 1);
  if (m) at = shift(at, m, -1);
  return formatInstant(at);
}


const NOT_JOINED = Symbol('not joined');

/**
 * The number of distinct values of a field among items; undefined when an item lacks the field
 * (an absent value could equal any other or none: the count cannot be known).
 */
function distinctCount(items: readonly unknown[], field: (scope: EvalContext['scope']) => unknown, ctx: EvalContext): number | undefined {
  const primitives = new Set<unknown>();
  const objects: unknown[] = [];
  for (const item of items) {
    const v = field(withItem(ctx, item).scope);
    if (v === undefined) return undefined;
    if (v !== null && typeof v === 'object') {
      if (!objects.some((o) => deepEqual(o, v))) objects.push(v);
    } else primitives.add(Object.is(v, -0) ? 0 : v);
  }
  return primitives.size + objects.length;
}

/** What a selection of items comes to: the items kept, and those that could not be judged. */
interface Kept {
  items: unknown[];
  possible: unknown[];
}

function compileCollection(expr: SelectExpr | CountExpr, compilePredicate: CompilePredicate): ValueFn {
  const path = 'select' in expr ? expr.select : expr.count;
  const where = expr.where ? compilePredicate(expr.where) : undefined;
  const pluck = 'select' in expr && expr.pluck !== undefined ? compilePath(expr.pluck) : undefined;
  const distinct = 'count' in expr && expr.distinct !== undefined ? compilePath(expr.distinct) : undefined;
  const isCount = 'count' in expr;

  /** Items the `where` keeps, and those it could not judge; undefined when the collection is absent. */
  const selectItems = (ctx: EvalContext): Kept | undefined => {
    const collection = resolvePath(path, ctx.scope);
    if (!Array.isArray(collection)) return undefined;
    if (!where) return { items: collection, possible: [] };
    const items: unknown[] = [];
    const possible: unknown[] = [];
    for (const item of collection) {
      const t = where.truth(withItem(ctx, item));
      if (t === true) items.push(item);
      else if (t === 'unknown') possible.push(item);
    }
    return { items, possible };
  };
  const pluckAll = (items: unknown[], ctx: EvalContext): unknown[] => items.map((item) => pluck!(withItem(ctx, item).scope));
  /**
   * A count over items some of which could not be judged is unknown. A selection with such items
   * is a PartialSelection: membership in it stays decidable for the values the judged items hold.
   */
  const valueOf = (kept: Kept | undefined, ctx: EvalContext): unknown => {
    if (!kept) return undefined;
    if (isCount) {
      if (kept.possible.length > 0) return undefined;
      return distinct ? distinctCount(kept.items, distinct, ctx) : kept.items.length;
    }
    const items = pluck ? pluckAll(kept.items, ctx) : kept.items;
    if (kept.possible.length === 0) return items;
    return new PartialSelection(items, pluck ? pluckAll(kept.possible, ctx) : kept.possible);
  };
  const direct = (ctx: EvalContext): unknown => valueOf(selectItems(ctx), ctx);
  const joinIndex = (refs: string[], memo: EvalMemo, ctx: EvalContext): JoinIndex | null => {
    const cached = memo.joins.get(expr);
    if (cached !== undefined) return cached;
    const items = resolvePath(path, ctx.scope);
    const index = Array.isArray(items) && where ? buildJoinIndex(items, where, refs, ctx) ?? null : null;
    memo.joins.set(expr, index);
    return index;
  };
  // Only the items that compared equal to the variable's value are judged again; every other item
  // keeps its probe verdict.
  const joined = (refs: string[], memo: EvalMemo, ctx: EvalContext): unknown => {
    const index = joinIndex(refs, memo, ctx);
    if (!index || !where) return NOT_JOINED;
    const answer = answerJoin(index, where, refs, ctx, (ref) => resolvePath(ref, ctx.scope));
    // An absent or composite key compares differently from the probe: take the plain path.
    if (!answer) return NOT_JOINED;
    return valueOf({ items: keptItems(index, answer), possible: answer.unknownCount > 0 ? possibleItems(index, answer) : [] }, ctx);
  };
  return (ctx) => {
    const memo = ctx.memo;
    if (memo) {
      const analysis = analyzeCollectionExpr(expr);
      if (analysis.rootOnly) {
        if (memo.values.has(expr)) return memo.values.get(expr);
        const value = direct(ctx);
        memo.values.set(expr, value);
        return value;
      }
      // While an index is being built, nested joins take the plain path so that every comparison
      // with the probe value is seen and recorded.
      if (analysis.joinRefs.length > 0 && !ctx.probe) {
        const value = joined(analysis.joinRefs, memo, ctx);
        if (value !== NOT_JOINED) return value;
      }
    }
    return direct(ctx);
  };
}

/**
 * The compiled form of a value expression. Its function gives undefined when the value depends on
 * data that is absent, which makes every comparison with it unknown.
 */
export function compileValue(expr: ValueExpr | undefined, compilePredicate: CompilePredicate): CompiledValue {
  if (expr === undefined || isLiteral(expr)) return { literal: true, value: expr };
  const e = expr as Exclude<ValueExpr, Literal>;
  if ('param' in e) return { literal: false, get: (ctx) => paramValue(e.param, ctx) };
  if ('ref' in e) {
    const get = compilePath(e.ref);
    if (!e.plus && !e.minus) return { literal: false, get: (ctx) => get(ctx.scope) };
    return {
      literal: false,
      get: (ctx) => {
        const value = get(ctx.scope);
        if (value === null) return null;
        return shifted(toInstant(value), ctx, e.plus, e.minus);
      },
    };
  }
  if ('now' in e) return { literal: false, get: (ctx) => shifted(ctx.now, ctx, e.plus, e.minus) };
  if ('select' in e || 'count' in e) return { literal: false, get: compileCollection(e, compilePredicate) };
  return { literal: true, value: undefined };
}

type Literal = string | number | boolean | null | (string | number | boolean | null)[];

/** How a finding names a computed value. */
export function describeValue(expr: ValueExpr): string {
  if (expr !== null && typeof expr === 'object' && !Array.isArray(expr)) {
    if ('count' in expr) return expr.distinct === undefined ? `count of ${expr.count}` : `count of distinct ${expr.distinct} in ${expr.count}`;
    if ('select' in expr) return expr.select;
    if ('ref' in expr) return expr.ref;
    if ('param' in expr) return expr.param;
  }
  return JSON.stringify(expr);
}
