import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyBaseline } from '../../src/diff/baseline.js';
import { diffReports, type ReportDiff } from '../../src/diff/diff-reports.js';
import { renderDiffMarkdown, renderDiffText } from '../../src/diff/render-diff.js';
import { assertReportValid } from '../../src/pipeline/scan-pipeline.js';
import { renderHtml } from '../../src/report/render-html.js';
import { loadHtmlAssets } from '../../src/report/html-assets.js';
import type { ScanReport } from '../../src/report/report.js';
import type { Member, Project, ServiceAccount } from '../../src/state/org-state.js';
import { cli, exception, fixtureReport, fixtureState, POLICIES, SCAN_ARGS, STATE, tempDir, withExceptions, writeState } from '../fixtures/harness.js';

/**
 * The fixture state after a week of drift: ci-deploy got an expiry (one resource resolved, the check
 * still fails on legacy-export), Bo is no longer an owner (MP-9.1.1 resolved), Dee turned
 * two-factor off (MP-9.1.4 newly fails), and the projects slice became readable (MP-9.1.6 error ->
 * pass). MP-9.1.3 and MP-9.1.5 do not change.
 */
function driftedStateFile(dir: string): string {
  const s = fixtureState();
  const sa = s.slices.serviceAccounts!.data as ServiceAccount[];
  sa.find((a) => a.username === 'ci-deploy')!.expires = '2026-09-01T00:00:00Z';
  const members = s.slices.members!.data as Member[];
  members.find((m) => m.email === 'bo@acme.com')!.orgRole = 'member';
  members.find((m) => m.email === 'dee@acme.com')!.twoFactorEnabled = false;
  const projects: Project[] = [{ id: '1', name: 'Web', environment: 'production', sensitive: false }];
  s.slices.projects = { status: 'ok', provenance: { source: 'api', collectedAt: '2026-06-01T00:00:00Z' }, data: projects };
  return writeState(dir, 'drifted.json', s);
}

const dir = tempDir();
const before = fixtureReport();
const after = fixtureReport(driftedStateFile(dir));

describe('diff of two reports', () => {
  const diff = diffReports(before, after);

  it('lists exactly the changed checks', () => {
    expect(diff.changedChecks).toEqual(['MP-9.1.1', 'MP-9.1.2', 'MP-9.1.4', 'MP-9.1.6']);
  });

  it('separates new failures, resolved failures and status changes, with resources', () => {
    const ids = (list: ReportDiff['newFailures']) => list.map((d) => d.id);
    expect(ids(diff.newFailures)).toEqual(['MP-9.1.4']);
    expect(diff.newFailures[0]!.newFailures).toEqual([{ type: 'member', id: 'dee@acme.com', name: 'Dee <script>alert(1)</script>' }]);
    expect(ids(diff.resolvedFailures)).toEqual(['MP-9.1.1', 'MP-9.1.2']);
    expect(diff.resolvedFailures[1]!.resolvedFailures.map((r) => r.id)).toEqual(['ci-deploy']);
    expect(diff.resolvedFailures[1]!).toMatchObject({ from: 'fail', to: 'fail' });
    expect(diff.statusChanges.map((d) => [d.id, d.from, d.to])).toEqual([['MP-9.1.1', 'fail', 'pass'], ['MP-9.1.4', 'pass', 'fail'], ['MP-9.1.6', 'error', 'pass']]);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.sameOrganization).toBe(true);
  });

  it('reports criteria whose rolled-up status changed, per framework', () => {
    expect(diff.criteria['nist-800-53']!.map((c) => [c.id, c.from, c.to])).toEqual([
      ['AC-6(1)', 'fail', 'pass'], ['AC-6(5)', 'fail', 'pass'], ['CM-8', 'error', 'pass'], ['IA-2(1)', 'pass', 'fail'],
    ]);
    expect(diff.criteria['cis-v8']!.map((c) => c.id)).toEqual(['1.1', '5.4', '6.5']);
  });

  it('a report against itself shows no changes', () => {
    const same = diffReports(before, before);
    expect(same.changedChecks).toEqual([]);
    expect(renderDiffText(same)).toContain('No changes.');
  });

  it('lists checks added and removed when the policy sets differ', () => {
    const fewer: ScanReport = { ...before, results: before.results.filter((r) => r.id !== 'MP-9.1.6') };
    const d = diffReports(fewer, before);
    expect(d.added.map((x) => [x.id, x.from, x.to])).toEqual([['MP-9.1.6', null, 'error']]);
    expect(diffReports(before, fewer).removed.map((x) => x.id)).toEqual(['MP-9.1.6']);
  });

  it('counts an exception applied or lapsed as a failure resolved or new', () => {
    const excepted = withExceptions([exception({ id: 'EX-1', check: 'MP-9.1.5' })]);
    const d = diffReports(excepted, before);
    expect(d.newFailures.map((x) => [x.id, x.from, x.to])).toEqual([['MP-9.1.5', 'excepted', 'fail']]);
    expect(diffReports(before, excepted).resolvedFailures.map((x) => x.id)).toEqual(['MP-9.1.5']);
  });

  it('renders text and Markdown with organization data kept inert', () => {
    const text = renderDiffText(diff);
    expect(text).toContain('New failures (1)');
    expect(text).toContain('+ member dee@acme.com');
    expect(text).toContain('- service_account ci-deploy');
    const md = renderDiffMarkdown(diff);
    expect(md).toContain('### New failures (1)');
    expect(md).not.toContain('<script>');
  });
});

