import { toInstant } from '../duration.js';
import { show, type Operator } from './operator.js';

/** Strictly later than another instant. null on either side: false (there is no such date). */
export const after: Operator = {
  apply(observed, arg) {
    const expected = `after ${show(arg)}`;
    if (observed === null || arg === null) return { truth: false, expected };
    const a = toInstant(observed);
    const b = toInstant(arg);
    if (a === undefined || b === undefined) return { truth: 'unknown', expected };
    return { truth: a > b, expected };
  },
};
