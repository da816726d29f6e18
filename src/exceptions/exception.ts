import type { DeclaredException } from '../report/report.js';

/** An exception, as written in an exceptions file: the report model's declared form. */
export type ExceptionEntry = DeclaredException;

export interface ExceptionsFile {
  version?: 1;
  exceptions: ExceptionEntry[];
}

/** A loaded, validated exceptions file. */
export interface ExceptionSet {
  entries: ExceptionEntry[];
  /** sha256 of the file's bytes, cited by the report. */
  sha256: string;
}

/** The default and the configurable ceiling (`exceptions.maxDuration`) of created -> expires. */
export const DEFAULT_MAX_EXCEPTION_DURATION = 'P365D';

/** An active exception that expires within this many days is flagged for renewal. */
export const EXPIRY_WARNING_DAYS = 30;

export const DAY_MS = 24 * 60 * 60 * 1000;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant a `created` value starts: a bare date is midnight UTC of that day. */
export function startInstant(value: string): number {
  const m = DATE_ONLY.exec(value);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Date.parse(value);
}

/**
 * The first instant an exception no longer applies. A bare date means "through that day" (as people
 * read `expires: 2026-12-31`), so it ends at the next midnight UTC; a date-time ends exactly then.
 */
export function endInstant(value: string): number {
  const m = DATE_ONLY.exec(value);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1) : Date.parse(value);
}
