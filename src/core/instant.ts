/**
 * The one reader of dates and date-times for every input: API answers (src/collect/wire.ts), files
 * (src/collect/inputs/input-values.ts), the state's own values (src/core/duration.ts), the
 * schemas' `date-time` format (date-time-format.ts) and `--now`.
 *
 * Strict: each field is range-checked before any arithmetic, so `2026-02-31` is refused instead of
 * rolling over into March as `Date.parse` does. Bounded: the instant, in UTC, must fall in the years
 * 0000 to 9999, the only ones the state's RFC 3339 `date-time` can write back. A value outside that
 * range (`9999-12-31T23:00:00-14:00` is year 10000 in UTC, epoch seconds 300000000000 are year
 * 11476) is an error with a reason, never a string the schema later rejects.
 */

/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z in epoch milliseconds. */
export const MIN_INSTANT_MS = -62_167_219_200_000;
export const MAX_INSTANT_MS = 253_402_300_799_999;

/** The reason for a text that is not shaped like a date at all (callers' own words say more). */
export const NOT_A_DATE_SHAPE = 'not an ISO 8601 date or date-time';

export type InstantReading = { ok: true; ms: number } | { ok: false; reason: string };

export interface InstantRules {
  /** A bare date (`2026-01-31`) means midnight UTC. Default true. */
  dateOnly?: boolean;
  /** A date-time without a zone is read as UTC. Default true; false requires `Z` or an offset. */
  zoneless?: boolean;
}

// RFC 3339 as ajv-formats reads it (`t`/space separator, `z`, an offset of hours with optional
// minutes, any number of fraction digits), plus the forms exports use: a bare date, and a time
// without seconds or without a zone.
const SHAPE = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : DAYS[month - 1]!;
}

/** Whether epoch milliseconds lie in the years 0000-9999 UTC. */
export function inInstantRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_INSTANT_MS && ms <= MAX_INSTANT_MS;
}

function outOfRange(ms: number): string {
  const year = Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).getUTCFullYear() : undefined;
  return `its UTC year${year === undefined ? '' : ` (${year})`} is outside 0000-9999`;
}

/** Epoch milliseconds of a UTC calendar date and time, for any year (Date.UTC maps 0-99 to 1900-1999). */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}

const CANONICAL_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function two(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * The fast path for the shape every collector and export writes, `YYYY-MM-DDTHH:MM:SS[.fff]Z`,
 * checked character by character with ajv-formats' rules (month and day ranges, leap years, the
 * leap second at 23:59:60 UTC): true or false for that shape, undefined for any other string.
 * A 100k-member state holds about 700k such strings; a regular expression costs several times more.
 */
export function canonical(s: string): boolean | undefined {
  const n = s.length;
  if (n < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(n - 1) !== 90) return undefined;
  // Fractional seconds: a dot and at least one digit, up to the final Z.
  if (n > 20) {
    if (s.charCodeAt(19) !== 46 || n === 21) return undefined;
    for (let i = 20; i < n - 1; i++) if (digit(s, i) < 0) return undefined;
  }
  const y1 = two(s, 0);
  const y2 = two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  const hr = two(s, 11);
  const min = two(s, 14);
  const sec = two(s, 17);
  if (y1 < 0 || y2 < 0 || month < 0 || day < 0 || hr < 0 || min < 0 || sec < 0) return undefined;
  const year = y1 * 100 + y2;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : CANONICAL_DAYS[month]!))) return false;
  // The seconds as the library reads them, fraction included ("59.5" is below 60).
  const seconds = n > 20 ? Number(s.slice(17, n - 1)) : sec;
  if (hr <= 23 && min <= 59 && seconds < 60) return true;
  // A leap second, in UTC (the zone is Z): only at 23:59.
  return hr === 23 && min === 59 && seconds < 61;
}

/** Reads an ISO 8601 / RFC 3339 date or date-time; see InstantRules for the optional forms. */
export function readInstant(text: string, rules: InstantRules = {}): InstantReading {
  // The canonical UTC shape with valid fields is one Date.parse reads exactly (four-digit year, Z:
  // always in range); a leap second, and every other shape, take the general path below.
  if (canonical(text) === true && !(text.charCodeAt(17) === 54 && text.charCodeAt(18) === 48)) return { ok: true, ms: Date.parse(text) };
  const m = SHAPE.exec(text.trim());
  if (!m) return { ok: false, reason: NOT_A_DATE_SHAPE };
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  if (hs === undefined && rules.dateOnly === false) return { ok: false, reason: 'a date without a time' };
  if (hs !== undefined && zone === undefined && rules.zoneless === false) return { ok: false, reason: 'a date-time without a time zone' };
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  if (month < 1 || month > 12) return { ok: false, reason: `month ${mos} does not exist` };
  if (day < 1 || day > daysInMonth(year, month)) return { ok: false, reason: `day ${ds} does not exist in ${ys}-${mos}` };
  const hour = hs === undefined ? 0 : Number(hs);
  const minute = mis === undefined ? 0 : Number(mis);
  let second = ss === undefined ? 0 : Number(ss);
  if (hour > 23 || minute > 59 || second > 60) return { ok: false, reason: `time ${hs}:${mis}${ss === undefined ? '' : `:${ss}`} does not exist` };
  let offsetMinutes = 0;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 23 || om > 59) return { ok: false, reason: `time zone offset ${zone} does not exist` };
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // A leap second (23:59:60 in UTC, as RFC 3339 and the schemas allow) is read as the last
  // millisecond of its minute: Date cannot hold it, and nothing here needs a finer clock.
  let millis = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  if (second === 60) {
    const utcMinutes = (hour * 60 + minute - offsetMinutes + 1440) % 1440;
    if (utcMinutes !== 23 * 60 + 59) return { ok: false, reason: `second 60 exists only at 23:59 UTC` };
    second = 59;
    millis = 999;
  }
  const ms = utc(year, month, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  if (!inInstantRange(ms)) return { ok: false, reason: outOfRange(ms) };
  return { ok: true, ms };
}

/**
 * Epoch seconds or milliseconds, as APIs send them: below 1e12 (before 33658 as seconds, or 2001 as
 * milliseconds) a number is seconds. Bounded like readInstant.
 */
export function readEpoch(value: number): InstantReading {
  if (!Number.isFinite(value)) return { ok: false, reason: 'not a finite number' };
  const ms = Math.abs(value) < 1e12 ? value * 1000 : value;
  if (!inInstantRange(ms)) return { ok: false, reason: outOfRange(ms) };
  return { ok: true, ms: Math.trunc(ms) };
}

/**
 * The state's form of an instant: `2026-01-02T03:04:05Z`, with milliseconds only when present.
 * Callers pass instants read by this module or shifted by duration.ts (both bounded); an instant
 * outside 0000-9999 would print as `+010000-...`, which the schemas refuse.
 */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
