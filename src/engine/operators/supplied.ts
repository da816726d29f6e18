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

/** What a finding reads as the expected value, by outcome. */
export function describeSupplied(answer: SuppliedAnswer): string {
  switch (answer.reason) {
    case 'withheld': return 'supplied (could not be determined: its source gave it, but it cannot be used: unreadable or stale)';
    case 'list': return 'supplied (could not be determined: the path steps through a list; judge its elements with every or some)';
    case 'unbound': return 'supplied (could not be determined: the path names a variable no `as` binds)';
    default: return 'supplied by its source';
  }
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
    const { truth } = this.answer;
    // The value itself is read only for a finding that reports it.
    const observed = truth === true ? resolvePath(this.path, this.scope!) : truth === false ? NOT_SUPPLIED : undefined;
    return [{ path: this.path, observed, expected: describeSupplied(this.answer) }];
  }
}
