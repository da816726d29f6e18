import { patternMatches } from '../pattern.js';
import type { Operator } from './operator.js';

/** Linear-time matching (src/engine/pattern.ts): no policy pattern can hang a scan. */
export const matches: Operator = {
  raw: true,
  test(observed, arg) {
    if (typeof observed !== 'string') return false;
    return patternMatches(String(arg), observed);
  },
  describe: (arg) => `matches /${String(arg)}/`,
};
