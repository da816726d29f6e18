import { assertValid, refuseSchemaVersion } from '../core/schema-validator.js';
import { loadStructuredFile, readInputText } from '../core/structured-file.js';
import { sha256 } from '../state/load-state.js';
import { REPORT_SCHEMA_VERSION, type FrameworkInfo, type ScanReport } from './report.js';
import { TOOL_REPOSITORY } from './tool-info.js';

/**
 * A 1.1 report had a fixed set of three frameworks and did not describe them; described here as
 * 1.1 named them, so that an older report reads as the current model (diff, --baseline).
 */
const FRAMEWORKS_OF_1_1: readonly FrameworkInfo[] = [
  { id: 'soc2', name: 'SOC 2 Trust Services Criteria (2017)', shortName: 'SOC 2', entryNoun: 'criterion', ocsfStandard: 'AICPA SOC 2 TSC 2017', csvColumn: 'soc2' },
  { id: 'nist-800-53', name: 'NIST SP 800-53 Rev. 5', shortName: 'NIST 800-53', entryNoun: 'control', ocsfStandard: 'NIST SP 800-53 Rev 5', csvColumn: 'nist', oscalControls: true },
  { id: 'cis-v8', name: 'CIS Critical Security Controls v8', shortName: 'CIS v8', entryNoun: 'safeguard', ocsfStandard: 'CIS Controls v8', csvColumn: 'cis' },
];

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
  // Cited by the digest of the file as read; only the in-memory model is brought up to date.
  const current = report.schemaVersion === '1.1'
    ? { ...report, tool: { ...report.tool, repository: report.tool.repository ?? TOOL_REPOSITORY }, frameworkInfo: report.frameworkInfo ?? [...FRAMEWORKS_OF_1_1] }
    : report;
  return { report: current, file, sha256: sha256(text) };
}
