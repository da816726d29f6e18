import { isDeepStrictEqual } from 'node:util';
import { show, type Operator } from './operator.js';

export const inList: Operator = {
  apply(observed, arg) {
    if (!Array.isArray(arg)) return { truth: 'unknown', expected: 'one of a list' };
    return { truth: arg.some((a) => isDeepStrictEqual(a, observed)), expected: `one of ${show(arg)}` };
  },
};
