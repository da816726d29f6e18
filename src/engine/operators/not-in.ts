import { isElement } from './membership.js';
import { show, type Operator } from './operator.js';

export const notIn: Operator = {
  apply(observed, arg, ctx) {
    if (!Array.isArray(arg)) return { truth: 'unknown', expected: 'none of a list' };
    return { truth: !isElement(observed, arg, ctx), expected: `none of ${show(arg)}` };
  },
};
