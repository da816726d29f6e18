import { isDeepStrictEqual } from 'node:util';
import { show, type Operator } from './operator.js';

export const notContains: Operator = {
  apply(observed, arg) {
    if (!Array.isArray(observed)) return { truth: 'unknown', expected: `does not contain ${show(arg)}` };
    return { truth: !observed.some((o) => isDeepStrictEqual(o, arg)), expected: `does not contain ${show(arg)}` };
  },
};
