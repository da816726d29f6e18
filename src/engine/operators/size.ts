import type { OperatorMap } from '../../language/check.js';
import { applyOperators, operatorsTruth } from '../evaluate-predicate.js';
import type { Operator } from './operator.js';

/** The operators of the nested map applied to the length of an array. */
export const size: Operator = {
  raw: true,
  test(observed, arg, ctx) {
    if (!Array.isArray(observed)) return 'unknown';
    return operatorsTruth(observed.length, arg as OperatorMap, ctx);
  },
  apply(observed, arg, ctx) {
    if (!Array.isArray(observed)) return { truth: 'unknown', expected: 'a list' };
    const v = applyOperators('size', observed.length, arg as OperatorMap, ctx);
    return { truth: v.truth, expected: `size ${v.evidence.map((e) => e.expected).join(' and ')}` };
  },
};
