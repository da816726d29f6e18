import { patternMatches } from '../pattern.js';
import type { Operator } from './operator.js';

/** Linear-time matching (src/engine/pattern.ts): no policy pattern can hang a scan. */
export const matches: Operator = {
  raw: true,
  test(observed, arg) {
    // Not a string: the value cannot be judged by a pattern (unknown, so `not` cannot turn it into a pass).
    if (typeof observed !== 'string') return 'unknown';
    return patternMatches(String(arg), observed);
  },
  describe: (arg) => `matches /${String(arg)}/`,
};
