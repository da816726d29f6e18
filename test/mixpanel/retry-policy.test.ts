import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelay } from '../../src/mixpanel/retry-policy.js';

const policy = { ...DEFAULT_RETRY_POLICY, limit: 4, baseDelayMs: 1000, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };

describe('retryDelay', () => {
  it.each([[429], [502], [503], [504]])('retries HTTP %s', (status) => {
    expect(retryDelay({ attempt: 1, status }, policy, () => 0)).toBe(500);
  });

  it.each([[400], [401], [403], [404], [500], [501]])('does not retry HTTP %s', (status) => {
    expect(retryDelay({ attempt: 1, status }, policy)).toBe(0);
  });

  it.each([['ECONNRESET'], ['ETIMEDOUT'], ['ECONNREFUSED'], ['EAI_AGAIN']])('retries %s', (code) => {
    expect(retryDelay({ attempt: 1, code }, policy, () => 1)).toBe(1000);
  });

  it('does not retry unknown error codes', () => {
    expect(retryDelay({ attempt: 1, code: 'ERR_GOT_REQUEST_ERROR' }, policy)).toBe(0);
  });

  it('doubles up to the cap, with jitter within [ceiling/2, ceiling]', () => {
    const lows = [1, 2, 3, 4].map((attempt) => retryDelay({ attempt, status: 503 }, policy, () => 0));
    const highs = [1, 2, 3, 4].map((attempt) => retryDelay({ attempt, status: 503 }, policy, () => 1));
    expect(lows).toEqual([500, 1000, 2000, 4000]);
    expect(highs).toEqual([1000, 2000, 4000, 8000]);
  });

  it('stops after the limit', () => {
    expect(retryDelay({ attempt: 5, status: 503 }, policy)).toBe(0);
  });

  it('uses Retry-After as given, and gives up when it is above the cap', () => {
    expect(retryDelay({ attempt: 1, status: 429, retryAfterMs: 12_000 }, policy)).toBe(12_000);
    expect(retryDelay({ attempt: 1, status: 429, retryAfterMs: 61_000 }, policy)).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-06-15T12:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('Mon, 15 Jun 2026 12:00:30 GMT', now)).toBe(30_000);
  });
  it('treats 0, empty and garbage as absent', () => {
    expect(parseRetryAfter('0', now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
  it('a date in the past means "now" (1 ms), not "never"', () => {
    expect(parseRetryAfter('Mon, 15 Jun 2026 11:00:00 GMT', now)).toBe(1);
  });
});
