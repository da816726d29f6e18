/**
 * `some`, `every` and `none`: a list whose elements are judged by a nested predicate. A root list
 * judged once per item of a rule (`$.serviceAccountOwners`, once per service account) is answered
 * from a join index after its second use (memo.ts), with the same truths as judging every element.
 */
import type { Predicate } from '../language/check.js';
import { withItem, type EvalContext } from './context.js';
import { answerJoin, buildJoinIndex } from './join.js';
import { analyzeElementPredicate, type JoinIndex } from './memo.js';
import type { OpStep, PredNode } from './node.js';
import { resolvePath } from './path.js';
import { undetermined } from './selection.js';
import type { Evidence, Truth } from './truth.js';

/** How a quantifier concludes from the number of elements judged true, false and unknown. */
type Conclude = (trues: number, falses: number, unknowns: number) => Truth;

const anyTrue: Conclude = (t, _f, u) => (t > 0 ? true : u > 0 ? 'unknown' : false);
const allTrue: Conclude = (_t, f, u) => (f > 0 ? false : u > 0 ? 'unknown' : true);
const noneTrue: Conclude = (t, f, u) => {
  const any = anyTrue(t, f, u);
  return any === 'unknown' ? 'unknown' : !any;
};

export type QuantifierName = 'some' | 'every' | 'none';

const QUANTIFIERS: Record<QuantifierName, { word: string; conclude: Conclude }> = {
  some: { word: 'some', conclude: anyTrue },
  every: { word: 'every', conclude: allTrue },
  none: { word: 'no', conclude: noneTrue },
};

export function isQuantifier(name: string): name is QuantifierName {
  return name === 'some' || name === 'every' || name === 'none';
}

// Lists shorter than this are judged element by element: an index would not pay for itself.
const INDEX_MIN_LENGTH = 16;

export class QuantifierStep implements OpStep {
  last: Truth = 'unknown';
  private observed: unknown;
  private ctx: EvalContext | undefined;
  private readonly word: string;
  private readonly conclude: Conclude;

  constructor(
    private readonly name: QuantifierName,
    /** The predicate as written: the key of the memo's join indexes and of their analysis. */
    private readonly pred: Predicate,
    private readonly element: PredNode,
  ) {
    this.word = QUANTIFIERS[name].word;
    this.conclude = QUANTIFIERS[name].conclude;
  }

  evaluate(observed: unknown, ctx: EvalContext): Truth {
    this.observed = observed;
    this.ctx = ctx;
    this.last = Array.isArray(observed) ? this.elementTruths(observed, ctx) : 'unknown';
    return this.last;
  }

  /**
   * The expected text names the condition as the first element was judged by it. That one element
   * is judged again here, for the description only: only reported items are explained.
   */
  explain(path: string): Evidence {
    const observed = this.observed;
    // A selection with unjudged items is as undetermined as an absent list (selection.ts).
    if (undetermined(observed)) return { path, observed: undefined, expected: `${this.name} (could not be determined)` };
    if (!Array.isArray(observed)) return { path, observed, expected: `${this.word} element of a list` };
    let first = 'the condition';
    if (observed.length > 0) {
      this.element.truth(withItem(this.ctx!, observed[0]));
      first = this.element.explain().map((e) => `${e.path} ${e.expected}`).join(', ');
    }
    return { path, observed, expected: `${this.word} element: ${first}` };
  }

  /** The index of a list already judged once in this evaluation; per-item lists never get one. */
  private indexFor(list: unknown[], refs: string[], ctx: EvalContext): JoinIndex | undefined {
    const memo = ctx.memo;
    if (!memo || ctx.probe || list.length < INDEX_MIN_LENGTH) return undefined;
    const cached = memo.joins.get(this.pred);
    if (cached && cached.items === list) return cached;
    if (memo.lastList.get(this.pred) !== list) {
      memo.lastList.set(this.pred, list);
      return undefined;
    }
    const index = buildJoinIndex(list, this.element, refs, ctx);
    if (index) memo.joins.set(this.pred, index);
    return index;
  }

  private elementTruths(list: unknown[], ctx: EvalContext): Truth {
    const refs = analyzeElementPredicate(this.pred);
    const index = refs ? this.indexFor(list, refs, ctx) : undefined;
    if (index && refs) {
      const answer = answerJoin(index, this.element, refs, ctx, (ref) => resolvePath(ref, ctx.scope));
      if (answer) return this.conclude(answer.trueCount, answer.falseCount, answer.unknownCount);
    }
    let trues = 0;
    let falses = 0;
    let unknowns = 0;
    for (const element of list) {
      const t = this.element.truth(withItem(ctx, element));
      if (t === true) trues++;
      else if (t === false) falses++;
      else unknowns++;
    }
    return this.conclude(trues, falses, unknowns);
  }
}
