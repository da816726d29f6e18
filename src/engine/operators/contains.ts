import { deepEqual, show, type Operator } from './operator.js';

export const contains: Operator = {
  test(observed, arg) {
    if (!Array.isArray(observed)) return false;
    return observed.some((o) => deepEqual(o, arg));
  },
  describe: (arg) => `contains ${show(arg)}`,
};
