import type { Status } from '../language/check.js';
import type { Transition } from './transition.js';
import type { StatusCounts } from './status-counts.js';

/** One scan in the history: when it ran and how its checks came out. */
export interface HistoryRun {
  now: string;
  /** The file the run is kept in, inside the history folder. */
  file: string;
  /** sha256 of that file's bytes (absent for this scan: it is the report itself). */
  reportSha256?: string;
  complete: boolean;
  checkCount: number;
  byStatus: StatusCounts;
}

/** A check whose failure state changed (or stayed failing) since the previous run. */
export interface HistoryCheck {
  id: string;
  /** Status in the previous run, null when the check was not in it. */
  from: Status | null;
  to: Status;
  change: Transition;
}

/** A file in the history folder that was not counted, and why. */
export interface IgnoredRun {
  file: string;
  reason: string;
}

/** The history summary carried in the report (`scan --history`), so renderers read only the report. */
export interface ReportHistory {
  /** At most this many runs are summarised, this scan included. */
  limit: number;
  /** Oldest first; the last is this scan. */
  runs: HistoryRun[];
  /** The run the per-check changes compare with: the latest earlier run of the same organization. */
  previous?: { now: string; file: string; reportSha256: string };
  /** Per check, in id order: new, fixed, still failing, no longer verifiable or excepted since `previous`. */
  checks: HistoryCheck[];
  ignored: IgnoredRun[];
}
