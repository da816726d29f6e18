import { cutoffBefore, isDuration, toInstant } from '../../core/duration.js';
import type { Operator } from './operator.js';

/** The date lies within `duration` of now. null (never happened) is not recent. */
export const newerThan: Operator = {
  test(observed, arg, ctx) {
    if (!isDuration(arg)) return 'unknown';
    if (observed === null) return false;
    const at = toInstant(observed);
    return at === undefined ? 'unknown' : at >= cutoffBefore(ctx.now, arg).at;
  },
  describe: (arg, ctx) => isDuration(arg) ? `within ${arg} (on or after ${cutoffBefore(ctx.now, arg).text})` : 'within a duration',
};
