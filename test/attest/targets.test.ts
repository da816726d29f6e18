import { describe, expect, it } from '@jest/globals';
import type { ExistingSection } from '../../src/attest/existing-sections.js';
import { findTargets } from '../../src/attest/targets.js';
import { loadPolicies } from '../../src/policy/load-policies.js';
import type { CheckResult } from '../../src/report/report.js';

const checks = loadPolicies();
const SIGNED = { attestedBy: 'a@example.com', attestedAt: '2026-05-01T00:00:00Z', evidence: 'https://e', expires: '2027-05-01T00:00:00Z' };

/** A result with only what targeting reads. */
function result(id: string, status: string, provenance: object[], message = `${id} says why`): CheckResult {
  return { id, status, message, provenance, resources: [] } as unknown as CheckResult;
}
const sectionsOf = (t: ReturnType<typeof findTargets>) => Object.fromEntries(t.sections.map((s) => [s.section, s.checks.map((c) => c.id)]));

describe('which sections would decide the manual checks', () => {
  it('from a report: a manual check\'s missing attested slice is wanted; decided checks and met needs are not', () => {
    const results = [
      result('MP-2.1.3', 'manual', [{ slice: 'accessReview', status: 'missing' }]),
      result('MP-5.3.1', 'pass', [{ slice: 'scim', status: 'ok' }]),
      result('MP-3.1.11', 'manual', [{ slice: 'serviceAccounts', status: 'ok' }, { slice: 'serviceAccountOwners', status: 'stale' }]),
      result('MP-5.1.1', 'manual', [{ slice: 'members', status: 'ok' }], '4 of 4 members could not be judged (lastActive absent).'),
    ];
    const t = findTargets(checks, results, new Map());
    expect(sectionsOf(t)).toEqual({ accessReview: ['MP-2.1.3'], serviceAccountOwners: ['MP-3.1.11'] });
    expect(t.unattestable).toEqual([{ id: 'MP-5.1.1', title: expect.any(String), message: '4 of 4 members could not be judged (lastActive absent).' }]);
  });

  it('anyOf: every section that could meet the need is offered, for the same check', () => {
    const t = findTargets(checks, [result('MP-1.2.1', 'manual', [{ slice: 'twoFactor', status: 'missing' }, { slice: 'sso', status: 'missing' }, { slice: 'idpMfa', status: 'missing' }])], new Map());
    expect(sectionsOf(t)).toEqual({ twoFactor: ['MP-1.2.1'], sso: ['MP-1.2.1'], idpMfa: ['MP-1.2.1'] });
  });

  it('project labels: wanted while the report shows the fields unattested, not once they are', () => {
    const unlabeled = result('MP-2.2.2', 'manual', [{ slice: 'projects', status: 'ok' }, { slice: 'serviceAccounts', status: 'ok' }]);
    expect(sectionsOf(findTargets(checks, [unlabeled], new Map()))).toEqual({ projects: ['MP-2.2.2'] });
    const labeled = result('MP-2.2.2', 'manual', [{ slice: 'projects', status: 'ok', attestations: [{ fields: ['environment', 'sensitive', 'defaultAccessRole'], attestation: SIGNED }] }, { slice: 'serviceAccounts', status: 'ok' }]);
    const t = findTargets(checks, [labeled], new Map());
    expect(t.sections).toEqual([]);
    expect(t.unattestable.map((u) => u.id)).toEqual(['MP-2.2.2']);
  });

  it('a section the file holds fresh is not asked again (the scan ran without it); a stale one is to be renewed', () => {
    const results = [result('MP-2.1.3', 'manual', [{ slice: 'accessReview', status: 'missing' }]), result('MP-5.3.1', 'manual', [{ slice: 'scim', status: 'missing' }])];
    const existing = new Map<string, ExistingSection>([
      ['accessReview', { section: 'accessReview', attestation: SIGNED }],
      ['scim', { section: 'scim', attestation: SIGNED, problem: 'the attestation of section "scim" by a@example.com expired on 2026-01-01' }],
    ]);
    const t = findTargets(checks, results, existing);
    expect(t.alreadyAttested).toEqual(['accessReview']);
    expect(t.sections).toEqual([{ section: 'scim', checks: [expect.objectContaining({ id: 'MP-5.3.1' })], renew: expect.stringMatching(/expired/) }]);
  });

  it('without a report (the plan\'s view): every check an attestation could decide, minus the sections held fresh', () => {
    const all = findTargets(checks, undefined, new Map());
    expect(all.sections.map((s) => s.section).sort()).toEqual(['accessRequests', 'accessReview', 'adminMonitoring', 'auditLogReview', 'dataGovernance', 'idpMfa', 'projectSecrets', 'projects', 'scim', 'serviceAccountOwners', 'sso', 'twoFactor']);
    const held = findTargets(checks, undefined, new Map([['scim', { section: 'scim', attestation: SIGNED }]]));
    expect(held.sections.map((s) => s.section)).not.toContain('scim');
    expect(held.unattestable).toEqual([]);
  });
});
