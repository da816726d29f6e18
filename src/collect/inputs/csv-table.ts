/**
 * A CSV export read into rows of named cells, each cell knowing its line and column, so that every
 * complaint about a value points at it (`members.csv:14:23`). Parsing is csv-parse's (RFC 4180
 * quoting, BOM); this adds header matching: case-insensitive, punctuation-blind, with aliases, and a
 * clear error naming an unknown or missing column.
 */
import { parse } from 'csv-parse/sync';
import { InputError, type InputProblem } from '../../core/errors.js';
import { readInputText, refuseAboveChars } from '../../core/structured-file.js';

export interface ColumnSpec<K extends string> {
  key: K;
  /** How the column is named in the docs and messages. */
  label: string;
  /** Other accepted names; the label is accepted too. */
  aliases: readonly string[];
  required?: boolean;
}

export interface CsvCell {
  value: string;
  line: number;
  column: number;
}

export interface CsvRow<K extends string> {
  line: number;
  cells: Partial<Record<K, CsvCell>>;
}

/** "Org Role", "org_role" and "ORG-ROLE" are the same column. */
export function headerKey(text: string): string {
  return text.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
}

interface ParsedRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

/** Start line and column of each field of one raw record (quote-aware), given the record's first line. */
function fieldPositions(raw: string, firstLine: number, delimiter: string): { line: number; column: number }[] {
  const out = [{ line: firstLine, column: 1 }];
  let line = firstLine;
  let column = 1;
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '"') quoted = !quoted;
    if (ch === '\n') {
      line++;
      column = 1;
      continue;
    }
    column++;
    if (ch === delimiter && !quoted) out.push({ line, column });
  }
  return out;
}

/** Strips the blank lines csv-parse folds into a record's raw text, and its line ending. */
function recordBody(raw: string): { body: string; leadingLines: number } {
  let body = raw;
  let leadingLines = 0;
  for (;;) {
    const m = /^\r?\n/.exec(body);
    if (!m) break;
    body = body.slice(m[0].length);
    leadingLines++;
  }
  body = body.replace(/\r?\n$/, '');
  return { body, leadingLines };
}

function detectDelimiter(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  if (!header.includes(',') && header.includes(';')) return ';';
  if (!header.includes(',') && header.includes('\t')) return '\t';
  return ',';
}

export function describeColumns(specs: readonly ColumnSpec<string>[]): string {
  return specs.map((s) => `${s.label}${s.required ? ' (required)' : ''}`).join(', ');
}

/**
 * CSV parsing with positions costs about 25 times the file's size in memory (a 50 MB export ran
 * out of a 512 MB heap; 16 MB, about 150,000 rows, took 430 MB), so larger exports are refused
 * before parsing. The audit log has a leaner form for large exports: NDJSON.
 */
export const MAX_CSV_CHARS = 16 * 1024 * 1024;

/** A header cell the specs do not name: ignored by `readCsvTableReport`, with its place for the warning. */
export interface IgnoredColumn {
  name: string;
  line: number;
  column: number;
}

/** Everything `readCsvTableReport` found: the rows, the columns it ignored, and every header problem. */
export interface CsvTableReport<K extends string> {
  rows: CsvRow<K>[];
  ignored: IgnoredColumn[];
  /** Header problems (a column named twice, a required column missing); the rows are still read. */
  problems: InputProblem[];
  /** The columns the header has, by key (absent: the file has no such column). */
  present: Set<K>;
  /** The header's names as written. */
  header: string[];
}

/** The text of a CSV export, refused unread when its size alone is above the limit; `advice` says what to do instead. */
export function readCsvText(file: string, advice?: string): string {
  refuseAboveChars(file, MAX_CSV_CHARS, 'CSV', advice);
  return readInputText(file);
}

/**
 * Reads a CSV table, collecting every header problem instead of stopping at the first, and ignoring
 * (and listing) columns the specs do not name. `renames` maps a site's own column names (matched as
 * headers are: case- and punctuation-blind) to keys, ahead of the labels and aliases. The CSV
 * syntax itself (quoting, ragged rows) still stops the read: nothing after a broken quote is known.
 */
