import type { Operator } from './operator.js';

/** `exists: true` holds for any value but null (null means "explicitly none", e.g. no expiry). */
export const exists: Operator = {
  test(observed, arg) {
    const present = observed !== null;
    return arg === true ? present : !present;
  },
  apply(observed, arg, ctx) {
    return { truth: exists.test(observed, arg, ctx), expected: arg === true ? 'is set' : 'is not set' };
  },
};
