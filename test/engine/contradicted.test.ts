/**
 * A slice whose attestation Mixpanel's record contradicts (Slice.contradicted) fails every check
 * that reads it, with the events as findings, whatever the attested data would decide.
 */
import { describe, expect, it } from '@jest/globals';
import { packagePath } from '../../src/core/paths.js';
import { evaluateCheck } from '../../src/engine/evaluate-check.js';
import { loadCheckFile } from '../../src/policy/load-policies.js';
import { caseState } from '../../src/policy/run-cases.js';
import type { Contradiction, OrgState } from '../../src/state/org-state.js';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const check = loadCheckFile(packagePath('policies', 'checks', 'MP-2.1.3.yaml'));
const MARK: Contradiction = {
  reason: 'the access review of 2026-06-01T00:00:00Z is followed by the owner role granted to cy@acme.com',
  events: [{ eventId: 'r1', at: '2026-06-12T08:00:00Z', summary: 'cy@acme.com to owner, by ada@acme.com' }],
};

function stateWith(lastCompleted: string, mark?: Contradiction): OrgState {
  const state = caseState(check, { name: 'n', state: { accessReview: { lastCompleted, reviewer: 'ana@acme.com' } }, expect: 'pass' });
  if (mark) state.slices.accessReview = { ...state.slices.accessReview!, contradicted: mark };
  return state;
}
const run = (state: OrgState) => evaluateCheck(check, state, { now: NOW, maxAttestationAge: 'P365D' });

describe('a contradicted attestation', () => {
  it('a review the attestation alone would pass fails on the record, with the events as findings', () => {
    expect(run(stateWith('2026-06-01T00:00:00Z')).status).toBe('pass');
    const out = run(stateWith('2026-06-01T00:00:00Z', MARK));
    expect(out.status).toBe('fail');
    expect(out.message).toBe(`Contradicted by Mixpanel's record: ${MARK.reason}.`);
    expect(out.resources).toEqual([{ type: 'audit_event', id: 'r1', status: 'fail', observed: '2026-06-12T08:00:00Z: cy@acme.com to owner, by ada@acme.com', expected: 'no such change after the attested date' }]);
  });

  it('a review that fails on its own still fails, its own finding kept after the events', () => {
    const out = run(stateWith('2025-01-01T00:00:00Z', MARK));
    expect(out.status).toBe('fail');
    expect(out.message).toMatch(/^Contradicted by Mixpanel's record: .*\. Not met: accessReview\.lastCompleted/);
    expect(out.resources.map((r) => r.type)).toEqual(['audit_event', 'setting']);
  });
});

describe('a contradicted attestation that can no longer be used', () => {
  it('still fails on the record, and says the attestation needs renewing', () => {
    const state = stateWith('2026-06-01T00:00:00Z', MARK);
    const a = state.slices.accessReview!.provenance.attestation!;
    state.slices.accessReview!.provenance.attestation = { ...a, expires: '2026-06-10T00:00:00Z' };
    const out = run(state);
    expect(out.status).toBe('fail');
    expect(out.message).toMatch(/^Contradicted by Mixpanel's record: .*\. Needs a person: .*expired/);
    expect(out.resources.map((r) => r.id)).toEqual(['r1']);
  });
});
