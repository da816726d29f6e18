import { isElement } from './membership.js';
import { show, type Operator } from './operator.js';

export const notIn: Operator = {
  test(observed, arg, ctx) {
    if (!Array.isArray(arg)) return 'unknown';
    return !isElement(observed, arg, ctx);
  },
  describe: (arg) => Array.isArray(arg) ? `none of ${show(arg)}` : 'none of a list',
};
