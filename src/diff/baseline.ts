import type { CheckResult, ScanReport } from '../report/report.js';
import { failingChecks, resourceKey } from './findings.js';

/**
 * Marks each failure of `report` as `new` or `existing` relative to a baseline report. Pure.
 * A failing resource is new when the baseline did not have it failing in the same check. A failing
 * check is new when the baseline did not fail it, or when any of its failing resources is new: a
 * new offending service account in an already failing check is drift a scheduled job should catch.
 */
export function applyBaseline(report: ScanReport, baseline: ScanReport, baselineSha256: string): ScanReport {
  const before = failingChecks(baseline);
  const results = report.results.map((r): CheckResult => {
    if (r.status !== 'fail') return r;
    const was = before.get(r.id);
    const resources = r.resources.map((x) => (x.status === 'fail' ? { ...x, change: was?.resources.has(resourceKey(x)) ? 'existing' as const : 'new' as const } : x));
    const isNew = !was || resources.some((x) => x.change === 'new');
    return { ...r, resources, change: isNew ? 'new' : 'existing' };
  });
  return {
    ...report,
    scan: {
      ...report.scan,
      baseline: {
        now: baseline.scan.now,
        stateSha256: baseline.scan.stateSha256,
        policiesSha256: baseline.scan.policiesSha256,
        reportSha256: baselineSha256,
      },
    },
    results,
  };
}
