import { toInstant } from '../duration.js';
import { show, type Operator } from './operator.js';

/** Strictly earlier than another instant. null on either side: false (there is no such date). */
export const before: Operator = {
  apply(observed, arg) {
    const expected = `before ${show(arg)}`;
    if (observed === null || arg === null) return { truth: false, expected };
    const a = toInstant(observed);
    const b = toInstant(arg);
    if (a === undefined || b === undefined) return { truth: 'unknown', expected };
    return { truth: a < b, expected };
  },
};
