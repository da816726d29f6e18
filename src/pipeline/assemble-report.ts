import type { CheckOutcome } from '../engine/result.js';
import type { Check, Level } from '../language/check.js';
import type { OrgState } from '../state/org-state.js';
import { applyBaseline } from '../diff/baseline.js';
import { applyExceptions } from '../exceptions/apply-exceptions.js';
import type { ExceptionSet } from '../exceptions/exception.js';
import { summarizeHistory, type IgnoredRun, type StoredRun } from '../history/run-history.js';
import { annotateOffboarding } from '../offboard/annotate.js';
import { defaultFrameworks, withFrameworkMappings, type Framework } from '../policy/catalogs.js';
import { assembleReport, toCheckResult } from '../report/build-report.js';
import type { BaselineRef, CheckResult, ExceptionRecord, ScanClock, ScanReport } from '../report/report.js';

/** What one scan's report is made from: the evaluation, and the inputs of each post-step. */
export interface ScanReportInput {
  checks: Check[];
  outcomes: CheckOutcome[];
  state: OrgState;
  stateSha256: string;
  now: number;
  level: Level;
  clock?: ScanClock;
  exceptions?: ExceptionSet;
  baseline?: { report: ScanReport; sha256: string };
  /** Earlier runs, and the file name this run will be kept under (`scan --history`). */
  history?: { runName: string; runs: StoredRun[]; ignored: IgnoredRun[] };
  /** The frameworks to map to; by default those shipped in policies/frameworks. */
  frameworks?: readonly Framework[];
}

/**
 * The one report assembly. Each post-step works on the results and returns its part (the register,
 * the baseline's identity); the summary, the framework rollups and the scan metadata are computed
 * once, from the final results. Order matters: exceptions first, so that offboarding annotations
 * and `new` marks are about what still fails after them.
 */
export function assembleScanReport(input: ScanReportInput): ScanReport {
  const frameworks = input.frameworks ?? defaultFrameworks();
  // A framework's own mappings join what each check declares: the report states both as one.
  const mapped = withFrameworkMappings(input.checks, frameworks);
  const outcomes = new Map(input.outcomes.map((o) => [o.id, o]));
  const checks = new Map(mapped.map((c) => [c.id, c]));
  let results: CheckResult[] = mapped.map((c) => {
    const outcome = outcomes.get(c.id);
    // The engine returns one outcome per check; a missing one is our defect, not the data's.
    if (!outcome) throw new Error(`internal error: no outcome for check ${c.id}`);
    return toCheckResult(c, outcome);
  });
  let register: ExceptionRecord[] | undefined;
  if (input.exceptions) ({ results, register } = applyExceptions(results, input.exceptions, input.now));
  results = results.map((r) => {
    const check = checks.get(r.id);
    return check ? annotateOffboarding(check, r, input.now) : r;
  });
  let baseline: BaselineRef | undefined;
  if (input.baseline) ({ results, baseline } = applyBaseline(results, input.baseline.report, input.baseline.sha256));
  const report = assembleReport({
    results,
    checks: mapped,
    state: input.state,
    stateSha256: input.stateSha256,
    now: input.now,
    level: input.level,
    ...(input.clock ? { clock: input.clock } : {}),
    ...(input.exceptions && register ? { exceptions: { sha256: input.exceptions.sha256, register } } : {}),
    ...(baseline ? { baseline } : {}),
    frameworks,
  });
  // The history compares this run's final statuses and counts with earlier runs: it reads the
  // assembled report and is attached beside it, changing nothing already computed.
  if (!input.history) return report;
  return { ...report, history: summarizeHistory(report, input.history.runName, input.history.runs, input.history.ignored) };
}
