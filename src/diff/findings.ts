import type { CheckResult, ReportResource, ScanReport } from '../report/report.js';

/**
 * The failing findings of a report, keyed so that two scans can be compared: a check fails, and
 * within it each resource whose status is `fail`. "Failing" means status `fail` as reported, so an
 * excepted finding is not failing, and one whose exception lapsed fails again (and counts as new).
 */
export interface FailingCheck {
  result: CheckResult;
  /** Failing resources by key (type + id). */
  resources: Map<string, ReportResource>;
}

export function resourceKey(r: Pick<ReportResource, 'type' | 'id'>): string {
  return `${r.type}\u0000${r.id}`;
}

export function failingChecks(report: ScanReport): Map<string, FailingCheck> {
  const out = new Map<string, FailingCheck>();
  for (const result of report.results) {
    if (result.status !== 'fail') continue;
    const resources = new Map<string, ReportResource>();
    for (const r of result.resources) if (r.status === 'fail') resources.set(resourceKey(r), r);
    out.set(result.id, { result, resources });
  }
  return out;
}
