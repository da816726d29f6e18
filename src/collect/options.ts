/**
 * Everything `collectOrgState` can be told, with defaults, and the checks that turn a bad value into
 * a usage error (exit 2) before anything is read or sent.
 */
import { UsageError } from '../core/errors.js';
import { isDuration, shift } from '../core/duration.js';
import { checkApiBaseUrl } from '../mixpanel/hosts.js';
import type { Clock } from '../mixpanel/rate-window.js';
import type { Redactor } from '../mixpanel/redactor.js';
import { DEFAULT_MAX_RESPONSE_BYTES, MAX_MAX_RESPONSE_BYTES, MIN_MAX_RESPONSE_BYTES } from '../mixpanel/response-body.js';
import type { RetryPolicy } from '../mixpanel/retry-policy.js';
import type { Region } from '../state/org-state.js';
import type { EmitEvent } from './events.js';
import type { InputPaths } from './inputs/load-inputs.js';

export interface CollectOptions {
  /** Skip the region probe and read this region only. */
  region?: Region;
  /** Needed only when the service account sees several organizations. */
  organizationId?: string;
  /** Point every surface at one base (see src/mixpanel/hosts.ts for the mapping). */
  apiBaseUrl?: string;
  /** A YAML/JSON file with `username` and `secret`, instead of the environment. */
  credentialsFile?: string;
  /** Where MIXPANEL_* variables are read; process.env by default. */
  env?: Record<string, string | undefined>;
  inputs?: InputPaths;
  /** How far back the audit-log API is asked, as an ISO 8601 duration. */
  auditWindow?: string;
  /** Opt in to the undocumented routes (members, teams, 2FA setting, data-view members). */
  experimentalEndpoints?: boolean;
  /** Per-project calls at once. */
  concurrency?: number;
  /** Per-attempt request timeout. */
  timeoutMs?: number;
  /** The whole collection's time budget (every request, retry and wait). */
  maxCollectionMs?: number;
  /** The largest response body read, raw and decompressed. */
  maxResponseBytes?: number;
  /**
   * Where the credentials are registered the moment they are read; the CLI passes its output sink's
   * redactor, so that every line it prints is redacted too. A fresh one otherwise.
   */
  redactor?: Redactor;
  /** Lexicon: projects to read at most (0 = off). */
  lexiconProjects?: number;
  retry?: Partial<RetryPolicy>;
  /**
   * The run's one clock: every slice's `collectedAt`, the snapshot's `generatedAt` and the audit
   * window's end. Required, so that collection never reads a wall clock of its own and a scan's
   * `--now` is the instant its data is said to be collected at.
   */
  now: Date;
  onEvent?: EmitEvent;
  /** Test seams: the Lexicon limiter's clock, and the retry wait scaling (see ClientOptions). */
  clock?: Clock;
  waitFor?: (delayMs: number) => number;
  /** Audit-log API pages at most (100 events each). */
  auditMaxPages?: number;
  /**
   * Read every audit-log event type, not only those the checks' derived facts read. Offboarding
   * needs this: any event by the person after the removal is activity. The page cap then applies
   * to all events, so the window may be cut shorter (the slice says so).
   */
  auditAllTypes?: boolean;
}

export const DEFAULTS = {
  // Longer than every default inactivity limit (MP-5.1.1's 90 days, MP-5.1.2's 45), so that the
  // login record can span a limit and "no login" can decide. Asking further back than Mixpanel keeps
  // the records is harmless: each type's coverage stops at the retention (the entries'
  // ttl_timestamp, else the plan, else 90 days; src/collect/audit/derive-facts.ts). The cost is
  // pages: about twice those of 90 days where Mixpanel keeps them, within the same page cap.
  auditWindow: 'P180D',
  // Chosen by `npm run bench` (docs/performance.md): 2,004 projects at 25 ms a request took 20.2 s
  // at 4 and 10.8 s at 8, the same ratio to the floor (x1.5); 16 gained less (7.7 s, x2.0). Mixpanel
  // documents no limit for these routes; 429s are backed off (retry-policy.ts).
  concurrency: 8,
  timeoutMs: 30_000,
  // Half an hour: a large organization with a 500-page audit log reads in minutes; a server that
  // throttles every call must not hold a scheduled scan for hours.
  maxCollectionMs: 30 * 60_000,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  // One rate window (5 requests a minute): a default scan never waits on Lexicon; raise it knowingly.
  lexiconProjects: 5,
  auditMaxPages: 500,
  auditPageSize: 100,
} as const;

