/**
 * Caches that keep evaluation linear in the size of the organization, without changing a single
 * verdict.
 *
 * Checks join slices: "the creator is an active member" is
 * `{ path: creatorEmail, in: { select: $.members, where: ..., pluck: email } }`, evaluated once per
 * service account. Evaluated naively, every service account re-scans every member: O(n·m), which
 * at 100k members was minutes. Two observations make it linear:
 *
 * 1. A `select`/`count` whose collection is rooted at `$.` and whose `where` reads no `$name`
 *    variable depends only on the state root, the params and `now`. Those are fixed for one check's
 *    evaluation, so its value is computed once and reused (keyed by the expression object).
 * 2. A `select`/`count` whose `where` reads a variable only as `eq: { ref: $name.path }` (the
 *    "members who administer *this* project" join) is evaluated once per item with each variable
 *    replaced by a sentinel that equals nothing, recording the values the `eq`s compared it with.
 *    For a real value X, only the items that recorded X can judge differently from the sentinel
 *    run (every other `eq` is false either way, and verdicts are built from leaf truths alone);
 *    they are evaluated again for real, the rest keep the sentinel verdict. That is a hash join.
 *
 * The memo lives in the evaluation context, is created per check by evaluateCheck, and holds
 * nothing that outlives the evaluation: evaluation stays pure and deterministic.
 */
import type { Predicate } from '../language/check.js';
import { isDecideIf } from './decide-shape.js';
import type { Truth } from './truth.js';

export interface EvalMemo {
  /** Values of root-only `select`/`count` expressions. */
  values: Map<object, unknown>;
  /**
   * Join indexes: of variable-dependent `select`/`count` expressions (keyed by the expression), and
   * of quantifier predicates over a list seen more than once (keyed by the predicate); null: not
   * indexable.
   */
  joins: Map<object, JoinIndex | null>;
  /** The list each quantifier predicate was last applied to: a list seen twice gets an index. */
  lastList: Map<object, unknown[]>;
  /** Lookup sets of lists of primitives, for `in`/`notIn`; null: the list holds objects. */
  sets: WeakMap<readonly unknown[], ReadonlySet<unknown> | null>;
  /** The list looked up last and its set. */
  lastSetList?: readonly unknown[];
  lastSet?: ReadonlySet<unknown> | null;
}

export function createMemo(): EvalMemo {
  return { values: new Map(), joins: new Map(), lastList: new Map(), sets: new WeakMap() };
}

/** Stands for a variable's value while a join index is built; deep-equal to no JSON value. */
export class JoinProbeValue {
  constructor(readonly ref: string) {}
}

/** Collects the values `eq` compared with a JoinProbeValue, per item, while an index is built. */
export interface JoinProbe {
  record(probe: JoinProbeValue, observed: unknown): void;
}

export interface JoinIndex {
  items: unknown[];
  /** The verdict of each item with the variables replaced by probe values. */
  truth0: Truth[];
  trueIndexes0: number[];
  trueCount0: number;
  falseCount0: number;
  unknownCount0: number;
  /** Per `$name.path` reference: primitive value compared -> indexes of the items that compared it. */
  byRef: Map<string, Map<unknown, number[]>>;
}

export function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

/** What a `select`/`count` expression depends on besides the state root, params and `now`. */
export interface ExprAnalysis {
  /** Depends on nothing else: cache its value for the whole evaluation. */
  rootOnly: boolean;
  /** Variable references used only as `eq` arguments (join keys); empty when not joinable. */
  joinRefs: string[];
}

interface Usage {
  /** A path relative to the current item occurs at this level. */
  item: boolean;
  /** A `$name` variable is read other than as a plain `eq: { ref }` argument. */
  otherVar: boolean;
  eqRefs: Set<string>;
}

type PathKind = 'root' | 'var' | 'item';

function pathKind(path: string): PathKind {
  if (path === '$' || path.startsWith('$.')) return 'root';
  if (path.startsWith('$')) return 'var';
  return 'item';
}

