/**
 * The `date-time` format of ajv-formats (full mode), with a fast path. A 100k-member state holds
 * about 700k date-times; the library splits each with a regular expression and matches two more,
 * which was a third of schema validation. Strings in the canonical shape every collector and
 * export writes, `YYYY-MM-DDTHH:MM:SS[.fff]Z`, are checked here character by character with the
 * library's own rules (month and day ranges, leap years, the leap second at 23:59:60 UTC); any
 * other string goes to the library's function. test/core/date-time-format.test.ts compares the
 * two on generated strings.
 *
 * One rule is added to the library's: the instant, in UTC, lies in the years 0000-9999
 * (src/core/instant.ts). `9999-12-31T23:00:00-14:00` is RFC 3339, but it is year 10000 in UTC, which
 * no snapshot or report can write back; a file holding it is refused at its line and column.
 */
import formatsModule from 'ajv-formats/dist/formats.js';
import { canonical, readInstant } from './instant.js';

type Validate = (value: string) => boolean;

// NodeNext sees this CommonJS module as a namespace with a default export.
const formats = ((formatsModule as unknown as { default?: typeof formatsModule }).default ?? formatsModule) as typeof formatsModule;
const library = formats.fullFormats['date-time'] as { validate: Validate; compare: (a: string, b: string) => number | undefined };

export function validateDateTime(value: string): boolean {
  // The canonical shape has a four-digit year in UTC: always in range.
  return canonical(value) ?? (library.validate(value) && readInstant(value, { dateOnly: false, zoneless: false }).ok);
}

/** The format definition to register in place of ajv-formats' own `date-time`. */
export const dateTimeFormat = { validate: validateDateTime, compare: library.compare };

/** The library's own function, for the tests that compare the two. */
export const libraryDateTime: Validate = library.validate;
