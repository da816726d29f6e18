import { stringify } from 'csv-stringify/sync';
import { csvCell } from './text-safety.js';

export type RecordDelimiter = '\r\n' | '\n';

/**
 * CSV text for rows of cells, as every CSV this tool writes is written: RFC 4180 quoting, every
 * cell through `csvCell` (no control or bidirectional characters, no formula). A cell holding a
 * quote, a comma, a CR or an LF is quoted: csv-stringify stops quoting on CR and LF as soon as a
 * `record_delimiter` is given unless `quote_record_delimiter` is set, and an unquoted line break
 * splits a row in every reader.
 */
export function csvText(rows: readonly (readonly string[])[], delimiter: RecordDelimiter = '\r\n'): string {
  return stringify(rows.map((r) => r.map(csvCell)), {
    record_delimiter: delimiter === '\r\n' ? 'windows' : 'unix',
    quote_record_delimiter: true,
  });
}
