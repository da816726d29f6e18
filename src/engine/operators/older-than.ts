import { formatInstant, isDuration, shift, toInstant } from '../duration.js';
import type { Operator } from './operator.js';

/** The date lies further back than `now - duration`. null (never happened) is not older. */
export const olderThan: Operator = {
  apply(observed, arg, ctx) {
    if (!isDuration(arg)) return { truth: 'unknown', expected: 'older than a duration' };
    const cutoff = shift(ctx.now, arg, -1);
    const expected = `older than ${arg} (before ${formatInstant(cutoff)})`;
    if (observed === null) return { truth: false, expected };
    const at = toInstant(observed);
    return { truth: at === undefined ? 'unknown' : at < cutoff, expected };
  },
};
