import { isElement } from './membership.js';
import { show, type Operator } from './operator.js';

export const inList: Operator = {
  test(observed, arg, ctx) {
    if (!Array.isArray(arg)) return 'unknown';
    return isElement(observed, arg, ctx);
  },
  describe: (arg) => Array.isArray(arg) ? `one of ${show(arg)}` : 'one of a list',
};
