import { PartialSelection } from '../selection.js';
import { memberOf } from './membership.js';
import { show, type Operator } from './operator.js';

export const inList: Operator = {
  partial: true,
  test(observed, arg, ctx) {
    if (!Array.isArray(arg) && !(arg instanceof PartialSelection)) return 'unknown';
    return memberOf(observed, arg, ctx);
  },
  describe: (arg) => Array.isArray(arg) || arg instanceof PartialSelection ? `one of ${show(arg)}` : 'one of a list',
};
