import { deepEqual, show, type Operator } from './operator.js';

export const ne: Operator = {
  test: (observed, arg) => !deepEqual(observed, arg),
  describe: (arg) => `≠ ${show(arg)}`,
};
