import type { FrameworkId, Status } from '../language/check.js';
import { catalogs, compareControlIds } from '../policy/catalogs.js';
import { FRAMEWORK_IDS } from '../language/check.js';
import type { CheckResult, CriterionResult } from './report.js';

/**
 * A criterion fails if any of its checks fails; otherwise it is `error` or `manual` if any check is
 * (error first: it means a source was unreadable); `pass` only when every check passes or does not
 * apply. A criterion whose checks are all excepted or not applicable keeps that status.
 */
export function rollupStatus(statuses: Status[]): CriterionResult['status'] {
  for (const s of ['fail', 'error', 'manual'] as const) if (statuses.includes(s)) return s;
  if (statuses.includes('pass')) return 'pass';
  if (statuses.includes('excepted')) return 'excepted';
  return 'not_applicable';
}

/**
 * The matrices: each criterion with the checks that assess it. Only a check's assessed mappings
 * (`frameworks`) count; the guide's own citations (`guideFrameworks`) are shown with the check but
 * never make a criterion pass or fail, since the check does not demonstrate them.
 */
export function frameworkRollup(results: CheckResult[]): Record<FrameworkId, CriterionResult[]> {
  const cats = catalogs();
  const out = {} as Record<FrameworkId, CriterionResult[]>;
  for (const fw of FRAMEWORK_IDS) {
    const byCriterion = new Map<string, CheckResult[]>();
    for (const r of results) {
      for (const id of r.frameworks[fw] ?? []) {
        const list = byCriterion.get(id) ?? [];
        list.push(r);
        byCriterion.set(id, list);
      }
    }
    out[fw] = [...byCriterion.entries()]
      .sort(([a], [b]) => compareControlIds(a, b))
      .map(([id, rs]) => ({
        id,
        title: cats[fw].entries.get(id)?.title ?? '(not in catalog)',
        status: rollupStatus(rs.map((r) => r.status)),
        checks: rs.map((r) => r.id),
      }));
  }
  return out;
}
