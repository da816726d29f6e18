import { csvText } from '../core/csv-text.js';
import type { CheckResult, ExceptionRecord, FrameworkInfo, ReportResource, ScanReport } from './report.js';
import { basisKindsText, basisLine } from './basis-text.js';
import { expectedOf } from './finding-expected.js';

/**
 * One row per check and resource (a check without resources is one row), for spreadsheets and GRC
 * imports. RFC 4180 (CRLF records, doubled quotes, every cell with a line break quoted) and every
 * cell made inert for spreadsheets, as every CSV of the tool is written (src/core/csv-text.ts).
 */

const LEAD_COLUMNS = ['id', 'title', 'level', 'severity', 'status'] as const;
const TAIL_COLUMNS = [
  'message', 'resource_type', 'resource_id', 'resource_name', 'resource_status', 'observed', 'expected',
  'remediation', 'exception', 'change', 'basis', 'basis_detail',
] as const;

/** The header: after the check's own columns, one per framework of the report (its `csvColumn`), in report order. */
export function csvColumns(frameworks: readonly FrameworkInfo[]): string[] {
  return [...LEAD_COLUMNS, ...frameworks.map((f) => f.csvColumn), ...TAIL_COLUMNS];
}

type Row = Record<(typeof LEAD_COLUMNS)[number] | (typeof TAIL_COLUMNS)[number], string> & Record<string, string>;

function show(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function exceptionCell(r: CheckResult, x: ReportResource | undefined, register: Map<string, ExceptionRecord>): string {
  const id = x?.exception ?? (x ? undefined : r.exception?.id);
  if (!id) return r.expiredExceptions?.length && !x ? `expired: ${r.expiredExceptions.join(', ')}` : '';
  const e = register.get(id);
  const expires = e?.expires ?? r.exception?.expires;
  return `${id}${expires ? ` (until ${expires})` : ''}${r.originalStatus && !x ? `; original status ${r.originalStatus}` : ''}`;
}

function row(r: CheckResult, x: ReportResource | undefined, register: Map<string, ExceptionRecord>, frameworks: readonly FrameworkInfo[]): Row {
  return {
    ...Object.fromEntries(frameworks.map((f) => [f.csvColumn, (r.frameworks[f.id] ?? []).join('; ')])),
    id: r.id,
    title: r.title,
    level: r.level,
    severity: r.severity,
    status: r.status,
    message: r.message,
    resource_type: x?.type ?? '',
    resource_id: x?.id ?? '',
    resource_name: x?.name ?? '',
    resource_status: x?.status ?? '',
    observed: x ? show(x.observed) : '',
    expected: x ? expectedOf(r, x) : '',
    remediation: r.remediation,
    exception: exceptionCell(r, x, register),
    change: x?.change ?? (x ? '' : r.change ?? ''),
    // A finding's own basis where it differs from its check's, else the check's.
    basis: basisKindsText(x?.basis ?? r.basis),
    basis_detail: basisLine(x?.basis ?? r.basis),
  };
}

export function csvRows(report: ScanReport): Row[] {
  const register = new Map((report.exceptions ?? []).map((e) => [e.id, e]));
  const fws = report.frameworkInfo;
  return report.results.flatMap((r) => (r.resources.length === 0 ? [row(r, undefined, register, fws)] : r.resources.map((x) => row(r, x, register, fws))));
}

export function renderCsv(report: ScanReport): string {
  const columns = csvColumns(report.frameworkInfo);
  return csvText([columns, ...csvRows(report).map((r) => columns.map((c) => r[c] ?? ''))]);
}
