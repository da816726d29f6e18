import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { expectedOf, factorExpected } from '../../src/report/finding-expected.js';
import { renderCsv } from '../../src/report/render-csv.js';
import { renderJunit } from '../../src/report/render-junit.js';
import type { ScanReport } from '../../src/report/report.js';
import { assertReportValid } from '../../src/pipeline/scan-pipeline.js';
import { cli, fixtureReport, SCAN_ARGS, tempDir } from '../fixtures/harness.js';

const report = fixtureReport();

/** The same report as 1.1 wrote it: `expected` on every finding, no frameworkInfo, no tool.repository. */
function as11(r: ScanReport): unknown {
  return {
    ...r,
    schemaVersion: '1.1',
    tool: { name: r.tool.name, version: r.tool.version },
    frameworkInfo: undefined,
    frameworks: Object.fromEntries(Object.entries(r.frameworks).map(([k, list]) => [k, list.map(({ oscalId: _o, ...c }) => c)])),
    results: r.results.map(({ expected, offboardCommand: _c, ...x }) => ({ ...x, resources: x.resources.map((f) => ({ ...f, expected: f.expected ?? expected })) })),
  };
}

describe('report.json states what a check says once', () => {
  it('a result states `expected` once and its findings do not repeat it', () => {
    const failing = report.results.filter((r) => r.resources.length > 0);
    expect(failing.length).toBeGreaterThan(0);
    for (const r of failing) {
      expect([r.id, typeof r.expected]).toEqual([r.id, 'string']);
      // A finding states its own only when it differs (MP-9.1.5's settings each expect their own value).
      for (const f of r.resources) expect([r.id, f.id, f.expected === r.expected]).toEqual([r.id, f.id, false]);
    }
    const r = report.results.find((x) => x.id === 'MP-9.1.2')!;
    expect(r.resources.length).toBeGreaterThan(1);
    expect(r.resources.map((f) => f.expected)).toEqual(r.resources.map(() => undefined));
    // Every offending resource is still listed, with what was observed.
    expect(failing.flatMap((r) => r.resources.map((f) => 'observed' in f))).not.toContain(false);
  });

  it('a finding whose expectation differs keeps its own; the most common is stated on the result', () => {
    const out = factorExpected([{ id: 'a', expected: 'x' }, { id: 'b', expected: 'y' }, { id: 'c', expected: 'x' }]);
    expect(out).toEqual({ expected: 'x', findings: [{ id: 'a' }, { id: 'b', expected: 'y' }, { id: 'c' }] });
    expect(factorExpected([])).toEqual({ findings: [] });
    expect(expectedOf({ expected: 'x' }, {})).toBe('x');
    expect(expectedOf({ expected: 'x' }, { expected: 'y' })).toBe('y');
    expect(expectedOf({}, { expected: 'y' })).toBe('y');
  });

  it('renderers show the expectation on every finding, from 1.2 and from a 1.1 report alike', () => {
    const r = report.results.find((x) => x.id === 'MP-9.1.2')!;
    const csv = renderCsv(report);
    expect(csv.split(r.expected!).length - 1).toBe(r.resources.length);
    const old = as11(report) as ScanReport;
    expect(renderJunit({ ...old, tool: report.tool, frameworkInfo: report.frameworkInfo })).toBe(renderJunit(report));
  });

  it('report.json is smaller than when every finding repeated `expected`', () => {
    const now = JSON.stringify(report);
    const repeated = JSON.stringify({ ...report, results: report.results.map(({ expected, ...x }) => ({ ...x, resources: x.resources.map((f) => ({ ...f, expected: f.expected ?? expected })) })) });
    expect(now.length).toBeLessThan(repeated.length);
  });
});

describe('a 1.1 report is still read (diff, --baseline)', () => {
  it('validates, diffs against a 1.2 report, and serves as a baseline', async () => {
    const old = as11(report);
    const dir = tempDir();
    const file = join(dir, 'old.json');
    writeFileSync(file, `${JSON.stringify(old, null, 2)}\n`);
    expect(() => assertReportValid(old as ScanReport)).not.toThrow();
    const out = join(dir, 'out');
    expect((await cli([...SCAN_ARGS, '--out', out, '--no-evidence'])).code).toBe(0);
    const diff = await cli(['diff', file, join(out, 'report.json'), '--format', 'json']);
    expect(diff.code).toBe(0);
    expect((JSON.parse(diff.stdout) as { changedChecks: string[] }).changedChecks).toEqual([]);
    const base = await cli([...SCAN_ARGS, '--out', join(dir, 'next'), '--baseline', file, '--no-evidence']);
    expect(base.code).toBe(0);
    const next = JSON.parse(readFileSync(join(dir, 'next', 'report.json'), 'utf8')) as ScanReport;
    expect(next.schemaVersion).toBe('1.2');
    expect(next.results.filter((x) => x.status === 'fail').map((x) => x.change)).not.toContain('new');
  });

  it('a 1.2 report without frameworkInfo is refused (it is required from 1.2 on)', () => {
    const { frameworkInfo: _f, ...rest } = report;
    expect(() => assertReportValid(rest as ScanReport)).toThrow(/frameworkInfo/);
  });
});
