import type { Operator } from './operator.js';

/** `exists: true` holds for any value but null (null means "explicitly none", e.g. no expiry). */
export const exists: Operator = {
  test(observed, arg) {
    const present = observed !== null;
    return arg === true ? present : !present;
  },
  describe: (arg) => arg === true ? 'is set' : 'is not set',
};
