import { deepEqual, show, type Operator } from './operator.js';

export const notContains: Operator = {
  test(observed, arg) {
    if (!Array.isArray(observed)) return 'unknown';
    return !observed.some((o) => deepEqual(o, arg));
  },
  describe: (arg) => `does not contain ${show(arg)}`,
};
