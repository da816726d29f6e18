import { isDeepStrictEqual } from 'node:util';
import { show, type Operator } from './operator.js';

export const eq: Operator = {
  apply: (observed, arg) => ({ truth: isDeepStrictEqual(observed, arg), expected: `= ${show(arg)}` }),
};
