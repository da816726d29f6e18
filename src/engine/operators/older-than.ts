import { cutoffBefore, isDuration, toInstant } from '../../core/duration.js';
import type { Operator } from './operator.js';

/** The date lies further back than `now - duration`. null (never happened) is not older. */
export const olderThan: Operator = {
  test(observed, arg, ctx) {
    if (!isDuration(arg)) return 'unknown';
    if (observed === null) return false;
    const at = toInstant(observed);
    return at === undefined ? 'unknown' : at < cutoffBefore(ctx.now, arg).at;
  },
  describe: (arg, ctx) => isDuration(arg) ? `older than ${arg} (before ${cutoffBefore(ctx.now, arg).text})` : 'older than a duration',
};
