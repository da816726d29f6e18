import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { exitCodeFor } from '../src/cli/gates.js';
import { assertReportValid, evaluateToReport } from '../src/cli/scan-pipeline.js';
import { validator } from '../src/io/schema-validator.js';
import { STATUSES, type Status } from '../src/policy/check.js';
import { DEFAULT_MAX_ATTESTATION_AGE } from '../src/policy/config.js';
import { DEFAULT_POLICY_DIR, loadPolicies } from '../src/policy/load-policies.js';
import { packagePath } from '../src/paths.js';
import { renderJson } from '../src/report/render-json.js';
import type { ScanReport } from '../src/report/report.js';
import { loadStateFile } from '../src/state/load-state.js';
import { ATTESTED_SLICES, SLICE_NAMES } from '../src/state/org-state.js';

// The bundled demo organization (demo/org-state.json), scanned the way `scan --demo` does it, at the
// demo's fixed clock: its dates are written relative to this instant, the snapshot's generatedAt.
const DEMO_FILE = packagePath('demo', 'org-state.json');
const DEMO_NOW = '2026-06-01T00:00:00Z';

function scanDemo(): ScanReport {
  const loaded = loadStateFile(DEMO_FILE);
  return evaluateToReport({
    checks: loadPolicies(),
    state: loaded.state,
    stateSha256: loaded.sha256,
    now: Date.parse(DEMO_NOW),
    level: 'L3',
    maxAttestationAge: DEFAULT_MAX_ATTESTATION_AGE,
  });
}

const report = scanDemo();
const byId = new Map(report.results.map((r) => [r.id, r]));
const policyFiles = readdirSync(DEFAULT_POLICY_DIR).filter((f) => /\.ya?ml$/.test(f));

/** The ids of the resources a result reports (a finding may name a resource twice). */
function offending(id: string): string[] {
  const result = byId.get(id);
  if (!result) throw new Error(`${id} is not in the demo report`);
  return [...new Set(result.resources.map((r) => r.id))].sort();
}