export function readCsvTableReport<K extends string>(
  file: string,
  text: string,
  specs: readonly ColumnSpec<K>[],
  renames: ReadonlyMap<string, K> = new Map(),
): CsvTableReport<K> {
  if (text.length > MAX_CSV_CHARS) {
    throw InputError.at(file, `CSV file is ${text.length} characters, above the ${MAX_CSV_CHARS} limit for CSV exports`);
  }
  const delimiter = detectDelimiter(text);
  let records: ParsedRecord[];
  try {
    records = parse(text, { delimiter, bom: true, info: true, raw: true, skip_empty_lines: true, relax_quotes: false }) as unknown as ParsedRecord[];
  } catch (err) {
    const e = err as Error & { lines?: number; code?: string };
    throw InputError.at(file, `not valid CSV: ${e.message.replace(/ at line \d+$/, '').replace(/ on line \d+$/, '')}`, e.lines ?? 1, 1);
  }
  if (records.length === 0) throw InputError.at(file, 'file has no header row', 1, 1);

  const positioned = records.map((r) => {
    const { body, leadingLines } = recordBody(r.raw);
    const inner = (body.match(/\n/g) ?? []).length;
    const firstLine = r.info.lines - inner;
    return { record: r.record, line: firstLine, positions: fieldPositions(body, firstLine, delimiter), leadingLines };
  });

  const header = positioned[0]!;
  const byKey = new Map(specs.map((s) => [s.key, s]));
  const byName = new Map<string, ColumnSpec<K>>();
  for (const spec of specs) for (const name of [spec.label, ...spec.aliases]) byName.set(headerKey(name), spec);
  // A site's own names win over the built-in aliases: "Role" mapped to teams is no longer Org Role.
  for (const [name, key] of renames) {
    const spec = byKey.get(key);
    if (spec !== undefined) byName.set(headerKey(name), spec);
  }
  const columnKeys: (K | undefined)[] = [];
  const seen = new Map<K, string>();
  const ignored: IgnoredColumn[] = [];
  const problems: InputProblem[] = [];
  header.record.forEach((name, i) => {
    const pos = header.positions[i] ?? { line: header.line, column: 1 };
    const spec = byName.get(headerKey(name));
    if (spec === undefined) {
      if (name.trim() !== '') ignored.push({ name: name.trim(), line: pos.line, column: pos.column });
      columnKeys.push(undefined);
      return;
    }
    const before = seen.get(spec.key);
    if (before !== undefined) {
      // Which of the two holds the truth cannot be known: the second is not read, and the file is refused.
      problems.push({ file, line: pos.line, column: pos.column, message: `columns "${before}" and "${name.trim()}" are both the ${spec.label} column` });
      columnKeys.push(undefined);
      return;
    }
    seen.set(spec.key, name.trim());
    columnKeys.push(spec.key);
  });
  for (const spec of specs) {
    if (spec.required && !seen.has(spec.key)) {
      const also = spec.aliases.length > 0 ? ` (also accepted: ${spec.aliases.join(', ')})` : '';
      const unread = ignored.length > 0 ? `; the file's unrecognised columns are ${ignored.map((c) => `"${c.name}"`).join(', ')}` : '';
      problems.push({ file, line: header.line, column: 1, message: `missing required column "${spec.label}"${also}${unread}` });
    }
  }

  const rows: CsvRow<K>[] = [];
  for (const r of positioned.slice(1)) {
    if (r.record.every((v) => v.trim() === '')) continue;
    const cells: Partial<Record<K, CsvCell>> = {};
    r.record.forEach((value, i) => {
      const key = columnKeys[i];
      if (key === undefined) return;
      const pos = r.positions[i] ?? { line: r.line, column: 1 };
      cells[key] = { value: value.trim(), line: pos.line, column: pos.column };
    });
    rows.push({ line: r.line, cells });
  }
  return { rows, ignored, problems, present: new Set(seen.keys()), header: header.record.map((n) => n.trim()) };
}

/**
 * The strict form the other exports use: an unknown column (with `'error'`) or any header problem
 * stops the read, naming it.
 */
export function readCsvTable<K extends string>(
  file: string,
  text: string,
  specs: readonly ColumnSpec<K>[],
  unknownColumns: 'error' | 'ignore',
): CsvRow<K>[] {
  const table = readCsvTableReport(file, text, specs);
  const [unknown] = table.ignored;
  if (unknownColumns === 'error' && unknown !== undefined) {
    throw InputError.at(file, `unknown column "${unknown.name}"; known columns: ${describeColumns(specs)}`, unknown.line, unknown.column);
  }
  if (table.problems.length > 0) throw new InputError(table.problems);
  return table.rows;
}
