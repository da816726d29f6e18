/**
 * A slow, plainly written interpreter of the check language, kept as a test oracle for the engine's
 * one (compiled) interpreter: it builds a full verdict for every node, never caches, never joins,
 * and reads like the language's definition in docs/check-language.md. The engine must give the
 * same truth and the same deciding evidence for every predicate (test/engine/one-interpreter.test.ts).
 */
import { withItem, type EvalContext } from '../../src/engine/context.js';
import { describeValue } from '../../src/engine/compile-value.js';
import { SCALAR_OPERATORS, isScalarOperator } from '../../src/engine/operators/index.js';
import { suppliedEvidence, type SuppliedAnswer } from '../../src/engine/operators/supplied.js';
import { resolvePath } from '../../src/engine/path.js';
import { withheldFields } from '../../src/engine/withheld.js';
import type { Evidence, Truth, Verdict } from '../../src/engine/truth.js';
import { isDeepStrictEqual } from 'node:util';
import { formatInstant, shift, toInstant } from '../../src/core/duration.js';
import { PartialSelection } from '../../src/engine/selection.js';
import type { DurationExpr, OperatorMap, Predicate, ValueExpr } from '../../src/language/check.js';

function and(parts: Verdict[]): Verdict {
  const truth: Truth = parts.some((p) => p.truth === false) ? false : parts.some((p) => p.truth === 'unknown') ? 'unknown' : true;
  return { truth, evidence: parts.filter((p) => p.truth === truth).flatMap((p) => p.evidence) };
}

let groups = 0;
function or(parts: Verdict[]): Verdict {
  const first = parts.find((p) => p.truth === true);
  if (first) return first;
  const truth: Truth = parts.some((p) => p.truth === 'unknown') ? 'unknown' : false;
  const deciding = parts.filter((p) => p.truth === truth);
  const evidence = deciding.flatMap((p) => p.evidence);
  if (deciding.length < 2 || deciding.some((p) => p.evidence.length !== 1)) return { truth, evidence };
  const group = ++groups;
  return { truth, evidence: evidence.map((e) => ({ ...e, alternative: group })) };
}

function negate(v: Verdict): Verdict {
  return { truth: v.truth === 'unknown' ? 'unknown' : !v.truth, evidence: v.evidence.map((e) => ({ ...e, expected: `not (${e.expected})` })) };
}

/** `decideIf`: then's verdict (or the condition's, without `then`) where the condition holds; otherwise unknown, for the stated reason. */
function decide(condition: Verdict, then: Verdict, because: string): Verdict {
  if (condition.truth === true) return then;
  if (condition.truth === 'unknown') return condition;
  const evidence = condition.evidence.length > 0 ? condition.evidence : [{ path: 'decideIf', observed: undefined, expected: because }];
  return { truth: 'unknown', evidence: evidence.map((e) => ({ ...e, because })) };
}

function param(name: string, ctx: EvalContext): unknown {
  if (!Object.prototype.hasOwnProperty.call(ctx.params, name)) throw new Error(`parameter "${name}" is not declared`);
  return ctx.params[name];
}

function duration(d: DurationExpr | undefined, ctx: EvalContext): string | undefined {
  return d === undefined || typeof d === 'string' ? d : (param(d.param, ctx) as string);
}

function shifted(at: number | undefined, ctx: EvalContext, plus?: DurationExpr, minus?: DurationExpr): string | undefined {
  if (at === undefined) return undefined;
  const p = duration(plus, ctx);
  const m = duration(minus, ctx);
  let t = at;
  if (p) t = shift(t, p, 1);
  if (m) t = shift(t, m, -1);
  return formatInstant(t);
}

