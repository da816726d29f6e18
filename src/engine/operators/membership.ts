import type { EvalContext } from '../context.js';
import { isPrimitive } from '../memo.js';
import { deepEqual } from './operator.js';
import { PartialSelection } from '../selection.js';
import type { Truth } from '../truth.js';

// Below this length a scan is as fast as a hash lookup and needs no set.
const SET_THRESHOLD = 16;

function primitiveSet(list: readonly unknown[], ctx: EvalContext): ReadonlySet<unknown> | null {
  const memo = ctx.memo;
  if (!memo) return null;
  // Nearly always the same list as the item before: skip the WeakMap lookup then.
  if (memo.lastSetList === list) return memo.lastSet ?? null;
  let set = memo.sets.get(list);
  if (set === undefined) {
    set = list.every(isPrimitive) ? new Set(list) : null;
    memo.sets.set(list, set);
  }
  memo.lastSetList = list;
  memo.lastSet = set;
  return set;
}

/**
 * Whether `value` is deep-strictly equal to an element of `list`, as `list.some(isDeepStrictEqual)`.
 * `in: { select: $.members, pluck: email }` compares each of n items with a list of m values; a
 * set, built once per list and evaluation, makes that O(n) instead of O(n·m). A set compares like
 * isDeepStrictEqual for primitives except that it treats 0 and -0 as equal, so zeros take the scan.
 */
export function isElement(value: unknown, list: readonly unknown[], ctx: EvalContext): boolean {
  if (list.length >= SET_THRESHOLD && value !== 0) {
    const set = primitiveSet(list, ctx);
    // A list of primitives holds no object, and no primitive is deep-equal to an object.
    if (set) return isPrimitive(value) ? set.has(value) : false;
  }
  return list.some((a) => deepEqual(a, value));
}

/**
 * Membership in a list or in a partial selection (selection.ts): true when `value` is certainly an
 * element, unknown when only an item that could not be judged may hold it, else false.
 */
export function memberOf(value: unknown, list: readonly unknown[] | PartialSelection, ctx: EvalContext): Truth {
  if (!(list instanceof PartialSelection)) return isElement(value, list, ctx);
  if (isElement(value, list.definite, ctx)) return true;
  return isElement(value, list.possible, ctx) ? 'unknown' : false;
}
