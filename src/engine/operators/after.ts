import { toInstant } from '../../core/duration.js';
import { show, type Operator } from './operator.js';

/** Strictly later than another instant. null on either side: false (there is no such date). */
export const after: Operator = {
  test(observed, arg) {
    if (observed === null || arg === null) return false;
    const a = toInstant(observed);
    const b = toInstant(arg);
    if (a === undefined || b === undefined) return 'unknown';
    return a > b;
  },
  describe: (arg) => `after ${show(arg)}`,
};
