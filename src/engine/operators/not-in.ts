import { PartialSelection } from '../selection.js';
import { memberOf } from './membership.js';
import { show, type Operator } from './operator.js';

export const notIn: Operator = {
  partial: true,
  test(observed, arg, ctx) {
    if (!Array.isArray(arg) && !(arg instanceof PartialSelection)) return 'unknown';
    const t = memberOf(observed, arg, ctx);
    return t === 'unknown' ? 'unknown' : !t;
  },
  describe: (arg) => Array.isArray(arg) || arg instanceof PartialSelection ? `none of ${show(arg)}` : 'none of a list',
};
