import { assertValid } from '../io/schema-validator.js';
import { loadStructuredFile, readInputText, type StructuredFile } from '../io/structured-file.js';
import { InputError } from '../errors.js';
import { sha256 } from '../state/load-state.js';
import { REPORT_SCHEMA_VERSION, type ScanReport } from './report.js';

export interface LoadedReport {
  report: ScanReport;
  file: string;
  /** sha256 of the file's text, so a baseline is cited exactly. */
  sha256: string;
}

/** A report from before results named their basis: say so plainly rather than list missing fields. */
function refuseEarlierVersion(source: StructuredFile): void {
  const data = source.data;
  if (data === null || typeof data !== 'object' || (data as { schemaVersion?: unknown }).schemaVersion !== '1.0') return;
  const pos = source.locate('/schemaVersion');
  throw new InputError([{
    file: source.file, ...(pos ?? {}), pointer: '/schemaVersion',
    message: `report schema 1.0 was written by an earlier version, before results named their basis and mappings were split into assessed and the guide's; run one scan without --baseline (or re-run the baseline scan) to get a ${REPORT_SCHEMA_VERSION} report to compare with`,
  }]);
}

/** Reads a report.json written by `scan` (a baseline, or a side of `diff`), validated against its schema. */
export function loadReportFile(file: string): LoadedReport {
  const text = readInputText(file);
  const source = loadStructuredFile(file, text);
  refuseEarlierVersion(source);
  const report = assertValid<ScanReport>('report', source);
  return { report, file, sha256: sha256(text) };
}
