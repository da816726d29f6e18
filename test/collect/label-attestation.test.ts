/**
 * Attested project labels expire field by field: once the attestation that labeled the projects is
 * stale (expired, dated after the scan, older than maxAttestationAge) the labels are unknown to the
 * checks, which become manual and name the attestation to renew. Fresh labels are used, and the
 * slice's use lists the attestation behind them.
 */
import { describe, expect, it } from '@jest/globals';
import { evaluateCheck } from '../../src/engine/evaluate-check.js';
import { evaluatedData, sliceUse } from '../../src/engine/slice-usability.js';
import { loadPolicies } from '../../src/policy/load-policies.js';
import type { Attestation, OrgState, Project } from '../../src/state/org-state.js';

const checks = new Map(loadPolicies().map((c) => [c.id, c]));
const LABELS: Attestation = { attestedBy: 'ada@acme.example', attestedAt: '2026-05-01T00:00:00Z', evidence: 'service catalog', expires: '2026-11-01T00:00:00Z' };

function state(labelAttestation: Attestation | undefined): OrgState {
  const labeled = (p: Project): Project => (labelAttestation === undefined ? p : { ...p, labelAttestation });
  return {
    schemaVersion: '1.1',
    generatedAt: '2026-06-15T12:00:00Z',
    organization: { id: '1', name: 'Acme', region: 'US' },
    slices: {
      projects: {
        status: 'ok',
        provenance: { source: 'api', collectedAt: '2026-06-15T12:00:00Z' },
        data: [
          labeled({
            id: '100', name: 'Payments', environment: 'production', sensitive: true, defaultAccessRole: null,
            dataViews: [
              { id: '1', name: 'All Project Data', isGlobal: true, hasAllOrgMembers: false },
              { id: '2', name: 'Analysts', isGlobal: false, hasAllOrgMembers: false },
            ],
          }),
          labeled({ id: '200', name: 'Web Staging', environment: 'staging', sensitive: false, defaultAccessRole: null }),
        ],
      },
    },
  };
}

const at = (iso: string) => ({ now: Date.parse(iso), maxAttestationAge: 'P365D' });

