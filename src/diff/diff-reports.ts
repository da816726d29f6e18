import { compareCriterionIds as compareControlIds } from '../report/framework-rollup.js';
import type { FrameworkId, Level, Severity, Status } from '../language/check.js';
import type { CheckResult, ScanReport } from '../report/report.js';
import { failingChecks, resourceKey, type FailingCheck } from './findings.js';
import { unverifiable } from './transition.js';

export interface ResourceRef {
  type: string;
  id: string;
  name?: string;
}

/** How one check differs between two reports. `from`/`to` are null where the check is absent. */
export interface CheckDelta {
  id: string;
  title: string;
  severity: Severity;
  level: Level;
  from: Status | null;
  to: Status | null;
  /** Failing in the new report and not in the old one. */
  newFailures: ResourceRef[];
  /** Failing in the old report and now passing or gone (see `to` for what the check is now). */
  resolvedFailures: ResourceRef[];
  /** Failing in the old report and now `manual` or `error`: not resolved, only no longer judged. */
  unverifiableFailures: ResourceRef[];
}

export interface CriterionDelta {
  id: string;
  title: string;
  from: Status | null;
  to: Status | null;
}

export interface ScanRef {
  now: string;
  organization: { id: string; name: string; region: string };
  level: Level;
  stateSha256: string;
  policiesSha256: string;
}

export interface ReportDiff {
  old: ScanRef;
  new: ScanRef;
  /** The two reports describe different organizations: the diff is still computed, but says so. */
  sameOrganization: boolean;
  summary: { newFailures: number; resolvedFailures: number; noLongerVerifiable: number; statusChanges: number; added: number; removed: number; criteriaChanged: number };
  /** Every check that appears in any list below, in id order. */
  changedChecks: string[];
  /** Checks that fail now and did not, or that have newly failing resources. */
  newFailures: CheckDelta[];
  /** Checks that failed and now pass (or are not applicable), or that have resources no longer failing. */
  resolvedFailures: CheckDelta[];
  /**
   * Checks that failed and are now `manual` or `error`, or that have failing resources now `manual` or
   * `error`: the data that showed the failure is missing, which is not a fix.
   */
  noLongerVerifiable: CheckDelta[];
  /** Checks in both reports whose status differs. */
  statusChanges: CheckDelta[];
  added: CheckDelta[];
  removed: CheckDelta[];
  /** Per framework, criteria whose rolled-up status differs (or that appear or disappear). */
  criteria: Record<FrameworkId, CriterionDelta[]>;
  /** The frameworks of `criteria`, in order, with the short name to show (the newer report's, else the older's, else the id). */
  frameworks: { id: FrameworkId; shortName: string }[];
}

/**
 * The frameworks of either report, newer report's order first. A 1.1 report carries no
 * `frameworkInfo` (its frameworks were a fixed set): its matrices' keys are the ids then.
 */
function frameworksOf(oldR: ScanReport, newR: ScanReport): { id: FrameworkId; shortName: string }[] {
  const out = new Map<string, string>();
  for (const r of [newR, oldR]) {
    for (const f of r.frameworkInfo ?? []) if (!out.has(f.id)) out.set(f.id, f.shortName);
    for (const id of Object.keys(r.frameworks)) if (!out.has(id)) out.set(id, id);
  }
  return [...out.entries()].map(([id, shortName]) => ({ id, shortName }));
}

function scanRef(r: ScanReport): ScanRef {
  const o = r.scan.organization;
  return { now: r.scan.now, organization: { id: o.id, name: o.name, region: o.region }, level: r.scan.level, stateSha256: r.scan.stateSha256, policiesSha256: r.scan.policiesSha256 };
}

function ref(r: { type: string; id: string; name?: string }): ResourceRef {
  return { type: r.type, id: r.id, ...(r.name !== undefined && r.name !== r.id ? { name: r.name } : {}) };
}

/** Failing resources of `a` that are not failing in `b`. */
function minus(a: FailingCheck | undefined, b: FailingCheck | undefined): ResourceRef[] {
  if (!a) return [];
  return [...a.resources.entries()].filter(([k]) => !b?.resources.has(k)).map(([, r]) => ref(r));
}

function delta(oldR: CheckResult | undefined, newR: CheckResult | undefined, newFailures: ResourceRef[], resolved: ResourceRef[], unverifiableFailures: ResourceRef[]): CheckDelta {
  const r = (newR ?? oldR)!;
  return { id: r.id, title: r.title, severity: r.severity, level: r.level, from: oldR?.status ?? null, to: newR?.status ?? null, newFailures, resolvedFailures: resolved, unverifiableFailures };
}

