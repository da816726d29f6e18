/**
 * Everything `collectOrgState` can be told, with defaults, and the checks that turn a bad value into
 * a usage error (exit 2) before anything is read or sent.
 */
import { UsageError } from '../errors.js';
import { isDuration } from '../engine/duration.js';
import { checkApiBaseUrl } from '../mixpanel/hosts.js';
import type { Clock } from '../mixpanel/rate-window.js';
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
  /** Lexicon: projects to read at most (0 = off). */
  lexiconProjects?: number;
  retry?: Partial<RetryPolicy>;
  /** The collection time (a fixed one makes snapshots reproducible in tests). */
  now?: Date;
  onEvent?: EmitEvent;
  /** Test seams: the Lexicon limiter's clock, and the retry wait scaling (see ClientOptions). */
  clock?: Clock;
  waitFor?: (delayMs: number) => number;
  /** Audit-log API pages at most (100 events each). */
  auditMaxPages?: number;
}

export const DEFAULTS = {
  auditWindow: 'P90D',
  concurrency: 4,
  timeoutMs: 30_000,
  // One rate window (5 requests a minute): a default scan never waits on Lexicon; raise it knowingly.
  lexiconProjects: 5,
  auditMaxPages: 500,
  auditPageSize: 100,
} as const;

export interface ResolvedOptions extends CollectOptions {
  auditWindow: string;
  concurrency: number;
  timeoutMs: number;
  lexiconProjects: number;
  auditMaxPages: number;
}

function positiveInteger(value: number, flag: string, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${flag} must be an integer of at least ${min}: ${value}`);
  return value;
}

export function resolveOptions(o: CollectOptions): ResolvedOptions {
  const auditWindow = o.auditWindow ?? DEFAULTS.auditWindow;
  if (!isDuration(auditWindow)) throw new UsageError(`--audit-window must be an ISO 8601 duration such as P90D or P2Y: ${auditWindow}`);
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
    timeoutMs: positiveInteger(o.timeoutMs ?? DEFAULTS.timeoutMs, '--timeout', 1),
    lexiconProjects: positiveInteger(o.lexiconProjects ?? DEFAULTS.lexiconProjects, '--lexicon-projects', 0),
    auditMaxPages: positiveInteger(o.auditMaxPages ?? DEFAULTS.auditMaxPages, 'auditMaxPages', 1),
  };
}
