/**
 * A selection some of whose items could not be judged has no size and no "some/every/none" yet:
 * the list operators say so as the reference interpreter does, never quoting the internal
 * selection as "a list" that was expected.
 */
import { describe, expect, it } from '@jest/globals';
import { compilePredicate } from '../../src/engine/compile-predicate.js';
import type { EvalContext } from '../../src/engine/context.js';
import { judge } from '../../src/engine/evaluate-rule.js';
import type { Predicate } from '../../src/language/check.js';
import { evaluatePredicate } from './reference-oracle.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
// Project 2 has no environment: whether it is production cannot be judged.
const root = { projects: [{ id: '1', environment: 'production' }, { id: '2' }, { id: '3', environment: 'staging' }] };
const PROD = { select: '$.projects', where: { path: 'environment', eq: 'production' } };

const cases: [string, Predicate][] = [
  ['size', { value: PROD, size: { eq: 1 } } as unknown as Predicate],
  ['some', { value: PROD, some: { path: 'id', eq: '9' } } as unknown as Predicate],
  ['every', { value: PROD, every: { path: 'id', eq: '1' } } as unknown as Predicate],
  ['none', { value: PROD, none: { path: 'id', eq: '9' } } as unknown as Predicate],
];

describe('list operators on a partly judged selection', () => {
  it.each(cases)('%s is unknown, "could not be determined", as the reference says', (name, pred) => {
    const ctx: EvalContext = { scope: { root, vars: {}, item: root }, now: NOW, params: {} };
    const compiled = judge(compilePredicate(pred), ctx);
    expect(compiled).toEqual(evaluatePredicate(pred, ctx));
    expect(compiled.truth).toBe('unknown');
    expect(compiled.evidence).toEqual([expect.objectContaining({ observed: undefined, expected: `${name} (could not be determined)` })]);
  });
});
