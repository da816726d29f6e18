import { isElement } from './membership.js';
import { show, type Operator } from './operator.js';

export const notIn: Operator = {
  test(observed, arg, ctx) {
    if (!Array.isArray(arg)) return 'unknown';
    return !isElement(observed, arg, ctx);
  },
  apply(observed, arg, ctx) {
    return { truth: notIn.test(observed, arg, ctx), expected: Array.isArray(arg) ? `none of ${show(arg)}` : 'none of a list' };
  },
};