export interface ResolvedOptions extends CollectOptions {
  auditWindow: string;
  concurrency: number;
  timeoutMs: number;
  maxCollectionMs: number;
  maxResponseBytes: number;
  lexiconProjects: number;
  auditMaxPages: number;
}

/**
 * Bounds of the durations. Node's timers take at most 2^31 - 1 ms (about 24.8 days) and turn a
 * larger value into 1 ms with a warning, so an unbounded option could silently mean "no time at all";
 * these bounds are far inside that and far beyond any useful value.
 */
export const BOUNDS = {
  timeoutMs: { min: 1, max: 10 * 60_000 },
  maxCollectionMs: { min: 1000, max: 24 * 3600_000 },
  maxResponseBytes: { min: MIN_MAX_RESPONSE_BYTES, max: MAX_MAX_RESPONSE_BYTES },
  /** --audit-window: no organization's audit history is older than this. */
  auditWindowYears: 100,
} as const;

function positiveInteger(value: number, flag: string, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${flag} must be an integer of at least ${min}: ${value}`);
  return value;
}

function bounded(value: number, flag: string, range: { min: number; max: number }, unit: (n: number) => string): number {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new UsageError(`${flag} must be between ${unit(range.min)} and ${unit(range.max)}: ${unit(value)}`);
  }
  return value;
}

const seconds = (ms: number): string => `${Number.isFinite(ms) ? ms / 1000 : ms} s`;
const bytes = (n: number): string => `${n} bytes`;

export function resolveOptions(o: CollectOptions): ResolvedOptions {
  const auditWindow = o.auditWindow ?? DEFAULTS.auditWindow;
  if (!isDuration(auditWindow)) throw new UsageError(`--audit-window must be an ISO 8601 duration such as P90D or P2Y: ${auditWindow}`);
  checkAuditWindow(auditWindow, o.now.getTime());
  if (o.apiBaseUrl !== undefined) {
    const problem = checkApiBaseUrl(o.apiBaseUrl);
    if (problem) throw new UsageError(problem);
  }
  if (o.organizationId !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(o.organizationId)) {
    throw new UsageError(`--organization-id must be an organization id such as 12345: ${o.organizationId}`);
  }
  return {
    ...o,
    auditWindow,
    concurrency: positiveInteger(o.concurrency ?? DEFAULTS.concurrency, '--concurrency', 1),
    timeoutMs: bounded(o.timeoutMs ?? DEFAULTS.timeoutMs, '--timeout', BOUNDS.timeoutMs, seconds),
    maxCollectionMs: bounded(o.maxCollectionMs ?? DEFAULTS.maxCollectionMs, '--max-collection-time', BOUNDS.maxCollectionMs, seconds),
    maxResponseBytes: bounded(o.maxResponseBytes ?? DEFAULTS.maxResponseBytes, '--max-response-bytes', BOUNDS.maxResponseBytes, bytes),
    lexiconProjects: positiveInteger(o.lexiconProjects ?? DEFAULTS.lexiconProjects, '--lexicon-projects', 0),
    auditMaxPages: positiveInteger(o.auditMaxPages ?? DEFAULTS.auditMaxPages, 'auditMaxPages', 1),
  };
}

/** The audit window is a duration too: bounded, so that its start is a real date (not before 1970). */
function checkAuditWindow(window: string, now: number): void {
  const start = shift(now, window, -1);
  const floor = shift(now, `P${BOUNDS.auditWindowYears}Y`, -1);
  if (!Number.isFinite(start) || start < floor || start < 0) {
    throw new UsageError(`--audit-window must be at most ${BOUNDS.auditWindowYears} years and start after 1970: ${window}`);
  }
}