/** The items `where` keeps and those it cannot judge; undefined when the collection is absent. */
function select(path: string, where: Predicate | undefined, ctx: EvalContext): { kept: unknown[]; unsure: unknown[] } | undefined {
  const items = resolvePath(path, ctx.scope);
  if (!Array.isArray(items)) return undefined;
  if (!where) return { kept: items, unsure: [] };
  const truths = items.map((item) => evaluatePredicate(where, withItem(ctx, item)).truth);
  return { kept: items.filter((_, i) => truths[i] === true), unsure: items.filter((_, i) => truths[i] === 'unknown') };
}

export function evaluateValue(expr: ValueExpr | undefined, ctx: EvalContext): unknown {
  if (expr === null || typeof expr !== 'object' || Array.isArray(expr)) return expr;
  if ('param' in expr) return param(expr.param, ctx);
  if ('ref' in expr) {
    const v = resolvePath(expr.ref, ctx.scope);
    if (!expr.plus && !expr.minus) return v;
    return v === null ? null : shifted(toInstant(v), ctx, expr.plus, expr.minus);
  }
  if ('now' in expr) return shifted(ctx.now, ctx, expr.plus, expr.minus);
  if ('select' in expr) {
    const s = select(expr.select, expr.where, ctx);
    if (!s) return undefined;
    const pluck = expr.pluck;
    const values = (items: unknown[]) => (pluck ? items.map((item) => resolvePath(pluck, withItem(ctx, item).scope)) : items);
    return s.unsure.length === 0 ? values(s.kept) : new PartialSelection(values(s.kept), values(s.unsure));
  }
  if ('count' in expr) {
    const s = select(expr.count, expr.where, ctx);
    if (!s || s.unsure.length > 0) return undefined;
    const field = expr.distinct;
    if (field === undefined) return s.kept.length;
    const values = s.kept.map((item) => resolvePath(field, withItem(ctx, item).scope));
    if (values.includes(undefined)) return undefined;
    const distinct: unknown[] = [];
    for (const v of values) if (!distinct.some((d) => isDeepStrictEqual(d, v) || (d === 0 && v === 0))) distinct.push(v);
    return distinct.length;
  }
  return undefined;
}

const WORDS: Record<string, string> = { some: 'some', every: 'every', none: 'no' };

function quantify(name: string, list: unknown[], pred: Predicate, ctx: EvalContext): { truth: Truth; expected: string } {
  const verdicts = list.map((element) => evaluatePredicate(pred, withItem(ctx, element)));
  const anyV = or(verdicts);
  const truth = name === 'some' ? anyV.truth : name === 'every' ? and(verdicts).truth : negate(anyV).truth;
  const first = verdicts[0] ? verdicts[0].evidence.map((e) => `${e.path} ${e.expected}`).join(', ') : 'the condition';
  return { truth, expected: `${WORDS[name]} element: ${first}` };
}

function applyOne(name: string, observed: unknown, rawArg: unknown, ctx: EvalContext, path: string): Evidence & { truth: Truth } {
  const structural = name === 'some' || name === 'every' || name === 'none' || name === 'size';
  const raw = structural || (isScalarOperator(name) && SCALAR_OPERATORS[name].raw === true);
  const arg = raw ? rawArg : evaluateValue(rawArg as ValueExpr, ctx);
  // A selection with unjudged items is only for the operators that reason per item.
  const partialOk = isScalarOperator(name) && SCALAR_OPERATORS[name].partial === true;
  const partial = !partialOk && (observed instanceof PartialSelection || arg instanceof PartialSelection);
  if (observed === undefined || arg === undefined || partial) {
    const expected = raw || arg === undefined || arg instanceof PartialSelection ? `${name} (could not be determined)` : SCALAR_OPERATORS[name as keyof typeof SCALAR_OPERATORS].describe(arg, ctx);
    return { truth: 'unknown', path, observed: undefined, expected };
  }
  if (name === 'size') {
    if (!Array.isArray(observed)) return { truth: 'unknown', path, observed, expected: 'a list' };
    const v = applyOperators('size', observed.length, rawArg as OperatorMap, ctx);
    return { truth: v.truth, path, observed, expected: `size ${v.evidence.map((e) => e.expected).join(' and ')}` };
  }
  if (structural) {
    if (!Array.isArray(observed)) return { truth: 'unknown', path, observed, expected: `${WORDS[name]} element of a list` };
    return { ...quantify(name, observed, rawArg as Predicate, ctx), path, observed };
  }
  if (!isScalarOperator(name)) throw new Error(`unknown operator ${name}`);
  const op = SCALAR_OPERATORS[name];
  return { truth: op.test(observed, arg, ctx), path, observed, expected: op.describe(arg, ctx) };
}

