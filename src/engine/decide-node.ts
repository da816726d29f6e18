/**
 * `{ decideIf: C, then: P, because: text }`: P decides only where the coverage condition C holds
 * (without `then`, the part is true where C holds: the data covers what the check needs).
 * Where C is false the data cannot show what P asks (a record that begins too late, a source that
 * does not cover the period), so the truth is unknown and the evidence carries `because`, the
 * policy's own words for what is missing, which the result's message shows instead of a path.
 * Where C is unknown, C's own unknown leaves (absent data) are the reason. It never makes anything
 * true that P does not: true only when C and P are both known true.
 */
import type { EvalContext } from './context.js';
import type { PredNode } from './node.js';
import type { Evidence, Truth } from './truth.js';

/** C's leaves when C is false, marked with the reason; one leaf naming the reason if C gave none. */
export function becauseEvidence(condition: Evidence[], because: string): Evidence[] {
  if (condition.length === 0) return [{ path: 'decideIf', observed: undefined, expected: because, because }];
  return condition.map((e) => ({ ...e, because }));
}

export class DecideNode implements PredNode {
  last: Truth = 'unknown';
  constructor(
    private readonly condition: PredNode,
    private readonly then: PredNode | undefined,
    private readonly because: string,
  ) {}

  truth(ctx: EvalContext): Truth {
    // Both parts are evaluated whatever C gives (logic-nodes.ts: joins and policy errors see all).
    const c = this.condition.truth(ctx);
    const p = this.then ? this.then.truth(ctx) : true;
    this.last = c === true ? p : 'unknown';
    return this.last;
  }

  explain(): Evidence[] {
    if (this.condition.last === true) return this.then ? this.then.explain() : this.condition.explain();
    if (this.condition.last === false) return becauseEvidence(this.condition.explain(), this.because);
    return this.condition.explain();
  }
}
