import { instantOf } from '../instants.js';
import { show, type Operator } from './operator.js';

/** Strictly earlier than another instant. null on either side: false (there is no such date). */
export const before: Operator = {
  test(observed, arg, ctx) {
    if (observed === null || arg === null) return false;
    const a = instantOf(observed, ctx);
    const b = instantOf(arg, ctx);
    if (a === undefined || b === undefined) return 'unknown';
    return a < b;
  },
  describe: (arg) => `before ${show(arg)}`,
};
