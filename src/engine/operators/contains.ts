import { isDeepStrictEqual } from 'node:util';
import { show, type Operator } from './operator.js';

export const contains: Operator = {
  apply(observed, arg) {
    if (!Array.isArray(observed)) return { truth: false, expected: `contains ${show(arg)}` };
    return { truth: observed.some((o) => isDeepStrictEqual(o, arg)), expected: `contains ${show(arg)}` };
  },
};
