import { appendFileSync, closeSync, openSync, writeSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { ExitError, InputError } from '../core/errors.js';
import { NotReadableError, readRegularFile } from '../core/read-regular-file.js';
import { MAX_INPUT_BYTES } from '../core/structured-file.js';
import { TRACKER_COLUMNS, trackerCsv, type RecordDelimiter, type TrackerColumn, type TrackerRecord } from './tracker.js';

/** A tracker is read whole to find its header and line endings; as large as any input, no larger. */
const MAX_TRACKER_BYTES = MAX_INPUT_BYTES;

function normalize(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
}

const BY_NAME = new Map<string, TrackerColumn>(TRACKER_COLUMNS.map((c) => [normalize(c), c]));

function columnOf(name: string): TrackerColumn | undefined {
  return BY_NAME.get(normalize(name));
}

function ioError(file: string, what: string, err: unknown): ExitError {
  return new ExitError(`cannot ${what} the tracker ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 4);
}

/** A tracker checked before anything is written, so that a bad tracker stops the run with nothing written. */
export interface TrackerTarget {
  file: string;
  /** Absent or empty: written with a header, CRLF endings (RFC 4180). */
  fresh: boolean;
  /** Absent: created exclusively. */
  absent: boolean;
  header: readonly string[];
  delimiter: RecordDelimiter;
  /** The existing file does not end with a line break: one goes before the new rows. */
  needsLineBreak: boolean;
}

/**
 * Reads an existing tracker's header (any column order, extra columns allowed, line endings kept);
 * it must have every column the tool fills (exit 2 otherwise).
 */
export function openTracker(file: string): TrackerTarget {
  let text: string;
  try {
    // A FIFO or device named as the tracker must not block or flood the run; a huge file is refused.
    text = readRegularFile(file, MAX_TRACKER_BYTES, { followSymlink: true }).toString('utf8');
  } catch (err) {
    if (!(err instanceof NotReadableError)) throw ioError(file, 'read', err);
    if (err.reason === 'missing') return { file, fresh: true, absent: true, header: TRACKER_COLUMNS, delimiter: '\r\n', needsLineBreak: false };
    if (err.reason === 'unreadable') throw ioError(file, 'read', err);
    throw InputError.at(file, err.reason === 'too-large' ? `the tracker ${err.message}` : 'the tracker is not a regular file');
  }
  if (text.replace(/^\uFEFF/, '').trim() === '') return { file, fresh: true, absent: false, header: TRACKER_COLUMNS, delimiter: '\r\n', needsLineBreak: false };
  let header: string[];
  try {
    header = (parse(text, { bom: true, to_line: 1, relax_column_count: true }) as string[][])[0] ?? [];
  } catch (err) {
    throw InputError.at(file, `the tracker's header is not valid CSV: ${(err as Error).message}`, 1, 1);
  }
  const missing = TRACKER_COLUMNS.filter((c) => !header.some((h) => columnOf(h) === c));
  if (missing.length > 0) {
    throw InputError.at(file, `the tracker's header lacks the column(s) ${missing.map((m) => `"${m}"`).join(', ')}; add them (any order) or give a new --tracker file`, 1, 1);
  }
  const delimiter: RecordDelimiter = text.includes('\r\n') || !text.includes('\n') ? '\r\n' : '\n';
  return { file, fresh: false, absent: false, header, delimiter, needsLineBreak: !text.endsWith('\n') };
}

/**
 * Appends one row per record in a single write. Earlier rows are never rewritten. A fresh tracker
 * is created exclusively; if another run created it in between, the rows are appended to that one.
 */
export function appendToTracker(target: TrackerTarget, rows: readonly TrackerRecord[]): void {
  if (target.absent) {
    let fd: number | undefined;
    try {
      fd = openSync(target.file, 'wx', 0o644);
      writeSync(fd, trackerCsv(rows, TRACKER_COLUMNS, columnOf, true, '\r\n'));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw ioError(target.file, 'create', err);
      const now = openTracker(target.file);
      return appendToTracker({ ...now, absent: false }, rows);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  try {
    appendFileSync(target.file, (target.needsLineBreak ? target.delimiter : '') + trackerCsv(rows, target.header, columnOf, target.fresh, target.delimiter));
  } catch (err) {
    throw ioError(target.file, 'append to', err);
  }
}
