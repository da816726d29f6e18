/** `size`: the one operator of a nested map applied to the length of a list. */
import type { EvalContext } from './context.js';
import type { OpStep } from './node.js';
import { undetermined } from './selection.js';
import type { Evidence, Truth } from './truth.js';

export class SizeStep implements OpStep {
  last: Truth = 'unknown';
  private observed: unknown;

  constructor(private readonly op: OpStep) {}

  evaluate(observed: unknown, ctx: EvalContext): Truth {
    this.observed = observed;
    this.last = Array.isArray(observed) ? this.op.evaluate(observed.length, ctx) : 'unknown';
    return this.last;
  }

  explain(path: string): Evidence {
    const observed = this.observed;
    // A selection some of whose items could not be judged has no size yet: as undetermined as an absent list.
    if (undetermined(observed)) return { path, observed: undefined, expected: 'size (could not be determined)' };
    if (!Array.isArray(observed)) return { path, observed, expected: 'a list' };
    return { path, observed, expected: `size ${this.op.explain('size').expected}` };
  }
}
