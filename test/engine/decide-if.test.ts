/**
 * `{ decideIf: C, then: P, because }`: P's truth where C holds, unknown where C is false (the
 * evidence and the result's message carry `because`) or unknown (C's absent data is named). Rows in
 * the style of operators.test.ts, the messages a person reads, and a property: it is never true
 * unless C and P are both true, so a coverage gap can never turn into a pass.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compilePredicate } from '../../src/engine/compile-predicate.js';
import type { EvalContext } from '../../src/engine/context.js';
import { evaluateCheck } from '../../src/engine/evaluate-check.js';
import { judge } from '../../src/engine/evaluate-rule.js';
import { createMemo } from '../../src/engine/memo.js';
import type { Truth, Verdict } from '../../src/engine/truth.js';
import type { Check, Predicate } from '../../src/language/check.js';
import { caseState } from '../../src/policy/run-cases.js';
import { evaluatePredicate } from './reference-oracle.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const BECAUSE = 'the record begins after the limit, so an earlier login cannot be seen';
const DECIDE = { decideIf: { path: 'covered', eq: true }, then: { path: 'ok', eq: true }, because: BECAUSE } as Predicate;
const NO_THEN = { decideIf: { path: 'covered', eq: true }, because: BECAUSE } as Predicate;

function verdictOf(pred: Predicate, item: Record<string, unknown>): Verdict {
  const results = [false, true].map((cached) => {
    const ctx: EvalContext = { scope: { root: {}, vars: {}, item }, now: NOW, params: {}, ...(cached ? { memo: createMemo() } : {}) };
    return judge(compilePredicate(pred), ctx);
  });
  expect(results[1]).toEqual(results[0]);
  return results[0]!;
}

type Row = [label: string, item: Record<string, unknown>, truth: Truth, evidence: 'then' | 'because' | 'absent'];

const ROWS: Row[] = [
  ['covered, then holds', { covered: true, ok: true }, true, 'then'],
  ['covered, then fails', { covered: true, ok: false }, false, 'then'],
  ['covered, then unknown', { covered: true }, 'unknown', 'then'],
  ['not covered, then holds: unknown, never pass', { covered: false, ok: true }, 'unknown', 'because'],
  ['not covered, then fails: unknown, never fail', { covered: false, ok: false }, 'unknown', 'because'],
  ['coverage absent, then holds', { ok: true }, 'unknown', 'absent'],
  ['coverage absent, then fails', { ok: false }, 'unknown', 'absent'],
];

describe('decideIf', () => {
  it.each(ROWS)('%s', (_label, item, truth, evidence) => {
    const v = verdictOf(DECIDE, item);
    expect(v.truth).toBe(truth);
    expect(v).toEqual(evaluatePredicate(DECIDE, { scope: { root: {}, vars: {}, item }, now: NOW, params: {} }));
    if (evidence === 'then') expect(v.evidence.map((e) => [e.path, e.because])).toEqual([['ok', undefined]]);
    if (evidence === 'because') expect(v.evidence).toEqual([{ path: 'covered', observed: false, expected: '= true', because: BECAUSE }]);
    if (evidence === 'absent') expect(v.evidence).toEqual([{ path: 'covered', observed: undefined, expected: '= true' }]);
  });

  it('without then: true where the condition holds, unknown for the reason where it does not', () => {
    expect(verdictOf(NO_THEN, { covered: true }).truth).toBe(true);
    expect(verdictOf(NO_THEN, { covered: false })).toEqual({ truth: 'unknown', evidence: [{ path: 'covered', observed: false, expected: '= true', because: BECAUSE }] });
    expect(verdictOf(NO_THEN, {}).truth).toBe('unknown');
  });

  it('not keeps the reason and the unknown', () => {
    const v = verdictOf({ not: DECIDE } as Predicate, { covered: false, ok: false });
    expect(v.truth).toBe('unknown');
    expect(v.evidence[0]!.because).toBe(BECAUSE);
  });

  it('the result names the reason, not a path; absent data is still named by its path', () => {
    const check = {
      id: 'MP-9.9.9', title: 'A check', level: 'L1', severity: 'low', section: '9.9', source: 'guide',
      description: 'd', rationale: 'r', remediation: 'm', frameworks: {}, requires: ['members'],
      rule: { each: '$.members', assert: DECIDE, resource: { type: 'member', id: 'email' } }, cases: [],
    } as unknown as Check;
    const run = (members: unknown[]) => evaluateCheck(check, caseState(check, { name: 'n', state: { members }, expect: 'manual' }), { now: NOW, maxAttestationAge: 'P365D' });
    const gap = run([{ email: 'a@x.example', covered: false, ok: true }, { email: 'b@x.example', covered: true, ok: true }]);
    expect(gap.status).toBe('manual');
    expect(gap.message).toBe(`1 of 2 members could not be judged (${BECAUSE}).`);
    expect(gap.resources).toEqual([expect.objectContaining({ id: 'a@x.example', status: 'manual', observed: false, expected: BECAUSE })]);
    const both = run([{ email: 'a@x.example', covered: false, ok: true }, { email: 'c@x.example', ok: true }]);
    expect(both.message).toBe(`2 of 2 members could not be judged (covered absent; ${BECAUSE}).`);
    const judged = run([{ email: 'a@x.example', covered: true, ok: false }, { email: 'b@x.example', covered: true, ok: true }]);
    expect(judged.status).toBe('fail');
    expect(run([{ email: 'b@x.example', covered: true, ok: true }]).status).toBe('pass');
  });

  it('is never true unless its condition and its part are both true (fail closed)', () => {
    const value = fc.oneof(fc.boolean(), fc.constant(null), fc.constant('x'), fc.constant(undefined));
    fc.assert(
      fc.property(value, value, fc.boolean(), (covered, ok, withThen) => {
        const item: Record<string, unknown> = {};
        if (covered !== undefined) item.covered = covered;
        if (ok !== undefined) item.ok = ok;
        const v = verdictOf(withThen ? DECIDE : NO_THEN, item);
        if (covered !== true) expect(v.truth).toBe('unknown');
        if (v.truth === true) expect([covered, withThen ? ok : true]).toEqual([true, true]);
        if (v.truth === 'unknown' && covered !== undefined && covered !== true) expect(v.evidence.every((e) => e.because === BECAUSE)).toBe(true);
      }),
      { seed: 20261201, numRuns: 200 },
    );
  });
});
