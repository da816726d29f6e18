import { readdirSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { catalogs } from '../src/policy/catalogs.js';
import { FRAMEWORK_IDS } from '../src/policy/check.js';
import { DEFAULT_POLICY_DIR, loadPolicies } from '../src/policy/load-policies.js';
import { caseState } from '../src/policy/run-cases.js';
import { validator } from '../src/io/schema-validator.js';

const checks = loadPolicies();

describe('policy conventions', () => {
  it('every file in policies/checks is a check named by its id', () => {
    const files = readdirSync(DEFAULT_POLICY_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
    expect(files.sort()).toEqual(checks.map((c) => c.id).sort());
  });

  it('every check cites SOC 2 or NIST 800-53, and every cited id exists and is current', () => {
    const cats = catalogs();
    for (const check of checks) {
      expect([check.id, (check.frameworks.soc2?.length ?? 0) + (check.frameworks['nist-800-53']?.length ?? 0) > 0]).toEqual([check.id, true]);
      for (const fw of FRAMEWORK_IDS) {
        for (const id of check.frameworks[fw] ?? []) {
          const entry = cats[fw].entries.get(id);
          expect([check.id, fw, id, entry !== undefined && !entry.withdrawn]).toEqual([check.id, fw, id, true]);
        }
      }
    }
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
    const nist = catalogs()['nist-800-53'].entries;
    expect(nist.has('AC-99')).toBe(false);
    expect(nist.get('AC-6(1)')?.withdrawn).toBe(false);
    expect([...nist.values()].some((e) => e.withdrawn)).toBe(true);
  });
});