function usePath(path: string, u: Usage): void {
  const kind = pathKind(path);
  if (kind === 'var') u.otherVar = true;
  else if (kind === 'item') u.item = true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A nested scope (a `select ... where` or a quantifier) has its own item: keep only variable use. */
function nested(u: Usage, walk: (inner: Usage) => void): void {
  const inner: Usage = { item: false, otherVar: false, eqRefs: u.eqRefs };
  walk(inner);
  if (inner.otherVar) u.otherVar = true;
}

function walkValue(expr: unknown, u: Usage): void {
  if (!isObject(expr)) return;
  if ('ref' in expr && typeof expr.ref === 'string') usePath(expr.ref, u);
  else if ('select' in expr && typeof expr.select === 'string') walkCollection(expr.select, expr.where, u);
  else if ('count' in expr && typeof expr.count === 'string') walkCollection(expr.count, expr.where, u);
}

function walkCollection(path: string, where: unknown, u: Usage): void {
  usePath(path, u);
  if (where !== undefined) nested(u, (inner) => walkPredicate(where as Predicate, inner));
}

function walkOps(ops: Record<string, unknown>, u: Usage): void {
  for (const [name, arg] of Object.entries(ops)) {
    if (name === 'some' || name === 'every' || name === 'none') nested(u, (inner) => walkPredicate(arg as Predicate, inner));
    else if (name === 'size') walkOps(arg as Record<string, unknown>, u);
    else if (name === 'matches') continue;
    else if (name === 'eq' && isObject(arg) && typeof arg.ref === 'string' && pathKind(arg.ref) === 'var' && arg.plus === undefined && arg.minus === undefined) u.eqRefs.add(arg.ref);
    else walkValue(arg, u);
  }
}

function walkPredicate(pred: Predicate, u: Usage): void {
  if (!isObject(pred)) return;
  if ('all' in pred && Array.isArray(pred.all)) for (const p of pred.all) walkPredicate(p, u);
  else if ('any' in pred && Array.isArray(pred.any)) for (const p of pred.any) walkPredicate(p, u);
  else if ('not' in pred && isObject(pred.not)) walkPredicate(pred.not as Predicate, u);
  else if (isDecideIf(pred)) {
    walkPredicate(pred.decideIf, u);
    if (pred.then) walkPredicate(pred.then, u);
  } else {
    // A test: its subject (a path, or a computed value), then its operator.
    const { path, value, ...ops } = pred as Record<string, unknown>;
    if (typeof path === 'string') usePath(path, u);
    else walkValue(value, u);
    walkOps(ops, u);
  }
}

// Static facts about policy objects, which are never mutated after loading: safe to keep for the
// life of the process (a WeakMap lets unloaded policies go).
const analyses = new WeakMap<object, ExprAnalysis>();

/** Analysis of a `select` or `count` value expression. */
export function analyzeCollectionExpr(expr: { select: string; where?: Predicate } | { count: string; where?: Predicate; distinct?: string }): ExprAnalysis {
  let a = analyses.get(expr);
  if (a) return a;
  const path = 'select' in expr ? expr.select : expr.count;
  const u: Usage = { item: false, otherVar: false, eqRefs: new Set() };
  walkCollection(path, expr.where, u);
  const rooted = pathKind(path) === 'root' && !u.item && !u.otherVar;
  a = { rootOnly: rooted && u.eqRefs.size === 0, joinRefs: rooted ? [...u.eqRefs].sort() : [] };
  analyses.set(expr, a);
  return a;
}

const scopedAnalyses = new WeakMap<object, string[] | null>();

/**
 * The join keys of a predicate judged per element of a list (`some`/`every`/`none`), whose relative
 * paths read the element: [] when it reads no variable at all, null when it reads one other than
 * through `eq: { ref }` and so cannot be indexed.
 */
export function analyzeElementPredicate(pred: Predicate): string[] | null {
  let a = scopedAnalyses.get(pred);
  if (a !== undefined) return a;
  const u: Usage = { item: false, otherVar: false, eqRefs: new Set() };
  walkPredicate(pred, u);
  a = u.otherVar ? null : [...u.eqRefs].sort();
  scopedAnalyses.set(pred, a);
  return a;
}

/**
 * Variable bindings in which each reference resolves to its own probe value, or undefined when two
 * references overlap (`$p.id` and `$p.id.x`) and cannot both be probed.
 */
export function probeBindings(refs: string[]): { vars: Record<string, unknown>; probes: JoinProbeValue[] } | undefined {
  const vars: Record<string, unknown> = {};
  const probes: JoinProbeValue[] = [];
  for (const ref of refs) {
    const [head, ...rest] = ref.split('.');
    const name = head!.slice(1);
    const probe = new JoinProbeValue(ref);
    probes.push(probe);
    if (rest.length === 0) {
      if (Object.prototype.hasOwnProperty.call(vars, name)) return undefined;
      vars[name] = probe;
      continue;
    }
    if (!Object.prototype.hasOwnProperty.call(vars, name)) vars[name] = {};
    let node = vars[name];
    for (let i = 0; i < rest.length; i++) {
      if (!isObject(node) || node instanceof JoinProbeValue) return undefined;
      const key = rest[i]!;
      if (i === rest.length - 1) {
        if (Object.prototype.hasOwnProperty.call(node, key)) return undefined;
        node[key] = probe;
      } else {
        if (!Object.prototype.hasOwnProperty.call(node, key)) node[key] = {};
        node = node[key];
      }
    }
  }
  return { vars, probes };
}
