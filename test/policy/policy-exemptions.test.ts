import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/core/errors.js';
import { DEFAULT_POLICY_DIR } from '../../src/policy/load-policies.js';
import { evaluateCheck } from '../../src/engine/evaluate-check.js';
import { validator } from '../../src/core/schema-validator.js';
import { loadPolicies } from '../../src/policy/load-policies.js';
import { assembleScanReport } from '../../src/pipeline/assemble-report.js';
import { renderHtml } from '../../src/report/render-html.js';
import { loadHtmlAssets } from '../../src/report/html-assets.js';
import type { OrgState, ServiceAccount } from '../../src/state/org-state.js';

const checks = loadPolicies();
const NOW = Date.parse('2026-06-01T00:00:00Z');

function account(id: string, username: string, orgRole: ServiceAccount['orgRole'], projects: ServiceAccount['projects']): ServiceAccount {
  return { id, username, orgRole, created: '2026-03-01T00:00:00Z', expires: '2026-08-01T00:00:00Z', lastUsed: '2026-05-30T00:00:00Z', projects };
}

function state(scanner?: string, scannerRole: 'admin' | 'member' | null = 'admin'): OrgState {
  return {
    schemaVersion: '1.1', generatedAt: '2026-05-31T00:00:00Z',
    organization: { id: '1', name: 'Org', region: 'US', ...(scanner ? { scanner: { serviceAccount: scanner, ...(scannerRole ? { orgRole: scannerRole } : {}) } } : {}) },
    slices: {
      serviceAccounts: {
        status: 'ok', provenance: { source: 'api', collectedAt: '2026-05-31T00:00:00Z' },
        data: [account('9', 'mph-scanner', 'admin', []), account('1', 'ingest', null, [{ projectId: '100', role: 'analyst', hasSensitiveAccess: false }])],
      },
    },
  };
}

describe('declared exemptions', () => {
  it('the scanner\'s own account is listed as exempted with the reason, and the message says so', () => {
    const check = checks.find((c) => c.id === 'MP-3.1.3')!;
    const outcome = evaluateCheck(check, state('mph-scanner'), { now: NOW, maxAttestationAge: 'P365D' });
    expect(outcome.status).toBe('pass');
    expect(outcome.exempted).toEqual([{ type: 'service_account', id: 'mph-scanner', reason: check.exempt![0]!.reason }]);
    expect(outcome.message).toMatch(/^The only service account meets the requirement\. Exempted, not judged: service account mph-scanner \(the scanner's own credential/);
    expect(outcome.judged).toBe(1);
  });

  it('without a declared scanner nothing is exempted and the account fails', () => {
    const check = checks.find((c) => c.id === 'MP-3.1.3')!;
    const outcome = evaluateCheck(check, state(), { now: NOW, maxAttestationAge: 'P365D' });
    expect(outcome.status).toBe('fail');
    expect(outcome.exempted).toBeUndefined();
    expect(outcome.resources.map((r) => r.id)).toEqual(['mph-scanner']);
  });

  it('a scanner whose role is not Owner or Admin, or not known, is judged: the reason for the exemption does not hold', () => {
    const check = checks.find((c) => c.id === 'MP-3.1.3')!;
    for (const role of ['member', null] as const) {
      const outcome = evaluateCheck(check, state('mph-scanner', role), { now: NOW, maxAttestationAge: 'P365D' });
      expect(outcome.exempted).toBeUndefined();
      expect(outcome.status).toBe('fail');
      expect(outcome.resources.map((r) => r.id)).toEqual(['mph-scanner']);
    }
  });

  it('a check that declares no exemption judges the scanner account like any other', () => {
    const check = checks.find((c) => c.id === 'MP-3.1.1')!;
    expect(check.exempt).toBeUndefined();
    const outcome = evaluateCheck(check, state('mph-scanner'), { now: NOW, maxAttestationAge: 'P365D' });
    expect(outcome.exempted).toBeUndefined();
  });

  it('an exemption on a check without an each rule over service accounts is refused when the policy loads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mph-exempt-'));
    const text = readFileSync(join(DEFAULT_POLICY_DIR, 'MP-2.3.1.yaml'), 'utf8').replace('\nrule:', "\nexempt:\n  - resource: scannerServiceAccount\n    reason: not a service-account check at all\nrule:");
    writeFileSync(join(dir, 'MP-2.3.1.yaml'), text);
    let problems: string[] = [];
    try {
      loadPolicies(dir);
    } catch (err) {
      problems = (err as InputError).problems.map((p) => `${p.line}:${p.column} ${p.message}`);
    }
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\d+:\d+ scannerServiceAccount exemptions apply to `each` rules over service_account resources/);
  });

  it('the report carries exempted resources and the guide\'s citations apart, and validates against its schema', () => {
    const picked = checks.filter((c) => ['MP-3.1.2', 'MP-3.1.3'].includes(c.id));
    const s = state('mph-scanner');
    const report = assembleScanReport({ checks: picked, outcomes: picked.map((c) => evaluateCheck(c, s, { now: NOW, maxAttestationAge: 'P365D' })), state: s, stateSha256: '0'.repeat(64), now: NOW, level: 'L3' });
    for (const r of report.results) {
      expect(r.exempted?.map((e) => e.id)).toEqual(['mph-scanner']);
      expect(r.guideFrameworks).toEqual({ soc2: ['CC6.7'], 'nist-800-53': ['SC-12'], 'cis-v8': ['3.11'] });
      expect(r.mappingNote).toContain('SC-12');
    }
    // The matrices roll up assessed mappings only: SC-12 is cited by the guide, not assessed.
    expect(report.frameworks['nist-800-53']!.map((c) => c.id)).not.toContain('SC-12');
    const validate = validator('report');
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    // The HTML shows both sets of mappings apart, and the exemption.
    const html = renderHtml(report, loadHtmlAssets());
    expect(html).toContain('Cited by the guide: SOC 2: CC6.7 · NIST 800-53: SC-12 · CIS v8: 3.11');
    expect(html).toMatch(/Exempted, not judged: service_account mph-scanner \(the scanner&#x27;s own credential/);
  });
});
