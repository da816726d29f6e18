/**
 * `and`, `or` and `not` over compiled predicates. Every part is evaluated, never short-circuited:
 * a join index being built (memo.ts) must see every comparison, and a policy error (an undeclared
 * parameter) must be thrown whatever the data. Explaining keeps the parts that decided the truth.
 */
import type { EvalContext } from './context.js';
import type { PredNode } from './node.js';
import type { Evidence, Truth } from './truth.js';

export class AndNode implements PredNode {
  last: Truth = 'unknown';
  constructor(private readonly parts: readonly PredNode[]) {}

  truth(ctx: EvalContext): Truth {
    let result: Truth = true;
    for (const part of this.parts) {
      const t = part.truth(ctx);
      if (t === false) result = false;
      else if (t === 'unknown' && result === true) result = 'unknown';
    }
    this.last = result;
    return result;
  }

  /** False: every false part; unknown: every unknown part; true: every part. */
  explain(): Evidence[] {
    const out: Evidence[] = [];
    for (const part of this.parts) if (part.last === this.last) out.push(...part.explain());
    return out;
  }
}

// Numbers the groups of alternatives in findings; only equality between neighbours is ever read.
let alternativeGroups = 0;

export class OrNode implements PredNode {
  last: Truth = 'unknown';
  constructor(private readonly parts: readonly PredNode[]) {}

  truth(ctx: EvalContext): Truth {
    let result: Truth = false;
    for (const part of this.parts) {
      const t = part.truth(ctx);
      if (t === true) result = true;
      else if (t === 'unknown' && result === false) result = 'unknown';
    }
    this.last = result;
    return result;
  }

  /**
   * True: the first part that holds. Otherwise every deciding part, marked as alternatives when
   * there are several and each is a single leaf (a nested `and` keeps its own "and" reading).
   */
  explain(): Evidence[] {
    if (this.last === true) return this.parts.find((p) => p.last === true)!.explain();
    const deciding = this.parts.filter((p) => p.last === this.last).map((p) => p.explain());
    const evidence = deciding.flat();
    if (deciding.length < 2 || deciding.some((e) => e.length !== 1)) return evidence;
    const group = ++alternativeGroups;
    return evidence.map((e) => ({ ...e, alternative: group }));
  }
}

export class NotNode implements PredNode {
  last: Truth = 'unknown';
  constructor(private readonly inner: PredNode) {}

  truth(ctx: EvalContext): Truth {
    const t = this.inner.truth(ctx);
    this.last = t === 'unknown' ? 'unknown' : !t;
    return this.last;
  }

  explain(): Evidence[] {
    return this.inner.explain().map((e) => ({ ...e, expected: `not (${e.expected})` }));
  }
}
