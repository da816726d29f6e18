/**
 * A test: a field (or a computed value) and its one operator. The language allows exactly one
 * operator per test, so a test is one read and one comparison, with no loop between them.
 */
import type { EvalContext } from './context.js';
import { JoinProbeValue } from './memo.js';
import type { OpStep, PredNode, ValueFn } from './node.js';
import type { Operator } from './operators/operator.js';
import { PartialSelection } from './selection.js';
import type { Evidence, Truth } from './truth.js';

export class FieldNode implements PredNode {
  last: Truth = 'unknown';
  constructor(
    /** How a finding names the value: the path, or a description of the computed value. */
    private readonly label: string,
    private readonly read: ValueFn,
    private readonly op: OpStep,
  ) {}

  truth(ctx: EvalContext): Truth {
    this.last = this.op.evaluate(this.read(ctx), ctx);
    return this.last;
  }

  explain(): Evidence[] {
    return [this.op.explain(this.label)];
  }
}

/** A scalar operator with its argument: a literal, or a value expression evaluated per use. */
export class ScalarStep implements OpStep {
  last: Truth = 'unknown';
  private observed: unknown;
  private arg: unknown;
  private ctx: EvalContext | undefined;

  constructor(
    private readonly name: string,
    private readonly op: Operator,
    private readonly literal: unknown,
    private readonly argFn: ValueFn | undefined,
  ) {}

  evaluate(observed: unknown, ctx: EvalContext): Truth {
    const arg = this.argFn ? this.argFn(ctx) : this.literal;
    this.observed = observed;
    this.arg = arg;
    this.ctx = ctx;
    let t: Truth;
    // Absent data, or an argument computed from absent data, cannot be compared; nor can a
    // selection with unjudged items by an operator that does not reason per item (selection.ts).
    if (this.unknowable(observed, arg)) t = 'unknown';
    else {
      // Building a join index (memo.ts): remember what this item compares the variable with.
      if (ctx.probe && arg instanceof JoinProbeValue && this.name === 'eq') ctx.probe.record(arg, observed);
      t = this.op.test(observed, arg, ctx);
    }
    this.last = t;
    return t;
  }

  private unknowable(observed: unknown, arg: unknown): boolean {
    if (observed === undefined || arg === undefined) return true;
    return !this.op.partial && (observed instanceof PartialSelection || arg instanceof PartialSelection);
  }

  explain(path: string): Evidence {
    if (this.unknowable(this.observed, this.arg)) {
      const expected = this.op.raw || this.arg === undefined || this.arg instanceof PartialSelection ? `${this.name} (could not be determined)` : this.op.describe(this.arg, this.ctx!);
      return { path, observed: undefined, expected };
    }
    return { path, observed: this.observed, expected: this.op.describe(this.arg, this.ctx!) };
  }
}