describe('demo organization', () => {
  it('is a valid state snapshot taken at the demo clock', () => {
    const loaded = loadStateFile(DEMO_FILE);
    expect(validator('org-state')(loaded.state)).toBe(true);
    expect(loaded.state.generatedAt).toBe(DEMO_NOW);
  });

  it('records provenance the way the collectors would', () => {
    const { state } = loadStateFile(DEMO_FILE);
    for (const name of SLICE_NAMES) {
      const slice = state.slices[name];
      if (!slice) continue;
      const attested = (ATTESTED_SLICES as readonly string[]).includes(name);
      expect([name, slice.provenance.source === 'attestation']).toEqual([name, attested]);
      if (attested) expect([name, slice.provenance.attestation !== undefined]).toEqual([name, true]);
    }
    // Exactly one slice could not be read, and at least one attestation is left out.
    const unreadable = SLICE_NAMES.filter((n) => ['forbidden', 'error'].includes(state.slices[n]?.status ?? 'ok'));
    expect(unreadable).toEqual(['lexicon']);
    expect(ATTESTED_SLICES.filter((n) => !state.slices[n]).length).toBeGreaterThan(0);
  });

  it('produces a report that validates against schemas/report.schema.json', () => {
    expect(() => assertReportValid(report)).not.toThrow();
    expect(validator('report')(report)).toBe(true);
  });

  it('evaluates every check of the policy pack', () => {
    expect(policyFiles.length).toBeGreaterThanOrEqual(45);
    expect(report.results).toHaveLength(policyFiles.length);
    const ids = report.results.map((r) => r.id).sort();
    const fileIds = policyFiles.map((f) => f.replace(/\.ya?ml$/, '')).sort();
    expect(ids).toEqual(fileIds);
  });

  it('shows every status except excepted', () => {
    const seen = new Set(report.results.map((r) => r.status));
    const expected: Status[] = STATUSES.filter((s) => s !== 'excepted');
    for (const status of expected) expect([status, seen.has(status)]).toEqual([status, true]);
    expect(seen.has('excepted')).toBe(false);
    for (const status of expected) expect(report.summary.byStatus[status]).toBeGreaterThan(0);
  });

  it('has failures at L1 and at L2', () => {
    const failingLevels = new Set(report.results.filter((r) => r.status === 'fail').map((r) => r.level));
    expect(failingLevels.has('L1')).toBe(true);
    expect(failingLevels.has('L2')).toBe(true);
  });

  it('maps every result to SOC 2 or NIST 800-53', () => {
    const unmapped = report.results
      .filter((r) => (r.frameworks.soc2 ?? []).length === 0 && (r.frameworks['nist-800-53'] ?? []).length === 0)
      .map((r) => r.id);
    expect(unmapped).toEqual([]);
  });

  it('gives byte-identical JSON on two runs', () => {
    expect(renderJson(scanDemo())).toBe(renderJson(report));
  });

  it('completes with exit 0 only when the demo allows the incomplete source', () => {
    // The lexicon slice is unreadable on purpose, so the demo command needs --allow-incomplete
    // besides --fail-on none.
    expect(exitCodeFor(report, { failOn: 'none', allowIncomplete: true })).toBe(0);
    expect(exitCodeFor(report, { failOn: 'none', allowIncomplete: false })).toBe(3);
  });

  // The weaknesses demo/README.md describes, each with the check that finds it. If a check changes
  // on purpose, update the demo's README together with this table.
  it.each([
    ['MP-1.1.1', 'pass', []],
    ['MP-1.1.3', 'fail', [
      'alex.moreau@moreau-consulting-demo.fr', 'andre.baptiste@ledgerly-demo.io', 'camille.roux@ledgerly-demo.io',
      'kaito.ito@quickstudy-demo.net', 'lena.vogel@brightpath-agency-demo.com', 'marco.silva@brightpath-agency-demo.com',
      'priyanka.das@northfield-contractors-demo.com', 'sofia.marin@ledgerly-demo.io',
    ]],
    ['MP-1.2.2', 'fail', ['daniel.okafor@harborline-demo.com']],
    ['MP-1.2.3', 'manual', []],
    ['MP-2.2.1', 'fail', ['3120403']],
    ['MP-2.2.2', 'fail', ['3120406', 'warehouse-export.7c19e0.mp-service-account']],
    ['MP-2.3.3', 'manual', []],
    ['MP-3.1.1', 'fail', ['legacy-partner-etl.3d0a51.mp-service-account', 'warehouse-export.7c19e0.mp-service-account']],
    ['MP-3.1.4', 'fail', ['legacy-partner-etl.3d0a51.mp-service-account', 'qa-e2e-staging.09b2d8.mp-service-account']],
    ['MP-3.1.7', 'fail', ['dbt-cloud-sync.e2b7d4.mp-service-account']],
    ['MP-3.1.9', 'fail', ['braze-cohort-sync.5f66ab.mp-service-account']],
    ['MP-3.2.1', 'pass', []],
    ['MP-3.2.2', 'error', []],
    ['MP-3.2.3', 'manual', []],
    ['MP-4.1.1', 'pass', []],
    ['MP-4.1.4', 'fail', ['al-7f3c0015', 'al-7f3c0018']],
    ['MP-5.1.1', 'fail', ['hannah.schmidt@harborline-demo.com', 'kaito.ito@quickstudy-demo.net', 'marcus.hill@harborline-demo.com']],
    ['MP-5.1.3', 'not_applicable', []],
    ['MP-5.2.1', 'fail', ['marco.silva@brightpath-agency-demo.com']],
    ['MP-5.2.2', 'fail', ['alex.moreau@moreau-consulting-demo.fr']],
    ['MP-5.2.3', 'fail', ['kaito.ito@quickstudy-demo.net']],
    ['MP-5.3.2', 'fail', ['ben.foster@harborline-demo.com']],
    ['MP-5.3.3', 'fail', ['legacy-partner-etl.3d0a51.mp-service-account', 'warehouse-export.7c19e0.mp-service-account']],
  ] as const)('%s is %s', (id, status, resources) => {
    expect(byId.get(id)?.status).toBe(status);
    if (resources.length > 0) expect(offending(id)).toEqual([...resources].sort());
  });
});
