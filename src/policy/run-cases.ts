import { evaluateCheck } from '../engine/evaluate-check.js';
import type { CheckOutcome } from '../engine/result.js';
import { STATE_SCHEMA_VERSION, type OrgState, type Slice, type SliceName } from '../state/org-state.js';
import type { Check, CheckCase } from '../language/check.js';

/** The clock of a case that does not set `now`, so that cases never depend on the day they run. */
export const DEFAULT_CASE_NOW = '2026-06-01T00:00:00Z';

/** An attestation that is fresh at DEFAULT_CASE_NOW, for attested slices in cases. */
const CASE_ATTESTATION = {
  attestedBy: 'case@example.com',
  attestedAt: '2026-05-01T00:00:00Z',
  evidence: 'test case',
  expires: '2027-05-01T00:00:00Z',
};

/** A full state from a case's shorthand: named slices are `ok`, the rest missing. */
export function caseState(check: Check, c: CheckCase): OrgState {
  const slices: Partial<Record<SliceName, Slice<unknown>>> = {};
  for (const [name, data] of Object.entries(c.state) as [SliceName, unknown][]) {
    slices[name] = { status: 'ok', provenance: { source: 'attestation', collectedAt: '2026-05-01T00:00:00Z', detail: `case: ${c.name}`, attestation: CASE_ATTESTATION }, data };
  }
  for (const [name, status] of Object.entries(c.sliceStatus ?? {}) as [SliceName, 'missing' | 'forbidden' | 'error'][]) {
    slices[name] = { status, provenance: { source: 'api', collectedAt: '2026-05-01T00:00:00Z' }, reason: `case: ${status}` };
  }
  return {
    schemaVersion: STATE_SCHEMA_VERSION,
    generatedAt: '2026-05-01T00:00:00Z',
    organization: { id: '1', name: 'Case Org', region: 'US', ...(c.scanner ? { scanner: c.scanner } : {}) },
    slices: slices as OrgState['slices'],
  };
}

export interface CaseRun {
  check: Check;
  testCase: CheckCase;
  outcome: CheckOutcome;
  ok: boolean;
  why?: string;
}

export function runCase(check: Check, c: CheckCase): CaseRun {
  const now = Date.parse(c.now ?? DEFAULT_CASE_NOW);
  const outcome = evaluateCheck(check, caseState(check, c), { now, maxAttestationAge: 'P365D', params: c.params ?? {} });
  if (outcome.status !== c.expect) {
    return { check, testCase: c, outcome, ok: false, why: `expected ${c.expect}, got ${outcome.status}: ${outcome.message}` };
  }
  if (c.expectResources) {
    const got = outcome.resources.map((r) => r.id).sort();
    const want = [...c.expectResources].sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      return { check, testCase: c, outcome, ok: false, why: `expected resources ${JSON.stringify(want)}, got ${JSON.stringify(got)}` };
    }
  }
  if (c.expectMessage !== undefined && !outcome.message.includes(c.expectMessage)) {
    return { check, testCase: c, outcome, ok: false, why: `expected the message to contain ${JSON.stringify(c.expectMessage)}, got ${JSON.stringify(outcome.message)}` };
  }
  if (c.expectExempted) {
    const got = (outcome.exempted ?? []).map((r) => r.id).sort();
    const want = [...c.expectExempted].sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      return { check, testCase: c, outcome, ok: false, why: `expected exempted ${JSON.stringify(want)}, got ${JSON.stringify(got)}` };
    }
  }
  return { check, testCase: c, outcome, ok: true };
}