describe('the diff command', () => {
  it('compares two report files in text, JSON and Markdown', async () => {
    const out1 = tempDir();
    const out2 = tempDir();
    expect((await cli([...SCAN_ARGS, '--out', out1, '--no-evidence'])).code).toBe(0);
    expect((await cli(['scan', '--policies', POLICIES, '--state', join(dir, 'drifted.json'), '--now', '2026-06-08T00:00:00Z', '--fail-on', 'none', '--quiet', '--out', out2, '--no-evidence'])).code).toBe(0);
    const a = join(out1, 'report.json');
    const b = join(out2, 'report.json');
    const json = await cli(['diff', a, b, '--format', 'json']);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as ReportDiff).changedChecks).toEqual(['MP-9.1.1', 'MP-9.1.2', 'MP-9.1.4', 'MP-9.1.6']);
    const text = await cli(['diff', a, b]);
    expect(text.stdout).toContain('2026-06-01T00:00:00Z -> 2026-06-08T00:00:00Z');
    const md = await cli(['diff', a, b, '--format', 'md']);
    expect(md.stdout).toMatch(/^## Mixpanel hardening drift/);
  });

  it('rejects a file that is not a report, saying so (exit 2)', async () => {
    const run = await cli(['diff', STATE, STATE]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${STATE}: not a report.json written by mixpanel-hardening scan`);
  });
});

describe('scan --baseline and --fail-on-new', () => {
  it('marks each failure and failing resource new or existing', () => {
    // The step on its own: results in, marked results and the baseline's identity out.
    const step = applyBaseline(after.results, before, 'b'.repeat(64));
    expect(step.results.find((x) => x.id === 'MP-9.1.4')!.change).toBe('new');
    // As `scan --baseline` assembles it: one report with the marks and `scan.baseline`.
    const marked = fixtureReport(driftedStateFile(tempDir()), { baseline: { report: before, sha256: 'b'.repeat(64) } });
    expect(marked.results).toEqual(step.results);
    const r = (id: string) => marked.results.find((x) => x.id === id)!;
    expect(r('MP-9.1.4').change).toBe('new');
    expect(r('MP-9.1.4').resources.map((x) => x.change)).toEqual(['new']);
    expect(r('MP-9.1.2').change).toBe('existing');
    expect(r('MP-9.1.2').resources.map((x) => [x.id, x.change])).toEqual([['legacy-export', 'existing']]);
    expect(r('MP-9.1.5').change).toBe('existing');
    expect(r('MP-9.1.1').change).toBeUndefined();
    expect(marked.scan.baseline).toEqual({ now: before.scan.now, stateSha256: before.scan.stateSha256, policiesSha256: before.scan.policiesSha256, reportSha256: 'b'.repeat(64) });
    expect(() => assertReportValid(marked)).not.toThrow();
    const html = renderHtml(marked, loadHtmlAssets());
    expect(html).toContain('id="baseline"');
    expect(html).toContain('<strong>1 new</strong> failing check(s), 2 existing');
    expect(html).toContain('<em class="change change-new">new</em>');
  });

  it('a failing check with a newly failing resource is new', () => {
    const s = fixtureState();
    (s.slices.serviceAccounts!.data as ServiceAccount[]).push({ id: '9', username: 'new-bot', created: '2026-05-30T00:00:00Z', expires: null, lastUsed: null, projects: [] });
    const grown = fixtureReport(writeState(dir, 'grown.json', s));
    const r = applyBaseline(grown.results, before, 'c'.repeat(64)).results.find((x) => x.id === 'MP-9.1.2')!;
    expect(r.change).toBe('new');
    expect(r.resources.map((x) => [x.id, x.change])).toEqual([['ci-deploy', 'existing'], ['legacy-export', 'existing'], ['new-bot', 'new']]);
  });

  it('gates only on new failures with --fail-on-new', async () => {
    const base = tempDir();
    expect((await cli([...SCAN_ARGS, '--out', base, '--no-evidence'])).code).toBe(0);
    const baseline = join(base, 'report.json');
    const gate = ['scan', '--policies', POLICIES, '--now', '2026-06-01T00:00:00Z', '--allow-incomplete', '--quiet', '--no-evidence', '--baseline', baseline];
    // The same state: failures exist, none is new.
    expect((await cli([...gate, '--state', STATE, '--out', tempDir()])).code).toBe(1);
    expect((await cli([...gate, '--state', STATE, '--out', tempDir(), '--fail-on-new'])).code).toBe(0);
    // The drifted state: MP-9.1.4 (medium) is new.
    const out = tempDir();
    expect((await cli([...gate, '--state', join(dir, 'drifted.json'), '--out', out, '--fail-on-new'])).code).toBe(1);
    expect((await cli([...gate, '--state', join(dir, 'drifted.json'), '--out', tempDir(), '--fail-on-new', '--fail-on', 'high'])).code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ScanReport;
    expect(report.results.filter((r) => r.change === 'new').map((r) => r.id)).toEqual(['MP-9.1.4']);
    expect(report.scan.baseline!.reportSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses --fail-on-new without a baseline (exit 2)', async () => {
    const run = await cli([...SCAN_ARGS, '--out', tempDir(), '--fail-on-new']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--fail-on-new needs --baseline');
  });
});
