/**
 * A field (or a computed value) and its operator map: every operator must hold. The value is read
 * once and handed to each operator.
 */
import type { EvalContext } from './context.js';
import { JoinProbeValue } from './memo.js';
import type { OpStep, PredNode, ValueFn } from './node.js';
import type { Operator } from './operators/operator.js';
import { PartialSelection } from './selection.js';
import type { Evidence, Truth } from './truth.js';

/** The operators of one map over one observed value, and-ed. */
export class OpsNode {
  last: Truth = 'unknown';
  constructor(private readonly steps: readonly OpStep[]) {}

  evaluate(observed: unknown, ctx: EvalContext): Truth {
    let result: Truth = true;
    for (const step of this.steps) {
      const t = step.evaluate(observed, ctx);
      if (t === false) result = false;
      else if (t === 'unknown' && result === true) result = 'unknown';
    }
    this.last = result;
    return result;
  }

  explain(path: string): Evidence[] {
    if (this.steps.length === 1) return [this.steps[0]!.explain(path)];
    const out: Evidence[] = [];
    for (const step of this.steps) if (step.last === this.last) out.push(step.explain(path));
    return out;
  }
}

export class FieldNode implements PredNode {
  last: Truth = 'unknown';
  constructor(
    /** How a finding names the value: the path, or a description of the computed value. */
    private readonly label: string,
    private readonly read: ValueFn,
    private readonly ops: OpsNode,
  ) {}

  truth(ctx: EvalContext): Truth {
    this.last = this.ops.evaluate(this.read(ctx), ctx);
    return this.last;
  }

  explain(): Evidence[] {
    return this.ops.explain(this.label);
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
