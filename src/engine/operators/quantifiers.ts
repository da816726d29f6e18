import type { Predicate } from '../../policy/check.js';
import { withItem } from '../context.js';
import { evaluatePredicate } from '../evaluate-predicate.js';
import { and, negate, or } from '../truth.js';
import type { Operator } from './operator.js';

/** `some`, `every` and `none` judge each element of a list with a nested predicate. */
function quantifier(word: string, combine: typeof and): Operator {
  return {
    raw: true,
    apply(observed, arg, ctx) {
      if (!Array.isArray(observed)) return { truth: 'unknown', expected: `${word} element of a list` };
      const verdicts = observed.map((element) => evaluatePredicate(arg as Predicate, withItem(ctx, element)));
      const v = combine(verdicts);
      const inner = verdicts[0]?.evidence.map((e) => `${e.path} ${e.expected}`).join(', ') ?? 'the condition';
      return { truth: v.truth, expected: `${word} element: ${inner}` };
    },
  };
}

export const some = quantifier('some', or);
export const every = quantifier('every', and);
export const none = quantifier('no', (parts) => negate(or(parts)));
