/**
 * The words of a result stay readable whatever the size of the data: a value quoted in a message
 * (a long attested text, a large object) is cut to its start and its size.
 */
import { describe, expect, it } from '@jest/globals';
import { evaluateCheck } from '../../src/engine/evaluate-check.js';
import type { Check } from '../../src/language/check.js';
import { caseState } from '../../src/policy/run-cases.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const check = {
  id: 'MP-9.9.9', title: 'A check', level: 'L1', severity: 'low', section: '9.9', source: 'guide',
  description: 'd', rationale: 'r', remediation: 'm', frameworks: {}, requires: ['sso'],
  rule: { assert: { path: '$.sso.note', ne: 'forbidden' } }, cases: [],
} as unknown as Check;
const run = (note: string) => evaluateCheck(check, caseState(check, { name: 'n', state: { sso: { note } }, expect: 'pass' }), { now: NOW, maxAttestationAge: 'P365D' });

describe('result messages', () => {
  it('quote a long value by its start and size, not in full', () => {
    const out = run(`${'a'.repeat(199)}\u{1F600}${'b'.repeat(50_000)}`);
    expect(out.status).toBe('pass');
    expect(out.message.length).toBeLessThan(400);
    expect(out.message).toContain('... (50203 characters)');
    // The cut falls inside the emoji's surrogate pair: the half is dropped, not left lone.
    expect(out.message).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('quote a short value whole', () => {
    const out = run('fine');
    expect(out.message).toBe('Met: sso.note is "fine", expected ≠ forbidden.');
  });
});
