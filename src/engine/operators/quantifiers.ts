import type { Predicate } from '../../language/check.js';
import { withItem, type EvalContext } from '../context.js';
import { evaluatePredicate, truthFnOf } from '../evaluate-predicate.js';
import { answerJoin, buildJoinIndex } from '../join.js';
import { analyzeElementPredicate, type JoinIndex } from '../memo.js';
import { resolvePath } from '../path.js';
import { and, negate, or, type Truth, type Verdict } from '../truth.js';
import type { Operator } from './operator.js';

/** How a quantifier concludes from the number of elements judged true, false and unknown. */
type Conclude = (trues: number, falses: number, unknowns: number) => Truth;

// Lists shorter than this are judged element by element: an index would not pay for itself.
const INDEX_MIN_LENGTH = 16;

/**
 * The index of a quantifier over a list it has already judged once in this evaluation (a root
 * list such as `$.serviceAccountOwners`, judged once per service account). A list seen for the
 * first time is judged plainly: per-item lists (a member's own grants) never get an index.
 */
function indexFor(pred: Predicate, list: unknown[], refs: string[], ctx: EvalContext): JoinIndex | undefined {
  const memo = ctx.memo;
  if (!memo || ctx.probe || list.length < INDEX_MIN_LENGTH) return undefined;
  const cached = memo.joins.get(pred);
  if (cached && cached.items === list) return cached;
  if (memo.lastList.get(pred) !== list) {
    memo.lastList.set(pred, list);
    return undefined;
  }
  const index = buildJoinIndex(list, pred, refs, ctx);
  if (index) memo.joins.set(pred, index);
  return index;
}

/** The truths of every element, from the index when the list has one (same truths either way). */
function elementTruths(pred: Predicate, list: unknown[], ctx: EvalContext, conclude: Conclude): Truth {
  const refs = analyzeElementPredicate(pred);
  const index = refs ? indexFor(pred, list, refs, ctx) : undefined;
  if (index && refs) {
    const answer = answerJoin(index, pred, refs, ctx, (ref) => resolvePath(ref, ctx.scope));
    if (answer) return conclude(answer.trueCount, answer.falseCount, answer.unknownCount);
  }
  let trues = 0;
  let falses = 0;
  let unknowns = 0;
  const truth = truthFnOf(pred, ctx);
  for (const element of list) {
    const t = truth(withItem(ctx, element));
    if (t === true) trues++;
    else if (t === false) falses++;
    else unknowns++;
  }
  return conclude(trues, falses, unknowns);
}

/** `some`, `every` and `none` judge each element of a list with a nested predicate. */
function quantifier(word: string, combine: typeof and, conclude: Conclude): Operator {
  const describe = (first: Verdict | undefined) =>
    `${word} element: ${first?.evidence.map((e) => `${e.path} ${e.expected}`).join(', ') ?? 'the condition'}`;
  const op: Operator = {
    raw: true,
    test(observed, arg, ctx) {
      if (!Array.isArray(observed)) return 'unknown';
      if (!ctx.memo) return op.apply(observed, arg, ctx).truth;
      return elementTruths(arg as Predicate, observed, ctx, conclude);
    },
    apply(observed, arg, ctx) {
      if (!Array.isArray(observed)) return { truth: 'unknown', expected: `${word} element of a list` };
      const pred = arg as Predicate;
      if (ctx.memo) {
        // Fast path: truths of all elements, and the first element's full verdict to describe it.
        const first = observed.length > 0 ? evaluatePredicate(pred, withItem(ctx, observed[0])) : undefined;
        return { truth: elementTruths(pred, observed, ctx, conclude), expected: describe(first) };
      }
      const verdicts = observed.map((element) => evaluatePredicate(pred, withItem(ctx, element)));
      const v = combine(verdicts);
      return { truth: v.truth, expected: describe(verdicts[0]) };
    },
  };
  return op;
}

// The conclusions match and/or/negate on the element verdicts (truth.ts).
const anyTrue: Conclude = (t, _f, u) => (t > 0 ? true : u > 0 ? 'unknown' : false);
const allTrue: Conclude = (_t, f, u) => (f > 0 ? false : u > 0 ? 'unknown' : true);
const noneTrue: Conclude = (t, f, u) => {
  const any = anyTrue(t, f, u);
  return any === 'unknown' ? 'unknown' : !any;
};

export const some = quantifier('some', or, anyTrue);
export const every = quantifier('every', and, allTrue);
export const none = quantifier('no', (parts) => negate(or(parts)), noneTrue);
