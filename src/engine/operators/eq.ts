import { deepEqual, show, type Operator } from './operator.js';

export const eq: Operator = {
  test: (observed, arg) => deepEqual(observed, arg),
  apply(observed, arg, ctx) {
    return { truth: eq.test(observed, arg, ctx), expected: `= ${show(arg)}` };
  },
};
