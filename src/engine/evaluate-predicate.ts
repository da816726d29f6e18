import type { OperatorMap, OperatorName, Predicate, ValueExpr } from '../language/check.js';
import type { EvalContext } from './context.js';
import { evaluateValue } from './evaluate-value.js';
import { JoinProbeValue } from './memo.js';
import { OPERATORS } from './operators/index.js';
import type { Operator } from './operators/operator.js';
import { compilePath, resolvePath } from './path.js';
import { and, negate, or, type Truth, type Verdict } from './truth.js';

// Object.entries of the same policy maps, once per map instead of once per item evaluated: the
// maps come from loaded policies and are never mutated.
const entriesCache = new WeakMap<object, [string, unknown][]>();
function entriesOf<T>(map: Record<string, T>): [string, T][] {
  let e = entriesCache.get(map);
  if (!e) {
    e = Object.entries(map);
    entriesCache.set(map, e);
  }
  return e as [string, T][];
}

/** Every operator of a map applied to one observed value; all must hold. */
export function applyOperators(path: string, observed: unknown, ops: OperatorMap, ctx: EvalContext): Verdict {
  const parts: Verdict[] = [];
  for (const [name, rawArg] of entriesOf(ops as Record<string, unknown>) as [OperatorName, unknown][]) {
    const op = OPERATORS[name];
    const arg = op.raw ? rawArg : evaluateValue(rawArg as ValueExpr, ctx);
    if (observed === undefined || (!op.raw && arg === undefined)) {
      const expected = op.raw || arg === undefined ? `${name} (could not be determined)` : op.apply(null, arg, ctx).expected;
      parts.push({ truth: 'unknown', evidence: [{ path, observed: undefined, expected }] });
      continue;
    }
    // Building a join index (memo.ts): remember what this item compares the variable with.
    if (ctx.probe && name === 'eq' && arg instanceof JoinProbeValue) ctx.probe.record(arg, observed);
    const outcome = op.apply(observed, arg, ctx);
    parts.push({ truth: outcome.truth, evidence: [{ path, observed, expected: outcome.expected }] });
  }
  return parts.length === 1 ? parts[0]! : and(parts);
}

export function evaluatePredicate(pred: Predicate, ctx: EvalContext): Verdict {
  if ('all' in pred && Array.isArray(pred.all)) return and(pred.all.map((p) => evaluatePredicate(p, ctx)));
  if ('any' in pred && Array.isArray(pred.any)) return or(pred.any.map((p) => evaluatePredicate(p, ctx)));
  if ('not' in pred && isPredicate(pred.not)) return negate(evaluatePredicate(pred.not, ctx));
  if ('value' in pred && 'is' in pred) {
    const p = pred as { value: ValueExpr; is: OperatorMap };
    return applyOperators(describeValue(p.value), evaluateValue(p.value, ctx), p.is, ctx);
  }
  const fields = entriesOf(pred as Record<string, OperatorMap>);
  if (fields.length === 1) {
    const [path, ops] = fields[0]!;
    return applyOperators(path, resolvePath(path, ctx.scope), ops, ctx);
  }
  return and(fields.map(([path, ops]) => applyOperators(path, resolvePath(path, ctx.scope), ops, ctx)));
}

// ---------------------------------------------------------------------------------------------
// Truth only. Most items a check judges pass, and the evidence built for them (leaf descriptions,
// verdict objects) is thrown away; at 100k members that was most of the evaluation time. These
// functions give the truth evaluatePredicate would give, building nothing. Like evaluatePredicate
// they evaluate every part (no short-circuit), so that a join probe sees every comparison and a
// policy error is thrown exactly when it would be. The rules use them only when the evaluation has
// a memo; without one (`withoutMemo`) the engine takes its reference path, and the tests compare
// the two on every policy case and on generated and damaged organizations.

// Each predicate and operator map is compiled once into a closure (kept in a WeakMap by the policy
// object, which is never mutated): the kind of node, its operators and their literal arguments are
// settled at compile time instead of being looked up again for each of a million items.

type TruthFn = (ctx: EvalContext) => Truth;
type OpsFn = (observed: unknown, ctx: EvalContext) => Truth;

const compiledPredicates = new WeakMap<object, TruthFn>();
const compiledOps = new WeakMap<object, OpsFn>();

/** Kleene `and` of the parts, each evaluated (no short-circuit, as `and` of verdicts). */
function allOf(parts: TruthFn[]): TruthFn {
  return (ctx) => {
    let result: Truth = true;
    for (const part of parts) {
      const t = part(ctx);
      if (t === false) result = false;
      else if (t === 'unknown' && result === true) result = 'unknown';
    }
    return result;
  };
}

