import { isDeepStrictEqual } from 'node:util';
import { show, type Operator } from './operator.js';

export const notIn: Operator = {
  apply(observed, arg) {
    if (!Array.isArray(arg)) return { truth: 'unknown', expected: 'none of a list' };
    return { truth: !arg.some((a) => isDeepStrictEqual(a, observed)), expected: `none of ${show(arg)}` };
  },
};
