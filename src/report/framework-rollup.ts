import type { Status } from '../language/check.js';
import type { CheckResult, CriterionResult, FrameworkInfo } from './report.js';

/** What the rollup needs of a framework: its description and its catalog's titles (src/policy/catalogs.ts gives both). */
export interface RollupFramework extends Omit<FrameworkInfo, 'oscalControls'> {
  oscalControls?: boolean;
  entries: ReadonlyMap<string, { title: string; oscalId?: string }>;
}

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

/** Natural order for control ids (CC6.1 < CC6.10, AC-2 < AC-2(1) < AC-10). */
export function compareCriterionIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** The report's description of each framework: what renderers need to name and cite it. */
export function frameworkInfo(frameworks: readonly RollupFramework[]): FrameworkInfo[] {
  return frameworks.map((f) => ({
    id: f.id,
    name: f.name,
    shortName: f.shortName,
    entryNoun: f.entryNoun,
    ocsfStandard: f.ocsfStandard,
    csvColumn: f.csvColumn,
    ...(f.oscalControls ? { oscalControls: true as const } : {}),
  }));
}

/**
 * The matrices: each criterion with the checks that assess it, its title copied from the catalog.
 * Only a check's assessed mappings (`frameworks`) count; the guide's own citations
 * (`guideFrameworks`) are shown with the check but never make a criterion pass or fail, since the
 * check does not demonstrate them.
 */
export function frameworkRollup(results: CheckResult[], frameworks: readonly RollupFramework[]): Record<string, CriterionResult[]> {
  const out: Record<string, CriterionResult[]> = {};
  for (const fw of frameworks) {
    const byCriterion = new Map<string, CheckResult[]>();
    for (const r of results) {
      for (const id of r.frameworks[fw.id] ?? []) {
        const list = byCriterion.get(id) ?? [];
        list.push(r);
        byCriterion.set(id, list);
      }
    }
    out[fw.id] = [...byCriterion.entries()]
      .sort(([a], [b]) => compareCriterionIds(a, b))
      .map(([id, rs]) => {
        const entry = fw.entries.get(id);
        return {
          id,
          title: entry?.title ?? '(not in catalog)',
          status: rollupStatus(rs.map((r) => r.status)),
          checks: rs.map((r) => r.id),
          ...(entry?.oscalId ? { oscalId: entry.oscalId } : {}),
        };
      });
  }
  return out;
}