describe('attested project labels', () => {
  it.each(['MP-2.2.1', 'MP-3.2.1'])('%s passes on fresh labels and lists the attestation it used', (id) => {
    const outcome = evaluateCheck(checks.get(id)!, state(LABELS), at('2026-07-01T00:00:00Z'));
    expect(outcome.status).toBe('pass');
    const use = outcome.slices.find((u) => u.slice === 'projects')!;
    expect(use.attestations).toEqual([{ fields: ['environment', 'sensitive', 'defaultAccessRole'], attestation: LABELS }]);
    expect(use.staleAttestations).toBeUndefined();
  });

  it.each(['MP-2.2.1', 'MP-3.2.1'])('%s is manual once the labels expired (2026-11-01, scanned 2027-01-15), naming the attestation', (id) => {
    const outcome = evaluateCheck(checks.get(id)!, state(LABELS), at('2027-01-15T00:00:00Z'));
    expect(outcome.status).toBe('manual');
    expect(outcome.message).toContain('the attestation of the project labels by ada@acme.example expired on 2026-11-01T00:00:00Z');
    const use = outcome.slices.find((u) => u.slice === 'projects')!;
    expect(use.attestations).toBeUndefined();
    expect(use.staleAttestations).toEqual([{ fields: ['environment', 'sensitive', 'defaultAccessRole'], reason: expect.stringContaining('labels of 2 projects are unknown') }]);
  });

  it('labels dated after the scan time, or older than maxAttestationAge, are not used either', () => {
    const future = { ...LABELS, attestedAt: '2026-08-01T00:00:00Z', expires: '2027-08-01T00:00:00Z' };
    const early = evaluateCheck(checks.get('MP-2.2.1')!, state(future), at('2026-07-01T00:00:00Z'));
    expect(early.status).toBe('manual');
    expect(early.message).toContain('is dated after the scan time (2026-08-01T00:00:00Z)');
    const old = { ...LABELS, expires: '2028-01-01T00:00:00Z' };
    const aged = evaluateCheck(checks.get('MP-2.2.1')!, state(old), { now: Date.parse('2026-10-01T00:00:00Z'), maxAttestationAge: 'P90D' });
    expect(aged.status).toBe('manual');
    expect(aged.message).toMatch(/is older than P90D/);
  });

  it('only the stale fields go: names, ids and data views stay; projects without a label attestation are kept as they are', () => {
    const view = evaluatedData(state(LABELS), 'projects', at('2027-01-15T00:00:00Z')) as Project[];
    expect(view[0]).toEqual({
      id: '100', name: 'Payments', labelAttestation: LABELS,
      dataViews: [
        { id: '1', name: 'All Project Data', isGlobal: true, hasAllOrgMembers: false },
        { id: '2', name: 'Analysts', isGlobal: false, hasAllOrgMembers: false },
      ],
    });
    const unlabeled = state(undefined);
    expect(evaluatedData(unlabeled, 'projects', at('2027-01-15T00:00:00Z'))).toBe(unlabeled.slices.projects!.data);
    expect(sliceUse(unlabeled, 'projects', at('2027-01-15T00:00:00Z'))).not.toHaveProperty('staleAttestations');
  });

  it('a check that does not read labels is not told about them', () => {
    const base = checks.get('MP-2.2.1')!;
    // Manual for its own reason (no region recorded), not because of the labels.
    const other = { ...base, rule: { each: '$.projects', assert: { path: 'region', eq: 'US' }, resource: { type: 'project', id: 'id', name: 'name' } } } as typeof base;
    const outcome = evaluateCheck(other, state(LABELS), at('2027-01-15T00:00:00Z'));
    expect(outcome.status).toBe('manual');
    expect(outcome.message).not.toContain('expired');
    expect(evaluateCheck(base, state(LABELS), at('2027-01-15T00:00:00Z')).message).toContain('expired on 2026-11-01');
  });
});

describe('a snapshot that lists one item twice', () => {
  it('makes the slice an error naming the key, whatever order the copies are in', () => {
    const s = state(undefined);
    const accounts = (first: string | null, second: string | null): OrgState => ({
      ...s,
      slices: {
        serviceAccounts: {
          status: 'ok', provenance: { source: 'api', collectedAt: '2026-06-15T12:00:00Z' },
          data: [
            { id: '7', username: 'dup', created: '2026-01-01T00:00:00Z', expires: first, projects: [] },
            { id: '7', username: 'dup', created: '2026-01-01T00:00:00Z', expires: second, projects: [] },
          ],
        },
      },
    });
    for (const st of [accounts(null, '2026-09-01T00:00:00Z'), accounts('2026-09-01T00:00:00Z', null)]) {
      const outcome = evaluateCheck(checks.get('MP-3.1.1')!, st, at('2026-07-01T00:00:00Z'));
      expect(outcome.status).toBe('error');
      expect(outcome.message).toContain('serviceAccounts: the snapshot lists 1 item more than once (7)');
    }
    const members = { ...s, slices: { members: { status: 'ok' as const, provenance: { source: 'export' as const, collectedAt: '2026-06-15T12:00:00Z' }, data: [
      { email: 'o4@x.example', orgRole: 'owner' as const, status: 'active' as const, projectRoles: [], teams: [] },
      { email: 'o4@x.example', orgRole: 'member' as const, status: 'active' as const, projectRoles: [], teams: [] },
    ] } } };
    expect(evaluateCheck(checks.get('MP-2.3.1')!, members, at('2026-07-01T00:00:00Z')).status).toBe('error');
    expect(evaluateCheck(checks.get('MP-2.2.1')!, s, at('2026-07-01T00:00:00Z')).status).toBe('pass');
  });
});
