import type { Operator } from './operator.js';

/** `exists: true` holds for any value but null (null means "explicitly none", e.g. no expiry). */
export const exists: Operator = {
  apply(observed, arg) {
    const present = observed !== null;
    return { truth: arg === true ? present : !present, expected: arg === true ? 'is set' : 'is not set' };
  },
};
