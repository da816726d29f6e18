import { deepEqual, show, type Operator } from './operator.js';

export const ne: Operator = {
  test: (observed, arg) => !deepEqual(observed, arg),
  apply(observed, arg, ctx) {
    return { truth: ne.test(observed, arg, ctx), expected: `≠ ${show(arg)}` };
  },
};
