import { assertValid } from '../io/schema-validator.js';
import { loadStructuredFile, readInputText } from '../io/structured-file.js';
import { sha256 } from '../state/load-state.js';
import type { ScanReport } from './report.js';

export interface LoadedReport {
  report: ScanReport;
  file: string;
  /** sha256 of the file's text, so a baseline is cited exactly. */
  sha256: string;
}

/** Reads a report.json written by `scan` (a baseline, or a side of `diff`), validated against its schema. */
export function loadReportFile(file: string): LoadedReport {
  const text = readInputText(file);
  const report = assertValid<ScanReport>('report', loadStructuredFile(file, text));
  return { report, file, sha256: sha256(text) };
}
