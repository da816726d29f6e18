import { isElement } from './membership.js';
import { show, type Operator } from './operator.js';

export const inList: Operator = {
  apply(observed, arg, ctx) {
    if (!Array.isArray(arg)) return { truth: 'unknown', expected: 'one of a list' };
    return { truth: isElement(observed, arg, ctx), expected: `one of ${show(arg)}` };
  },
};
