import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keepRun, nextRunName, readHistoryFolder, runStem } from '../../src/history/history-dir.js';
import { summarizeHistory } from '../../src/history/run-history.js';
import { assertReportValid } from '../../src/pipeline/scan-pipeline.js';
import { renderHtml } from '../../src/report/render-html.js';
import { loadHtmlAssets } from '../../src/report/html-assets.js';
import { expectedView, observedView } from '../../src/report/html-values.js';
import type { ScanReport } from '../../src/report/report.js';
import { cli, fixtureReport, SCAN_ARGS, tempDir } from '../fixtures/harness.js';

const base = fixtureReport();
const at = (r: ScanReport, now: string, org = r.scan.organization.id): ScanReport => ({ ...r, scan: { ...r.scan, now, organization: { ...r.scan.organization, id: org } } });
const withStatus = (r: ScanReport, id: string, status: ScanReport['results'][0]['status']): ScanReport => ({ ...r, results: r.results.map((x) => (x.id === id ? { ...x, status } : x)) });
const sha = 'b'.repeat(64);

describe('history summary (pure)', () => {
  const failing = base.results.filter((r) => r.status === 'fail').map((r) => r.id);
  const [fixedId, manualId, stillId] = failing as [string, string, string];
  const passId = base.results.find((r) => r.status === 'pass')!.id;
  const old = at(base, '2026-05-01T00:00:00Z');
  let now = at(base, '2026-06-01T00:00:00Z');
  now = withStatus(withStatus(withStatus(now, fixedId, 'pass'), manualId, 'manual'), passId, 'fail');

  it('marks per check new, fixed, still failing and no longer verifiable since the previous run', () => {
    const h = summarizeHistory(now, 'x.json', [{ file: 'a.json', sha256: sha, report: old }], []);
    const by = Object.fromEntries(h.checks.map((c) => [c.id, c.change]));
    expect(by[fixedId]).toBe('fixed');
    expect(by[manualId]).toBe('no_longer_verifiable');
    expect(by[stillId]).toBe('still_failing');
    expect(by[passId]).toBe('new');
    expect(h.previous).toEqual({ now: '2026-05-01T00:00:00Z', file: 'a.json', reportSha256: sha });
    expect(h.runs.map((r) => r.file)).toEqual(['a.json', 'x.json']);
    expect(h.runs[1]!.byStatus).toEqual(now.summary.byStatus);
    assertReportValid({ ...now, history: h });
  });

  it('leaves out other organizations and later runs, saying why, and keeps at most `limit` runs', () => {
    const runs = [
      { file: 'other.json', sha256: sha, report: at(base, '2026-05-02T00:00:00Z', 'someone-else') },
      { file: 'later.json', sha256: sha, report: at(base, '2026-07-01T00:00:00Z') },
      ...['01', '02', '03', '04'].map((d) => ({ file: `${d}.json`, sha256: sha, report: at(base, `2026-04-${d}T00:00:00Z`) })),
    ];
    const h = summarizeHistory(at(base, '2026-06-01T00:00:00Z'), 'x.json', runs, [], 3);
    expect(h.runs.map((r) => r.file)).toEqual(['03.json', '04.json', 'x.json']);
    expect(h.ignored.map((i) => i.file)).toEqual(['later.json', 'other.json']);
    expect(h.ignored[1]!.reason).toContain('someone-else');
  });

  it('with no earlier run there is no comparison and no per-check change', () => {
    const h = summarizeHistory(now, 'x.json', [], []);
    expect(h.previous).toBeUndefined();
    expect(h.checks).toEqual([]);
    expect(h.runs).toHaveLength(1);
  });

  it('the HTML shows the chart and the changes from the report alone', () => {
    const html = renderHtml({ ...now, history: summarizeHistory(now, 'x.json', [{ file: 'a.json', sha256: sha, report: old }], []) }, loadHtmlAssets());
    expect(html).toContain('<svg');
    expect(html.match(/<g class="run/g)).toHaveLength(2);
    expect(html).toMatch(/data-change="no_longer_verifiable"[^]*?href="#/);
    expect(renderHtml(now, loadHtmlAssets())).not.toContain('id="history"');
  });
});

describe('history folder', () => {
  it('names runs by scan time and never reuses a name', () => {
    expect(runStem('2026-06-01T00:00:00.000Z')).toBe('2026-06-01T00-00-00Z');
    const names = new Set(['2026-06-01T00-00-00Z.json', '2026-06-01T00-00-00Z-2.json']);
    expect(nextRunName({ names }, '2026-06-01T00:00:00Z')).toBe('2026-06-01T00-00-00Z-3.json');
  });

  it('keepRun refuses to replace an existing run', () => {
    const dir = tempDir();
    keepRun(dir, 'r.json', 'one');
    expect(() => keepRun(dir, 'r.json', 'two')).toThrow(/appeared while the scan ran/);
    expect(readFileSync(join(dir, 'r.json'), 'utf8')).toBe('one');
    expect(readdirSync(dir)).toEqual(['r.json']);
  });

  it('a run file that is not a report stops the scan with exit 2 (a history never silently drops a run)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '2026-05-01T00-00-00Z.json'), '{"not": "a report"}');
    expect(() => readHistoryFolder(dir, 12)).toThrow();
    const r = await cli([...SCAN_ARGS, '--out', tempDir(), '--history', dir]);
    expect(r.code).toBe(2);
  });

  it('scan --history twice keeps two files and the second report compares with the first', async () => {
    const dir = join(tempDir(), 'hist');
    const out = tempDir();
    for (const _ of [1, 2, 3]) expect((await cli([...SCAN_ARGS, '--out', out, '--history', dir])).code).toBe(0);
    const files = readdirSync(dir);
    expect(files.sort()).toEqual(['2026-06-01T00-00-00Z-2.json', '2026-06-01T00-00-00Z-3.json', '2026-06-01T00-00-00Z.json']);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ScanReport;
    // Same scan time: the first run keeps the plain name, the second gets -2, and they order so.
    expect(report.history!.runs.map((r) => r.file)).toEqual(['2026-06-01T00-00-00Z.json', '2026-06-01T00-00-00Z-2.json', '2026-06-01T00-00-00Z-3.json']);
    expect(report.history!.previous!.file).toBe('2026-06-01T00-00-00Z-2.json');
    // The kept file is byte for byte this scan's report.json.
    expect(readFileSync(join(dir, '2026-06-01T00-00-00Z-3.json'), 'utf8')).toBe(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });
});

describe('observed and expected in words', () => {
  it('lists read as words, long ones summarised with the full list aside', () => {
    expect(observedView({ ssoLogin: false, twoFactorEnabled: false }).text).toBe('ssoLogin is false; twoFactorEnabled is false');
    expect(observedView(undefined).text).toMatch(/not known/);
    expect(observedView(null, 'manual').text).toMatch(/not known/);
    expect(observedView(null, 'fail').text).toBe('no value');
    const long = observedView({ length: 45, first: Array.from({ length: 20 }, (_, i) => `u${i}`) });
    expect(long.text).toBe('45 items: u0, u1, u2, u3, u4 and 40 more');
    expect(long.full).toHaveLength(20);
    expect(long.fullNote).toMatch(/first 20 of 45/);
    expect(expectedView('one of ["a","b"]').text).toBe('one of a or b');
    expect(expectedView('none of ["a","b","c","d","e","f",… (40 values)]').text).toBe('none of 40 values (a, b, c, d, e …)');
    expect(observedView('word '.repeat(100)).text).toMatch(/word … \(\d+ more characters in report.json\)$/);
  });
});