/**
 * Splits failures no longer failing into resolved ones and ones that can no longer be judged: the
 * whole check is now `manual` or `error`, or the resource itself is (a check still failing on others).
 */
function splitLost(lost: ResourceRef[], newR: CheckResult | undefined): { resolved: ResourceRef[]; unverified: ResourceRef[] } {
  if (unverifiable(newR?.status)) return { resolved: [], unverified: lost };
  const now = new Map((newR?.resources ?? []).map((x) => [resourceKey(x), x.status]));
  const resolved: ResourceRef[] = [];
  const unverified: ResourceRef[] = [];
  for (const r of lost) (unverifiable(now.get(resourceKey(r))) ? unverified : resolved).push(r);
  return { resolved, unverified };
}

function criteriaDiff(oldR: ScanReport, newR: ScanReport, frameworks: readonly { id: FrameworkId }[]): Record<FrameworkId, CriterionDelta[]> {
  const out: Record<FrameworkId, CriterionDelta[]> = {};
  for (const { id: fw } of frameworks) {
    const before = new Map((oldR.frameworks[fw] ?? []).map((c) => [c.id, c]));
    const after = new Map((newR.frameworks[fw] ?? []).map((c) => [c.id, c]));
    const ids = [...new Set([...before.keys(), ...after.keys()])].sort(compareControlIds);
    out[fw] = ids
      .map((id) => ({ id, title: (after.get(id) ?? before.get(id))!.title, from: before.get(id)?.status ?? null, to: after.get(id)?.status ?? null }))
      .filter((c) => c.from !== c.to);
  }
  return out;
}

/**
 * The drift between two reports of (normally) the same organization. Pure. A "failure" is a check
 * with status `fail` and, within it, each resource with status `fail`; new failures are those of the
 * new report absent from the old one, resolved failures the reverse.
 */
export function diffReports(oldReport: ScanReport, newReport: ScanReport): ReportDiff {
  const oldById = new Map(oldReport.results.map((r) => [r.id, r]));
  const newById = new Map(newReport.results.map((r) => [r.id, r]));
  const oldFailing = failingChecks(oldReport);
  const newFailing = failingChecks(newReport);
  const ids = [...new Set([...oldById.keys(), ...newById.keys()])].sort(compareControlIds);

  const newFailures: CheckDelta[] = [];
  const resolvedFailures: CheckDelta[] = [];
  const noLongerVerifiable: CheckDelta[] = [];
  const statusChanges: CheckDelta[] = [];
  const added: CheckDelta[] = [];
  const removed: CheckDelta[] = [];
  for (const id of ids) {
    const o = oldById.get(id);
    const n = newById.get(id);
    const nf = newFailing.get(id);
    const of = oldFailing.get(id);
    const gained = minus(nf, of);
    const { resolved, unverified } = splitLost(minus(of, nf), n);
    const d = delta(o, n, gained, resolved, unverified);
    if (!o) added.push(d);
    else if (!n) removed.push(d);
    else if (o.status !== n.status) statusChanges.push(d);
    // A check failing in both with the same resources is unchanged; otherwise the gained or lost side counts.
    if (nf && (!of || gained.length > 0)) newFailures.push(d);
    // fail -> manual or error is "no longer verifiable", never "resolved" (the evidence is missing, not fixed).
    const lostAll = of && !nf;
    if (lostAll && unverifiable(n?.status)) noLongerVerifiable.push(d);
    else {
      if ((lostAll && resolved.length + unverified.length === 0) || resolved.length > 0) resolvedFailures.push(d);
      if (unverified.length > 0) noLongerVerifiable.push(d);
    }
  }
  const frameworks = frameworksOf(oldReport, newReport);
  const criteria = criteriaDiff(oldReport, newReport, frameworks);
  const changed = new Set([...newFailures, ...resolvedFailures, ...noLongerVerifiable, ...statusChanges, ...added, ...removed].map((d) => d.id));
  return {
    old: scanRef(oldReport),
    new: scanRef(newReport),
    sameOrganization: oldReport.scan.organization.id === newReport.scan.organization.id,
    summary: {
      newFailures: newFailures.length,
      resolvedFailures: resolvedFailures.length,
      noLongerVerifiable: noLongerVerifiable.length,
      statusChanges: statusChanges.length,
      added: added.length,
      removed: removed.length,
      criteriaChanged: Object.values(criteria).reduce((n, list) => n + list.length, 0),
    },
    changedChecks: [...changed].sort(compareControlIds),
    newFailures,
    resolvedFailures,
    noLongerVerifiable,
    statusChanges,
    added,
    removed,
    criteria,
    frameworks,
  };
}

export { resourceKey };
