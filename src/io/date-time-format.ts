/**
 * The `date-time` format of ajv-formats (full mode), with a fast path. A 100k-member state holds
 * about 700k date-times; the library splits each with a regular expression and matches two more,
 * which was a third of schema validation. Strings in the canonical shape every collector and
 * export writes, `YYYY-MM-DDTHH:MM:SS[.fff]Z`, are checked here character by character with the
 * library's own rules (month and day ranges, leap years, the leap second at 23:59:60 UTC); any
 * other string goes to the library's function. test/bench/date-time-format.test.ts compares the
 * two on generated strings.
 *
 * One rule is added to the library's: the instant, in UTC, lies in the years 0000-9999
 * (src/io/instant.ts). `9999-12-31T23:00:00-14:00` is RFC 3339, but it is year 10000 in UTC, which
 * no snapshot or report can write back; a file holding it is refused at its line and column.
 */
import formatsModule from 'ajv-formats/dist/formats.js';
import { readInstant } from './instant.js';

type Validate = (value: string) => boolean;

// NodeNext sees this CommonJS module as a namespace with a default export (STACK.md pitfall 5).
const formats = ((formatsModule as unknown as { default?: typeof formatsModule }).default ?? formatsModule) as typeof formatsModule;
const library = formats.fullFormats['date-time'] as { validate: Validate; compare: (a: string, b: string) => number | undefined };

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function two(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** true/false when `s` has the canonical shape, undefined when the library must decide. */
function canonical(s: string): boolean | undefined {
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
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : DAYS[month]!))) return false;
  // The seconds as the library reads them, fraction included ("59.5" is below 60).
  const seconds = n > 20 ? Number(s.slice(17, n - 1)) : sec;
  if (hr <= 23 && min <= 59 && seconds < 60) return true;
  // A leap second, in UTC (the zone is Z): only at 23:59.
  return hr === 23 && min === 59 && seconds < 61;
}

export function validateDateTime(value: string): boolean {
  // The canonical shape has a four-digit year in UTC: always in range.
  return canonical(value) ?? (library.validate(value) && readInstant(value, { dateOnly: false, zoneless: false }).ok);
}

/** The format definition to register in place of ajv-formats' own `date-time`. */
export const dateTimeFormat = { validate: validateDateTime, compare: library.compare };

/** The library's own function, for the tests that compare the two. */
export const libraryDateTime: Validate = library.validate;
