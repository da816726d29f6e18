import { assertValid, refuseSchemaVersion } from '../core/schema-validator.js';
import { loadStructuredFile, readInputText } from '../core/structured-file.js';
import { sha256 } from '../state/load-state.js';
import { REPORT_SCHEMA_VERSION, type ScanReport } from './report.js';

export interface LoadedReport {
  report: ScanReport;
  file: string;
  /** sha256 of the file's text, so a baseline is cited exactly. */
  sha256: string;
}

/** Reads a report.json written by `scan` (a baseline, or a side of `diff`), validated against its schema. */
export function loadReportFile(file: string): LoadedReport {
  const text = readInputText(file);
  const source = loadStructuredFile(file, text);
  refuseSchemaVersion(source, '1.0', `report schema 1.0 was written by an earlier version, before results named their basis and mappings were split into assessed and the guide's; run one scan without --baseline (or re-run the baseline scan) to get a ${REPORT_SCHEMA_VERSION} report to compare with`);
  const report = assertValid<ScanReport>('report', source);
  return { report, file, sha256: sha256(text) };
}
