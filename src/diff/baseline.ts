import type { BaselineRef, CheckResult, ScanReport } from '../report/report.js';
import { failingChecks, resourceKey } from './findings.js';

/** What a baseline contributes to the report: the results with `change` marks, and the baseline's identity. */
export interface BaselineMarks {
  results: CheckResult[];
  baseline: BaselineRef;
}

/**
 * Marks each failure of `results` as `new` or `existing` relative to a baseline report. Pure.
 * A failing resource is new when the baseline did not have it failing in the same check. A failing
 * check is new when the baseline did not fail it, or when any of its failing resources is new: a
 * new offending service account in an already failing check is drift a scheduled job should catch.
 */
export function applyBaseline(results: readonly CheckResult[], baseline: ScanReport, baselineSha256: string): BaselineMarks {
  const before = failingChecks(baseline);
  const marked = results.map((r): CheckResult => {
    if (r.status !== 'fail') return r;
    const was = before.get(r.id);
    const resources = r.resources.map((x) => (x.status === 'fail' ? { ...x, change: was?.resources.has(resourceKey(x)) ? 'existing' as const : 'new' as const } : x));
    const isNew = !was || resources.some((x) => x.change === 'new');
    return { ...r, resources, change: isNew ? 'new' : 'existing' };
  });
  return {
    results: marked,
    baseline: {
      now: baseline.scan.now,
      stateSha256: baseline.scan.stateSha256,
      policiesSha256: baseline.scan.policiesSha256,
      reportSha256: baselineSha256,
    },
  };
}
