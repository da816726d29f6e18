import type { ScanReport } from './report.js';

/** Stable output: the report is built in a fixed key order, so the same scan gives the same bytes. */
export function renderJson(report: ScanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
