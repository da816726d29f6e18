/**
 * `{ path: X, supplied: true }`: whether the source gave X. Unlike every other test it is
 * two-valued on absent data: true where X is present (any value, null included), false where the
 * source did not give it. That is what lets a rule say "where the SCIM token was not supplied, the
 * attestation alone decides". It is unknown only where the answer cannot be known:
 *   - X was given but is held back as unusable (withheld.ts: an unreadable slice, a stale
 *     attestation), which is not the same as not given;
 *   - the path steps through a list, whose elements may each hold X or not (say which with
 *     `every` or `some`: `{ path: members, every: { path: X, supplied: true } }`).
 * Falseness on absent data would turn missing data into a pass under a `not`, so the loader accepts
 * the test only where false can push a result toward fail (src/policy/supplied-placement.ts).
 */
import type { EvalContext } from '../context.js';
import type { PredNode } from '../node.js';
import { parsePath, resolvePath, type Scope } from '../path.js';
import type { Evidence, Truth } from '../truth.js';
import { withheldFields } from '../withheld.js';

/** Why `supplied` gave what it gave: `undefined` for a plain true or false. */
export type SuppliedReason = 'withheld' | 'list' | 'unbound';

export interface SuppliedAnswer {
  truth: Truth;
  reason?: SuppliedReason;
}

const TRUE: SuppliedAnswer = { truth: true };
const FALSE: SuppliedAnswer = { truth: false };

function has(holder: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(holder, key);
}

export function suppliedAt(path: string, scope: Scope): SuppliedAnswer {
  const p = parsePath(path);
  let current: unknown;
  if (p.start === 'root') current = scope.root;
  else if (p.start === 'item') current = scope.item;
  else if (has(scope.vars, p.name)) current = scope.vars[p.name];
  // A variable no `as:` binds is a mistake in the policy, not data the source left out.
  else return { truth: 'unknown', reason: 'unbound' };
  for (const key of p.keys) {
    if (Array.isArray(current)) return { truth: 'unknown', reason: 'list' };
    // null or a scalar holds no field: what is under it was not given.
    if (current === null || typeof current !== 'object') return FALSE;
    if (!has(current, key)) return withheldFields(current)?.has(key) ? { truth: 'unknown', reason: 'withheld' } : FALSE;
    current = (current as Record<string, unknown>)[key];
  }
  return TRUE;
}

/** Why `supplied` could not be determined, as a finding and the result's message say it. */
const UNKNOWN_BECAUSE: Record<SuppliedReason, string> = {
  withheld: 'its source gave it, but it cannot be used (unreadable or stale)',
  list: 'the path steps through a list; judge its elements with every or some',
  unbound: 'the path names a variable no `as` binds',
};

/** What a finding reads as the expected value, by outcome. */
export function describeSupplied(answer: SuppliedAnswer): string {
  return answer.reason === undefined ? 'supplied by its source' : `supplied (could not be determined: ${UNKNOWN_BECAUSE[answer.reason]})`;
}

/** How a finding shows a value that was not given (null would read as "explicitly none"). */
export const NOT_SUPPLIED = '(not supplied)';

export class SuppliedNode implements PredNode {
  last: Truth = 'unknown';
  private answer: SuppliedAnswer = FALSE;
  private scope: Scope | undefined;

  constructor(private readonly path: string) {}

  truth(ctx: EvalContext): Truth {
    this.scope = ctx.scope;
    this.answer = suppliedAt(this.path, ctx.scope);
    this.last = this.answer.truth;
    return this.last;
  }

  explain(): Evidence[] {
    return [suppliedEvidence(this.path, this.answer, () => resolvePath(this.path, this.scope!))];
  }
}

/**
 * The evidence of an answer. `read` gives the value, read only for a finding that reports it; a
 * whole slice is shown by its size. What could not be determined is said in the result's message,
 * as a `decideIf` reason is (an unbound variable is a policy mistake: its path is the clearer name).
 */
export function suppliedEvidence(path: string, answer: SuppliedAnswer, read: () => unknown): Evidence {
  const expected = describeSupplied(answer);
  if (answer.truth === true) return { path, observed: shownSupplied(read()), expected };
  if (answer.truth === false) return { path, observed: NOT_SUPPLIED, expected };
  const reason = answer.reason;
  const because = reason === undefined || reason === 'unbound' ? {} : { because: `${path.replace(/^\$\./, '')}: ${UNKNOWN_BECAUSE[reason]}` };
  return { path, observed: undefined, expected, ...because };
}

/** A given value as the evidence shows it: a scalar as it is, a list or record by what it is. */
export function shownSupplied(value: unknown): unknown {
  if (Array.isArray(value)) return `(supplied: a list of ${value.length})`;
  if (value !== null && typeof value === 'object') return '(supplied)';
  return value;
}
