import type { ScanReport, StatusCounts } from '../report/report.js';
import type { HistoryCheck, HistoryRun, IgnoredRun, ReportHistory } from '../report/report-history.js';
import { transition } from '../diff/transition.js';

export type { HistoryCheck, HistoryRun, IgnoredRun, ReportHistory } from '../report/report-history.js';

/** An earlier report read from the history folder. */
export interface StoredRun {
  file: string;
  sha256: string;
  report: ScanReport;
}

export const DEFAULT_HISTORY_RUNS = 12;

function counts(report: ScanReport): StatusCounts {
  return { ...report.summary.byStatus };
}

function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Runs with the same scan time are kept as `T.json`, `T-2.json`, `T-3.json`: in that order. */
function runSequence(file: string): number {
  const m = /-(\d+)\.json$/.exec(file.replace(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d+)?Z/, ''));
  return m ? Number(m[1]) : 1;
}

/**
 * The history summary for `current`, given earlier runs (any order) and the file name `current` will
 * be kept under. Pure. Runs of another organization, or scanned after `current`, are not counted and
 * are listed in `ignored` with the reason.
 */
export function summarizeHistory(current: ScanReport, currentFile: string, earlier: StoredRun[], ignored: IgnoredRun[], limit = DEFAULT_HISTORY_RUNS): ReportHistory {
  const org = current.scan.organization.id;
  const at = Date.parse(current.scan.now);
  const skipped = [...ignored];
  const usable: StoredRun[] = [];
  for (const run of earlier) {
    const runOrg = run.report.scan.organization.id;
    if (runOrg !== org) skipped.push({ file: run.file, reason: `a report of organization ${runOrg}, not ${org}` });
    else if (Date.parse(run.report.scan.now) > at) skipped.push({ file: run.file, reason: `scanned at ${run.report.scan.now}, after this scan` });
    else usable.push(run);
  }
  // Oldest first; runs at the same time keep their file order (the later file was written later).
  usable.sort((a, b) => Date.parse(a.report.scan.now) - Date.parse(b.report.scan.now) || runSequence(a.file) - runSequence(b.file) || compareIds(a.file, b.file));
  const kept = usable.slice(Math.max(0, usable.length - (limit - 1)));
  const runs: HistoryRun[] = [
    ...kept.map((r) => ({ now: r.report.scan.now, file: r.file, reportSha256: r.sha256, complete: r.report.scan.complete, checkCount: r.report.scan.checkCount, byStatus: counts(r.report) })),
    { now: current.scan.now, file: currentFile, complete: current.scan.complete, checkCount: current.scan.checkCount, byStatus: counts(current) },
  ];
  const prev = kept.at(-1);
  const checks: HistoryCheck[] = [];
  if (prev) {
    const before = new Map(prev.report.results.map((r) => [r.id, r.status]));
    for (const r of current.results) {
      const from = before.get(r.id) ?? null;
      const change = transition(from, r.status);
      if (change) checks.push({ id: r.id, from, to: r.status, change });
    }
    checks.sort((a, b) => compareIds(a.id, b.id));
  }
  return {
    limit,
    runs,
    ...(prev ? { previous: { now: prev.report.scan.now, file: prev.file, reportSha256: prev.sha256 } } : {}),
    checks,
    ignored: skipped.sort((a, b) => compareIds(a.file, b.file)),
  };
}
