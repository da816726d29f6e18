/**
 * Hash joins for predicates that compare list elements with a variable (see memo.ts for why the
 * answers are the same as evaluating every element).
 */
import { withItem, type EvalContext } from './context.js';
import { isPrimitive, probeBindings, type JoinIndex, type JoinProbe } from './memo.js';
import type { PredNode } from './node.js';
import type { Truth } from './truth.js';

/**
 * Judges every item once with each variable reference bound to a probe value, recording which
 * primitive values each item's `eq`s compared the probe with. Undefined when the references
 * overlap and cannot be probed.
 */
export function buildJoinIndex(items: unknown[], where: PredNode, refs: string[], ctx: EvalContext): JoinIndex | undefined {
  const bindings = probeBindings(refs);
  if (!bindings) return undefined;
  const byRef = new Map(refs.map((r) => [r, new Map<unknown, number[]>()]));
  let current = 0;
  const probe: JoinProbe = {
    record(p, observed) {
      // A primitive is the only kind of value `eq` can find equal to a primitive key.
      if (observed === undefined || !isPrimitive(observed)) return;
      const values = byRef.get(p.ref)!;
      const list = values.get(observed);
      if (!list) values.set(observed, [current]);
      else if (list[list.length - 1] !== current) list.push(current);
    },
  };
  const probeCtx: EvalContext = { ...ctx, scope: { root: ctx.scope.root, vars: { ...ctx.scope.vars, ...bindings.vars }, item: ctx.scope.item }, probe };
  const truth0: Truth[] = [];
  const trueIndexes0: number[] = [];
  let falseCount0 = 0;
  let unknownCount0 = 0;
  for (current = 0; current < items.length; current++) {
    const t = where.truth(withItem(probeCtx, items[current]));
    truth0.push(t);
    if (t === true) trueIndexes0.push(current);
    else if (t === false) falseCount0++;
    else unknownCount0++;
  }
  return { items, truth0, trueIndexes0, trueCount0: trueIndexes0.length, falseCount0, unknownCount0, byRef };
}

/** How the items of an index judge for the variables' values in `ctx`. */
export interface JoinAnswer {
  trueCount: number;
  falseCount: number;
  unknownCount: number;
  /** Items judged again for real, with their truths (all others keep the probe's). */
  changed: Map<number, Truth>;
}

/**
 * The verdict counts for the variables' current values, or undefined when a value is absent or not
 * a primitive (the probe stands only for primitive values): the caller then evaluates plainly.
 * `alsoJudge` lists items to evaluate for real regardless (a quantifier describes its first one).
 */
export function answerJoin(index: JoinIndex, where: PredNode, refs: string[], ctx: EvalContext, resolveRef: (ref: string) => unknown, alsoJudge: number[] = []): JoinAnswer | undefined {
  const candidates = new Set<number>(alsoJudge);
  for (const ref of refs) {
    const value = resolveRef(ref);
    if (value === undefined || !isPrimitive(value)) return undefined;
    for (const i of index.byRef.get(ref)!.get(value) ?? []) candidates.add(i);
  }
  let trueCount = index.trueCount0;
  let falseCount = index.falseCount0;
  let unknownCount = index.unknownCount0;
  const changed = new Map<number, Truth>();
  for (const i of candidates) {
    const before = index.truth0[i];
    if (before === true) trueCount--;
    else if (before === false) falseCount--;
    else unknownCount--;
    const now = where.truth(withItem(ctx, index.items[i]));
    if (now === true) trueCount++;
    else if (now === false) falseCount++;
    else unknownCount++;
    changed.set(i, now);
  }
  return { trueCount, falseCount, unknownCount, changed };
}

/** The items judged true, in their original order. */
export function keptItems(index: JoinIndex, answer: JoinAnswer): unknown[] {
  const kept = index.trueIndexes0.filter((i) => !answer.changed.has(i));
  for (const [i, t] of answer.changed) if (t === true) kept.push(i);
  kept.sort((a, b) => a - b);
  return kept.map((i) => index.items[i]);
}

/** The items judged unknown, in their original order. */
export function possibleItems(index: JoinIndex, answer: JoinAnswer): unknown[] {
  const out: number[] = [];
  for (let i = 0; i < index.items.length; i++) {
    const t = answer.changed.has(i) ? answer.changed.get(i) : index.truth0[i];
    if (t === 'unknown') out.push(i);
  }
  return out.map((i) => index.items[i]);
}
