/**
 * When to retry a request and how long to wait first. Pure, so that tests can assert the delays
 * instead of sleeping through them.
 *
 * Retried: HTTP 429, 502, 503, 504 and network failures (resets, refusals, DNS, timeouts).
 * Wait: the server's Retry-After when it gives one (Mixpanel documents 429 without saying whether
 * it sends the header), else exponential backoff from `baseDelayMs`, doubling, capped at
 * `maxDelayMs`, with jitter so that parallel per-project calls do not retry in lock step.
 * A Retry-After longer than `maxRetryAfterMs` is not waited for: the request fails at once and says
 * how long the server asked for, rather than hanging a scheduled scan. The waits of one request
 * together stay under `maxTotalWaitMs` (a server answering `Retry-After: 60` four times would
 * otherwise hold each request 4 minutes, and the region probe asks three regions in turn); the
 * whole collection is bounded by the time budget (time-budget.ts).
 */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  limit: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  /** The sum of the waits of one request, at most. */
  maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  limit: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  // A minute covers Mixpanel's per-minute windows (Lexicon: 5 a minute); a longer ask fails at once.
  maxRetryAfterMs: 60_000,
  maxTotalWaitMs: 120_000,
};

export const RETRY_STATUS_CODES: readonly number[] = [429, 502, 503, 504];
export const RETRY_ERROR_CODES: readonly string[] = [
  'ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'ENETUNREACH', 'EAI_AGAIN', 'EADDRINUSE',
];

export interface FailedAttempt {
  /** 1 for the first failure. */
  attempt: number;
  status?: number;
  code?: string;
  /** Retry-After in milliseconds, when the response carried a usable one. */
  retryAfterMs?: number;
}

/** Milliseconds to wait before the next attempt, or 0 for "do not retry". */
export function retryDelay(failure: FailedAttempt, policy: RetryPolicy, random: () => number = Math.random): number {
  if (failure.attempt > policy.limit) return 0;
  const retryable = failure.status !== undefined
    ? RETRY_STATUS_CODES.includes(failure.status)
    : failure.code !== undefined && RETRY_ERROR_CODES.includes(failure.code);
  if (!retryable) return 0;
  if (failure.retryAfterMs !== undefined && failure.retryAfterMs > 0) {
    return failure.retryAfterMs > policy.maxRetryAfterMs ? 0 : failure.retryAfterMs;
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failure.attempt - 1));
  // "Equal jitter": at least half the ceiling, so the backoff still grows.
  return Math.max(1, Math.round(ceiling / 2 + (random() * ceiling) / 2));
}

/**
 * Retry-After in milliseconds from the header value: delta-seconds or an HTTP date. Undefined when
 * absent or unreadable. Zero counts as absent (as in got), so backoff applies.
 */
export function parseRetryAfter(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) {
    const ms = Number(value.trim()) * 1000;
    return ms > 0 ? ms : undefined;
  }
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(1, at - now);
}
