import { formatInstant, isDuration, shift, toInstant } from '../duration.js';
import type { Operator } from './operator.js';

/** The date lies within `duration` of now. null (never happened) is not recent. */
export const newerThan: Operator = {
  apply(observed, arg, ctx) {
    if (!isDuration(arg)) return { truth: 'unknown', expected: 'within a duration' };
    const cutoff = shift(ctx.now, arg, -1);
    const expected = `within ${arg} (on or after ${formatInstant(cutoff)})`;
    if (observed === null) return { truth: false, expected };
    const at = toInstant(observed);
    return { truth: at === undefined ? 'unknown' : at >= cutoff, expected };
  },
};