function applyOperators(path: string, observed: unknown, ops: OperatorMap, ctx: EvalContext): Verdict {
  const parts = Object.entries(ops).map(([name, arg]) => {
    const { truth, ...evidence } = applyOne(name, observed, arg, ctx, path);
    return { truth, evidence: [evidence] };
  });
  return parts.length === 1 ? parts[0]! : and(parts);
}

/**
 * `supplied`, as the language defines it: true where every step of the path finds its field, false
 * where one is missing (or its holder is null or a scalar), unknown where the source gave the field
 * but it is held back as unusable, or where a step meets a list.
 */
function supplied(path: string, ctx: EvalContext): Verdict {
  const [head, ...rest] = path.split('.');
  let holder: unknown;
  let keys = rest;
  if (head === '$') holder = ctx.scope.root;
  else if (head!.startsWith('$')) {
    const name = head!.slice(1);
    if (!Object.prototype.hasOwnProperty.call(ctx.scope.vars, name)) return verdictOf(path, { truth: 'unknown', reason: 'unbound' }, ctx);
    holder = ctx.scope.vars[name];
  } else {
    holder = ctx.scope.item;
    keys = [head!, ...rest];
  }
  for (const key of keys) {
    if (Array.isArray(holder)) return verdictOf(path, { truth: 'unknown', reason: 'list' }, ctx);
    if (holder === null || typeof holder !== 'object') return verdictOf(path, { truth: false }, ctx);
    if (!Object.prototype.hasOwnProperty.call(holder, key)) {
      return verdictOf(path, withheldFields(holder)?.has(key) ? { truth: 'unknown', reason: 'withheld' } : { truth: false }, ctx);
    }
    holder = (holder as Record<string, unknown>)[key];
  }
  return verdictOf(path, { truth: true }, ctx);
}

function verdictOf(path: string, answer: SuppliedAnswer, ctx: EvalContext): Verdict {
  return { truth: answer.truth, evidence: [suppliedEvidence(path, answer, () => resolvePath(path, ctx.scope))] };
}

export function evaluatePredicate(pred: Predicate, ctx: EvalContext): Verdict {
  if ('all' in pred && Array.isArray(pred.all)) return and(pred.all.map((p) => evaluatePredicate(p, ctx)));
  if ('any' in pred && Array.isArray(pred.any)) return or(pred.any.map((p) => evaluatePredicate(p, ctx)));
  if ('not' in pred && pred.not !== null && typeof pred.not === 'object' && !Array.isArray(pred.not)) return negate(evaluatePredicate(pred.not as Predicate, ctx));
  if ('decideIf' in pred) {
    const condition = evaluatePredicate(pred.decideIf, ctx);
    return decide(condition, pred.then ? evaluatePredicate(pred.then, ctx) : { truth: true, evidence: condition.evidence }, pred.because);
  }
  const { path, value, ...ops } = pred as Record<string, unknown>;
  if ('supplied' in ops && typeof path === 'string') return supplied(path, ctx);
  if (typeof path === 'string') return applyOperators(path, resolvePath(path, ctx.scope), ops as OperatorMap, ctx);
  return applyOperators(describeValue(value as ValueExpr), evaluateValue(value as ValueExpr, ctx), ops as OperatorMap, ctx);
}
