import { deepEqual, show, type Operator } from './operator.js';

export const eq: Operator = {
  test: (observed, arg) => deepEqual(observed, arg),
  describe: (arg) => `= ${show(arg)}`,
};
