import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { libraryDateTime, validateDateTime } from '../../src/core/date-time-format.js';
import { readInstant } from '../../src/core/instant.js';

// The fast path of src/core/date-time-format.ts must agree with ajv-formats' date-time on every string,
// plus the one rule added: the instant in UTC lies in the years 0000-9999.
const library = (s: string) => libraryDateTime(s) && readInstant(s).ok;
const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((a) => a.join(''));
const near = fc.tuple(
  digits(4), fc.constantFrom('-', '/', ''), digits(2), fc.constantFrom('-', '_'), digits(2),
  fc.constantFrom('T', 't', ' ', 'X'), digits(2), fc.constantFrom(':', '.'), digits(2), fc.constantFrom(':'), digits(2),
  fc.constantFrom('', '.', '.5', '.123', '.9999', '.x'), fc.constantFrom('Z', 'z', '', '+01:00', '-23:59', 'Zt'),
).map((parts) => parts.join(''));
// Boundaries: months, days, leap years and leap seconds.
const edges = fc.tuple(
  fc.constantFrom('0000', '1900', '2000', '2023', '2024', '2100', '9999'), fc.constantFrom('00', '01', '02', '04', '12', '13'),
  fc.constantFrom('00', '01', '28', '29', '30', '31', '32'), fc.constantFrom('00', '23', '24'), fc.constantFrom('00', '59', '60'),
  fc.constantFrom('00', '59', '60', '61'), fc.constantFrom('', '.0', '.5', '.999'),
).map(([y, mo, d, h, mi, s, f]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${f}Z`);

describe('date-time format', () => {
  it('agrees with ajv-formats on strings shaped like date-times', () => {
    fc.assert(fc.property(fc.oneof(near, edges), (s) => validateDateTime(s) === library(s)), { seed: 20260601, numRuns: 20000 });
  });

  it('agrees with ajv-formats on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (s) => validateDateTime(s) === library(s)), { seed: 7, numRuns: 5000 });
  });

  it('keeps the leap-second and calendar rules', () => {
    expect(validateDateTime('2024-02-29T23:59:60Z')).toBe(true);
    expect(validateDateTime('2023-02-29T00:00:00Z')).toBe(false);
    expect(validateDateTime('2024-06-01T12:59:60Z')).toBe(false);
  });

  it('refuses an instant whose UTC year leaves 0000-9999, which the library accepts', () => {
    for (const s of ['9999-12-31T23:00:00-14:00', '0000-01-01T00:00:00+01:00']) {
      expect(libraryDateTime(s)).toBe(true);
      expect(validateDateTime(s)).toBe(false);
    }
    expect(validateDateTime('9999-12-31T23:59:59Z')).toBe(true);
    expect(validateDateTime('0000-01-01T00:00:00Z')).toBe(true);
    expect(validateDateTime('9999-12-31T09:00:00-14:00')).toBe(true);
  });
});
