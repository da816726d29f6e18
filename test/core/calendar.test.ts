/**
 * Dates and calendar arithmetic: the one strict, bounded reader (src/core/instant.ts) and durations
 * applied by date-fns on UTC dates (src/core/duration.ts). Month and year steps land on the last
 * day of a shorter month, never roll over into the next, and do not depend on the local time zone.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { formatInstant, shift, toInstant } from '../../src/core/duration.js';
import { MAX_INSTANT_MS, MIN_INSTANT_MS, readEpoch, readInstant } from '../../src/core/instant.js';

const at = (s: string) => Date.parse(s);
const minus = (s: string, d: string) => formatInstant(shift(at(s), d, -1));
const plus = (s: string, d: string) => formatInstant(shift(at(s), d, 1));

describe('calendar arithmetic', () => {
  it.each([
    ['2026-03-31T00:00:00Z', 'P1M', '2026-02-28T00:00:00Z'],
    ['2024-03-31T00:00:00Z', 'P1M', '2024-02-29T00:00:00Z'],
    ['2026-05-31T12:00:00Z', 'P1M', '2026-04-30T12:00:00Z'],
    ['2024-02-29T00:00:00Z', 'P1Y', '2023-02-28T00:00:00Z'],
    ['2026-03-31T00:00:00Z', 'P1Y1M', '2025-02-28T00:00:00Z'],
    ['2026-01-01T00:00:00Z', 'P90D', '2025-10-03T00:00:00Z'],
    ['2026-03-29T12:00:00Z', 'P1DT12H', '2026-03-28T00:00:00Z'],
    ['2026-06-01T00:00:00Z', 'P3Y', '2023-06-01T00:00:00Z'],
  ])('%s minus %s is %s', (from, d, expected) => {
    expect(minus(from, d)).toBe(expected);
  });

  it.each([
    ['2026-01-31T00:00:00Z', 'P1M', '2026-02-28T00:00:00Z'],
    ['2024-02-29T00:00:00Z', 'P1Y', '2025-02-28T00:00:00Z'],
    ['2026-12-31T23:00:00Z', 'PT2H', '2027-01-01T01:00:00Z'],
    ['2026-08-31T00:00:00Z', 'P1W', '2026-09-07T00:00:00Z'],
  ])('%s plus %s is %s', (from, d, expected) => {
    expect(plus(from, d)).toBe(expected);
  });

  describe('in a local time zone with daylight saving', () => {
    const saved = process.env.TZ;
    afterAll(() => {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    });
    it('gives the same UTC results (date-fns works on a UTC date)', () => {
      process.env.TZ = 'America/New_York';
      expect(minus('2026-03-31T00:00:00Z', 'P1M')).toBe('2026-02-28T00:00:00Z');
      expect(minus('2026-03-09T03:30:00Z', 'P1D')).toBe('2026-03-08T03:30:00Z');
      expect(plus('2026-10-31T05:00:00Z', 'P1D')).toBe('2026-11-01T05:00:00Z');
    });
  });

  it('stays within the years 0000-9999 the state can write', () => {
    expect(minus('2026-06-01T00:00:00Z', 'P99999Y')).toBe('0000-01-01T00:00:00Z');
    expect(minus('2026-06-01T00:00:00Z', 'P999999999999999Y')).toBe('0000-01-01T00:00:00Z');
    expect(plus('2026-06-01T00:00:00Z', 'P99999Y')).toBe('9999-12-31T23:59:59.999Z');
    expect(shift(MIN_INSTANT_MS, 'P1D', -1)).toBe(MIN_INSTANT_MS);
    expect(shift(MAX_INSTANT_MS, 'P1D', 1)).toBe(MAX_INSTANT_MS);
  });
});

describe('reading dates', () => {
  it.each([
    ['2026-02-31', /day 31 does not exist in 2026-02/],
    ['2023-02-29T00:00:00Z', /day 29 does not exist/],
    ['2026-13-01', /month 13/],
    ['2026-01-01T24:00:00Z', /time 24:00:00/],
    ['2026-01-01T12:00:00+24:00', /offset/],
    ['2026-06-01T12:59:60Z', /second 60/],
    ['9999-12-31T23:00:00-14:00', /UTC year \(10000\) is outside 0000-9999/],
    ['0000-01-01T00:00:00+01:00', /UTC year \(-1\) is outside 0000-9999/],
    ['+099999-01-01T00:00:00Z', /not an ISO 8601/],
    ['Jan 1 2026', /not an ISO 8601/],
    ['2026-1-1', /not an ISO 8601/],
  ])('refuses %s with the reason', (text, reason) => {
    const r = readInstant(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it.each([
    ['2026-02-28', '2026-02-28T00:00:00Z'],
    ['2024-02-29T10:00:00Z', '2024-02-29T10:00:00Z'],
    ['2026-01-31 10:00', '2026-01-31T10:00:00Z'],
    ['2026-01-31T10:00:00+02:00', '2026-01-31T08:00:00Z'],
    ['2026-01-31t10:00:00.5z', '2026-01-31T10:00:00.500Z'],
    ['2016-12-31T23:59:60Z', '2016-12-31T23:59:59.999Z'],
    ['9999-12-31T09:00:00-14:00', '9999-12-31T23:00:00Z'],
    ['0000-01-01T00:00:00Z', '0000-01-01T00:00:00Z'],
  ])('reads %s as %s', (text, expected) => {
    const r = readInstant(text);
    expect(r.ok && formatInstant(r.ms)).toBe(expected);
  });

  it('requires a zone and a time when asked', () => {
    expect(readInstant('2026-01-31T10:00', { zoneless: false }).ok).toBe(false);
    expect(readInstant('2026-01-31', { dateOnly: false }).ok).toBe(false);
  });

  it('reads epoch seconds and milliseconds within the years 0000-9999', () => {
    expect(readEpoch(1_700_000_000)).toEqual({ ok: true, ms: 1_700_000_000_000 });
    expect(readEpoch(1_700_000_000_000)).toEqual({ ok: true, ms: 1_700_000_000_000 });
    const far = readEpoch(300_000_000_000);
    expect(far.ok).toBe(false);
    if (!far.ok) expect(far.reason).toMatch(/UTC year \(11476\)/);
    expect(readEpoch(Number.POSITIVE_INFINITY).ok).toBe(false);
  });

  it('toInstant, the engine\'s reader, is the same strict reader', () => {
    expect(toInstant('2026-02-31')).toBeUndefined();
    expect(toInstant('9999-12-31T23:00:00-14:00')).toBeUndefined();
    expect(toInstant('2026-02-28T00:00:00Z')).toBe(at('2026-02-28T00:00:00Z'));
  });
});

describe('reading what is written', () => {
  it('reads back every instant it can write, in the years 0000-9999', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(fc.property(fc.integer({ min: MIN_INSTANT_MS, max: MAX_INSTANT_MS }), (ms) => {
      const r = readInstant(formatInstant(ms));
      return r.ok && r.ms === ms;
    }), { seed: 20261201, numRuns: 5000 });
  });
});