/** Kleene `or` of the parts, each evaluated. */
function anyOf(parts: TruthFn[]): TruthFn {
  return (ctx) => {
    let result: Truth = false;
    for (const part of parts) {
      const t = part(ctx);
      if (t === true) result = true;
      else if (t === 'unknown' && result === false) result = 'unknown';
    }
    return result;
  };
}

interface OpStep {
  name: OperatorName;
  test: Operator['test'];
  raw: boolean;
  /** The argument needs no evaluation: raw, or a literal (evaluateValue returns those as they are). */
  literal: boolean;
  arg: unknown;
}

function compileOps(ops: OperatorMap): OpsFn {
  let fn = compiledOps.get(ops);
  if (fn) return fn;
  const steps: OpStep[] = entriesOf(ops as Record<string, unknown>).map(([name, rawArg]) => {
    const op = OPERATORS[name as OperatorName];
    const raw = op.raw === true;
    const literal = raw || rawArg === null || typeof rawArg !== 'object' || Array.isArray(rawArg);
    return { name: name as OperatorName, test: op.test, raw, literal, arg: rawArg };
  });
  fn = (observed, ctx) => {
    let result: Truth = true;
    for (const step of steps) {
      const arg = step.literal ? step.arg : evaluateValue(step.arg as ValueExpr, ctx);
      let t: Truth;
      if (observed === undefined || (!step.raw && arg === undefined)) t = 'unknown';
      else {
        if (ctx.probe && step.name === 'eq' && arg instanceof JoinProbeValue) ctx.probe.record(arg, observed);
        t = step.test(observed, arg, ctx);
      }
      if (t === false) result = false;
      else if (t === 'unknown' && result === true) result = 'unknown';
    }
    return result;
  };
  compiledOps.set(ops, fn);
  return fn;
}

function compilePredicate(pred: Predicate): TruthFn {
  let fn = compiledPredicates.get(pred);
  if (fn) return fn;
  if ('all' in pred && Array.isArray(pred.all)) {
    fn = allOf(pred.all.map((p) => lazy(p)));
  } else if ('any' in pred && Array.isArray(pred.any)) {
    fn = anyOf(pred.any.map((p) => lazy(p)));
  } else if ('not' in pred && isPredicate(pred.not)) {
    const inner = lazy(pred.not);
    fn = (ctx) => {
      const t = inner(ctx);
      return t === 'unknown' ? 'unknown' : !t;
    };
  } else if ('value' in pred && 'is' in pred) {
    const p = pred as { value: ValueExpr; is: OperatorMap };
    const ops = compileOps(p.is);
    fn = (ctx) => ops(evaluateValue(p.value, ctx), ctx);
  } else {
    const fields = entriesOf(pred as Record<string, OperatorMap>).map(([path, ops]) => ({ get: compilePath(path), ops: compileOps(ops) }));
    if (fields.length === 1) {
      const { get, ops } = fields[0]!;
      fn = (ctx) => ops(get(ctx.scope), ctx);
    } else {
      fn = allOf(fields.map(({ get, ops }) => (ctx: EvalContext) => ops(get(ctx.scope), ctx)));
    }
  }
  compiledPredicates.set(pred, fn);
  return fn;
}

/** Compiles a sub-predicate on first use, as the interpreter reached it only when evaluated. */
function lazy(pred: Predicate): TruthFn {
  let fn: TruthFn | undefined;
  return (ctx) => (fn ??= compilePredicate(pred))(ctx);
}

/** The truth of applyOperators(path, observed, ops, ctx). */
export function operatorsTruth(observed: unknown, ops: OperatorMap, ctx: EvalContext): Truth {
  return compileOps(ops)(observed, ctx);
}

/** The truth of evaluatePredicate(pred, ctx). */
export function predicateTruth(pred: Predicate, ctx: EvalContext): Truth {
  return compilePredicate(pred)(ctx);
}

/** The truth of a predicate: by the fast path when the evaluation has a memo, else the reference. */
export function truthOf(pred: Predicate, ctx: EvalContext): Truth {
  return ctx.memo ? predicateTruth(pred, ctx) : evaluatePredicate(pred, ctx).truth;
}

/**
 * truthOf as a function, looked up once for a loop over many items instead of once per item:
 * the compiled predicate when the evaluation has a memo, else the reference path.
 */
export function truthFnOf(pred: Predicate, ctx: EvalContext): (ctx: EvalContext) => Truth {
  return ctx.memo ? compilePredicate(pred) : (c) => evaluatePredicate(pred, c).truth;
}

function isPredicate(value: unknown): value is Predicate {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describeValue(expr: ValueExpr): string {
  if (expr !== null && typeof expr === 'object' && !Array.isArray(expr)) {
    if ('count' in expr) return `count of ${expr.count}`;
    if ('select' in expr) return expr.select;
    if ('ref' in expr) return expr.ref;
    if ('param' in expr) return expr.param;
  }
  return JSON.stringify(expr);
}
