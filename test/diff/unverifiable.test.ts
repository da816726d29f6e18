import { describe, expect, it } from '@jest/globals';
import { diffReports } from '../../src/diff/diff-reports.js';
import { renderDiffMarkdown, renderDiffText } from '../../src/diff/render-diff.js';
import { transition } from '../../src/diff/transition.js';
import type { CheckResult, ScanReport } from '../../src/report/report.js';
import type { Status } from '../../src/language/check.js';
import { fixtureReport } from '../fixtures/harness.js';

const before = fixtureReport();

/** `report` with one check's status (and every failing resource of it) set to `status`. */
function withCheck(report: ScanReport, id: string, edit: (r: CheckResult) => CheckResult): ScanReport {
  return { ...report, results: report.results.map((r) => (r.id === id ? edit(r) : r)) };
}
const becomes = (status: Status) => (r: CheckResult): CheckResult => ({ ...r, status, resources: r.resources.map((x) => ({ ...x, status: status === 'error' ? 'manual' : status === 'manual' ? 'manual' : x.status })) });

describe('diff: a failure that can no longer be judged is not resolved', () => {
  it('the fixture has MP-9.1.5 failing (the premise of the tests below)', () => {
    expect(before.results.find((r) => r.id === 'MP-9.1.5')!.status).toBe('fail');
  });

  for (const to of ['manual', 'error'] as const) {
    it(`fail -> ${to} is listed as no longer verifiable, never as resolved`, () => {
      const d = diffReports(before, withCheck(before, 'MP-9.1.5', becomes(to)));
      expect(d.resolvedFailures.map((x) => x.id)).not.toContain('MP-9.1.5');
      expect(d.noLongerVerifiable.map((x) => [x.id, x.from, x.to])).toEqual([['MP-9.1.5', 'fail', to]]);
      expect(d.noLongerVerifiable[0]!.unverifiableFailures.length).toBeGreaterThan(0);
      expect(d.noLongerVerifiable[0]!.resolvedFailures).toEqual([]);
      expect(d.summary).toMatchObject({ resolvedFailures: 0, noLongerVerifiable: 1 });
      expect(d.changedChecks).toContain('MP-9.1.5');
      expect(renderDiffText(d)).toMatch(/No longer verifiable[^\n]*\(1\)\n\s+MP-9\.1\.5/);
      expect(renderDiffText(d)).toMatch(/Resolved failures \(no longer failing\) \(0\)/);
      expect(renderDiffMarkdown(d)).toContain('### No longer verifiable');
    });
  }

  it('fail -> pass is still resolved, and nothing is unverifiable', () => {
    const d = diffReports(before, withCheck(before, 'MP-9.1.5', (r) => ({ ...r, status: 'pass', resources: [] })));
    expect(d.resolvedFailures.map((x) => x.id)).toEqual(['MP-9.1.5']);
    expect(d.noLongerVerifiable).toEqual([]);
  });

  it('a resource of a still failing check that turns manual is unverifiable; one that passes is resolved', () => {
    const failing = before.results.find((r) => r.id === 'MP-9.1.2')!.resources.filter((x) => x.status === 'fail');
    expect(failing.length).toBeGreaterThanOrEqual(2);
    const [first, second] = failing as [typeof failing[0], typeof failing[0]];
    const after = withCheck(before, 'MP-9.1.2', (r) => ({
      ...r,
      resources: r.resources.flatMap((x) => (x.id === first.id ? [{ ...x, status: 'manual' as const }] : x.id === second.id ? [] : [x])),
    }));
    const d = diffReports(before, after);
    const unv = d.noLongerVerifiable.find((x) => x.id === 'MP-9.1.2');
    const res = d.resolvedFailures.find((x) => x.id === 'MP-9.1.2');
    expect(unv?.unverifiableFailures.map((r) => r.id)).toEqual([first.id]);
    expect(res?.resolvedFailures.map((r) => r.id)).toEqual([second.id]);
  });

  it('transition() names every case', () => {
    expect(transition('fail', 'manual')).toBe('no_longer_verifiable');
    expect(transition('fail', 'error')).toBe('no_longer_verifiable');
    expect(transition('fail', 'pass')).toBe('fixed');
    expect(transition('fail', 'not_applicable')).toBe('fixed');
    expect(transition('fail', 'excepted')).toBe('excepted');
    expect(transition('fail', 'fail')).toBe('still_failing');
    expect(transition(null, 'fail')).toBe('new');
    expect(transition('manual', 'fail')).toBe('new');
    expect(transition('pass', 'manual')).toBeUndefined();
    expect(transition('fail', null)).toBeUndefined();
  });
});
