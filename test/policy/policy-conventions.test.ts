import { readdirSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { catalogs, defaultFrameworks } from '../../src/policy/catalogs.js';
import { DEFAULT_POLICY_DIR, loadPolicies } from '../../src/policy/load-policies.js';
import { caseState } from '../../src/policy/run-cases.js';
import { validator } from '../../src/core/schema-validator.js';
import { evaluateCheck } from '../../src/engine/evaluate-check.js';
import { toCheckResult } from '../../src/report/build-report.js';
import { frameworkRollup } from '../../src/report/framework-rollup.js';
import type { FrameworkMap } from '../../src/language/check.js';

/** The guide's own citations by section, as its section headers and quick reference give them. */
const GUIDE_CITATIONS: Record<string, FrameworkMap> = {
  '1.1': { soc2: ['CC6.1'], 'nist-800-53': ['IA-2', 'IA-8'], 'cis-v8': ['6.3', '12.5'] },
  '1.2': { 'nist-800-53': ['IA-2(1)'], 'cis-v8': ['6.5'] },
  '1.3': { 'nist-800-53': ['AC-2'], 'cis-v8': ['5.3'] },
  '2.1': { soc2: ['CC6.2'], 'nist-800-53': ['AC-6'], 'cis-v8': ['5.4'] },
  '2.2': { 'nist-800-53': ['AC-6'], 'cis-v8': ['5.4'] },
  '2.3': { 'nist-800-53': ['AC-6(1)'], 'cis-v8': ['5.4'] },
  '3.1': { soc2: ['CC6.7'], 'nist-800-53': ['SC-12'], 'cis-v8': ['3.11'] },
  '3.2': { 'nist-800-53': ['AC-3'], 'cis-v8': ['3.1'] },
  '4.1': { soc2: ['CC7.2'], 'nist-800-53': ['AU-2'], 'cis-v8': ['8.2'] },
};

const checks = loadPolicies();
/** The shipped frameworks (policies/frameworks): every id a check cites is checked against its catalog. */
const FRAMEWORK_IDS = defaultFrameworks().map((f) => f.id);

describe('policy conventions', () => {
  it('every file in policies/checks is a check named by its id', () => {
    const files = readdirSync(DEFAULT_POLICY_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
    expect(files.sort()).toEqual(checks.map((c) => c.id).sort());
  });

  it('the shipped frameworks are SOC 2, NIST 800-53 and CIS v8, in that order', () => {
    expect(FRAMEWORK_IDS).toEqual(['soc2', 'nist-800-53', 'cis-v8']);
  });

  it('every check cites SOC 2 or NIST 800-53, and every cited id exists and is current', () => {
    const cats = catalogs();
    for (const check of checks) {
      // Only shipped frameworks: an unknown key would escape the id checks below.
      for (const fw of Object.keys(check.frameworks)) expect([check.id, fw, FRAMEWORK_IDS.includes(fw)]).toEqual([check.id, fw, true]);
      expect([check.id, (check.frameworks.soc2?.length ?? 0) + (check.frameworks['nist-800-53']?.length ?? 0) > 0]).toEqual([check.id, true]);
      for (const fw of FRAMEWORK_IDS) {
        for (const id of check.frameworks[fw] ?? []) {
          const entry = cats[fw]!.entries.get(id);
          expect([check.id, fw, id, entry !== undefined && !entry.withdrawn]).toEqual([check.id, fw, id, true]);
        }
      }
    }
  });

  it('every guide id a check keeps (guideFrameworks) exists in the catalogs and is current', () => {
    const cats = catalogs();
    for (const check of checks) {
      for (const fw of FRAMEWORK_IDS) {
        for (const id of check.guideFrameworks?.[fw] ?? []) {
          const entry = cats[fw]!.entries.get(id);
          expect([check.id, fw, id, entry !== undefined && !entry.withdrawn]).toEqual([check.id, fw, id, true]);
        }
      }
    }
  });

  it('guide checks keep exactly the guide\'s citations for their section; runbook checks have none', () => {
    for (const check of checks) {
      const want = check.source === 'guide' ? GUIDE_CITATIONS[check.section] : undefined;
      expect([check.id, check.guideFrameworks]).toEqual([check.id, want]);
    }
  });

  it('a guide citation that is not assessed is explained in a mappingNote', () => {
    for (const check of checks) {
      const guideOnly = FRAMEWORK_IDS.flatMap((fw) => (check.guideFrameworks?.[fw] ?? []).filter((id) => !(check.frameworks[fw] ?? []).includes(id)));
      for (const id of guideOnly) expect([check.id, id, check.mappingNote?.includes(id) ?? false]).toEqual([check.id, id, true]);
    }
  });

  it('key management, encryption at rest and data-in-transit criteria are never assessed by a check', () => {
    // A service-account expiry, scope or staleness check demonstrates none of them (issue: an auditor would strike it).
    const struck = checks.flatMap((c) => [
      ...(c.frameworks['nist-800-53']?.includes('SC-12') ? [`${c.id} SC-12`] : []),
      ...(c.frameworks['cis-v8']?.includes('3.11') ? [`${c.id} CIS 3.11`] : []),
      ...(c.frameworks.soc2?.includes('CC6.7') ? [`${c.id} CC6.7`] : []),
    ]);
    expect(struck).toEqual([]);
  });

  it('the framework matrices roll up assessed mappings only: no guide-only id appears in them', () => {
    const state = { schemaVersion: '1.1' as const, generatedAt: '2026-05-01T00:00:00Z', organization: { id: '1', name: 'x', region: 'US' as const }, slices: {} };
    const results = checks.map((c) => toCheckResult(c, evaluateCheck(c, state, { now: Date.parse('2026-06-01T00:00:00Z'), maxAttestationAge: 'P365D' })));
    const matrices = frameworkRollup(results, defaultFrameworks());
    for (const fw of FRAMEWORK_IDS) {
      const rolled = new Set(matrices[fw]!.map((c) => c.id));
      const assessed = new Set(checks.flatMap((c) => c.frameworks[fw] ?? []));
      const guideOnly = [...new Set(checks.flatMap((c) => c.guideFrameworks?.[fw] ?? []))].filter((id) => !assessed.has(id));
      expect([fw, [...rolled].sort()]).toEqual([fw, [...assessed].sort()]);
      for (const id of guideOnly) expect([fw, id, rolled.has(id)]).toEqual([fw, id, false]);
      // Each criterion lists exactly the checks that assess it.
      for (const c of matrices[fw]!) expect([fw, c.id, c.checks.sort()]).toEqual([fw, c.id, checks.filter((k) => k.frameworks[fw]?.includes(c.id)).map((k) => k.id).sort()]);
    }
    // Guide-only ids exist (SC-12, CIS 3.11, CC6.7 among them), so the test above can fail.
    expect(checks.some((c) => c.guideFrameworks?.['nist-800-53']?.includes('SC-12'))).toBe(true);
  });

  it('every check has a passing and a failing case', () => {
    for (const check of checks) {
      const expects = new Set(check.cases.map((c) => c.expect));
      expect([check.id, expects.has('pass'), expects.has('fail')]).toEqual([check.id, true, true]);
    }
  });

  it('case data is valid state data', () => {
    const validate = validator('org-state');
    for (const check of checks) {
      for (const c of check.cases) {
        const ok = validate(caseState(check, c));
        expect([check.id, c.name, ok ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message}`)]).toEqual([check.id, c.name, []]);
      }
    }
  });

  it('the catalogs reject an id that does not exist and flag a withdrawn one', () => {
    const nist = catalogs()['nist-800-53']!.entries;
    expect(nist.has('AC-99')).toBe(false);
    expect(nist.get('AC-6(1)')?.withdrawn).toBe(false);
    expect([...nist.values()].some((e) => e.withdrawn)).toBe(true);
  });
});
