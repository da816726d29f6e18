import type { OperatorMap, OperatorName, Predicate, ValueExpr } from '../policy/check.js';
import type { EvalContext } from './context.js';
import { evaluateValue } from './evaluate-value.js';
import { JoinProbeValue } from './memo.js';
import { OPERATORS } from './operators/index.js';
import { resolvePath } from './path.js';
import { and, negate, or, type Verdict } from './truth.js';

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
