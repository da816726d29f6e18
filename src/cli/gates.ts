import { SEVERITIES, type Severity } from '../language/check.js';
import type { ScanReport } from '../report/report.js';

export type FailOn = Severity | 'none';
export const FAIL_ON_CHOICES: readonly FailOn[] = [...SEVERITIES, 'none'];

export const EXIT = { ok: 0, findings: 1, usage: 2, incomplete: 3, internal: 4 } as const;

export interface GateOptions {
  failOn: FailOn;
  allowIncomplete: boolean;
  /** Only failures that are new since the baseline count (set by --fail-on-new). */
  onlyNew?: boolean;
}

/**
 * The exit code of a scan. An incomplete scan (any `error`) is 3 before anything else, because its
 * pass/fail picture cannot be trusted; then 1 when a failure reaches the severity gate; else 0.
 */
export function exitCodeFor(report: ScanReport, opts: GateOptions): number {
  if (!opts.allowIncomplete && report.results.some((r) => r.status === 'error')) return EXIT.incomplete;
  if (opts.failOn === 'none') return EXIT.ok;
  const threshold = SEVERITIES.indexOf(opts.failOn);
  const gated = report.results.some((r) => {
    if (r.status !== 'fail' || SEVERITIES.indexOf(r.severity) > threshold) return false;
    if (!opts.onlyNew) return true;
    // With a baseline, a failing check is `new` when it did not fail there or has a newly failing resource.
    return r.change === 'new';
  });
  return gated ? EXIT.findings : EXIT.ok;
}
