import { PartialSelection } from '../selection.js';
import type { Truth } from '../truth.js';
import { memberOf } from './membership.js';
import { show, type Operator } from './operator.js';

function parts(value: unknown): { definite: readonly unknown[]; possible: readonly unknown[] } | undefined {
  if (Array.isArray(value)) return { definite: value, possible: [] };
  if (value instanceof PartialSelection) return value;
  return undefined;
}

/**
 * The observed list and the argument share an element (set intersection). Three-valued per
 * element: a shared element both sides certainly hold makes it true; otherwise an element that
 * could not be read (absent from a plucked item) or that only an unjudged item may hold makes it
 * unknown; else false. So a real overlap is found even while other items are unknown.
 */
export const intersects: Operator = {
  partial: true,
  test(observed, arg, ctx) {
    const obs = parts(observed);
    const against = parts(arg);
    if (!obs || !against) return 'unknown';
    let result: Truth = false;
    for (const value of obs.definite) {
      if (value === undefined) {
        result = 'unknown';
        continue;
      }
      const t = memberOf(value, arg as readonly unknown[] | PartialSelection, ctx);
      if (t === true) return true;
      if (t === 'unknown') result = 'unknown';
    }
    for (const value of obs.possible) {
      if (value === undefined || memberOf(value, arg as readonly unknown[] | PartialSelection, ctx) !== false) result = 'unknown';
    }
    return result;
  },
  describe: (arg) => (parts(arg) ? `shares an element with ${show(arg)}` : 'shares an element with a list'),
};
