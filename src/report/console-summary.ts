import type { ChalkInstance } from 'chalk';
import { terminalText } from '../core/text-safety.js';
import { SEVERITIES, type Status } from '../language/check.js';
import type { ScanReport } from './report.js';
import { STATUS_LABELS, STATUS_ORDER } from './status-labels.js';
import { basisSentence } from './basis-text.js';

const PAINT: Record<Status, (c: ChalkInstance, s: string) => string> = {
  pass: (c, s) => c.green(s),
  fail: (c, s) => c.red(s),
  manual: (c, s) => c.yellow(s),
  error: (c, s) => c.magenta(s),
  not_applicable: (c, s) => c.gray(s),
  excepted: (c, s) => c.blue(s),
};

/** A short summary for the terminal: totals, then the failing and erroring checks. */
export function consoleSummary(report: ScanReport, c: ChalkInstance, maxLines = 25): string {
  const lines: string[] = [];
  const org = report.scan.organization;
  lines.push(c.bold(`Mixpanel hardening scan of ${terminalText(org.name)} (${terminalText(org.id)}, ${org.region}) at level ${report.scan.level}`));
  lines.push(STATUS_ORDER.map((s) => PAINT[s](c, `${report.summary.byStatus[s]} ${STATUS_LABELS[s]}`)).join('  '));
  lines.push(`Basis: ${terminalText(basisSentence(report))}.`);
  if (!report.scan.complete) lines.push(c.magenta('Scan incomplete: some sources could not be read (see the error checks).'));
  // Errors first (the picture is incomplete), then failures by severity: what to fix first leads.
  const notable = report.results
    .filter((r) => r.status === 'fail' || r.status === 'error')
    .sort((a, b) => (a.status === b.status ? 0 : a.status === 'error' ? -1 : 1) || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  for (const r of notable.slice(0, maxLines)) {
    lines.push(`  ${PAINT[r.status](c, STATUS_LABELS[r.status].padEnd(5))} ${r.id.padEnd(10)} ${r.severity.padEnd(8)} ${terminalText(r.title)}`);
  }
  if (notable.length > maxLines) lines.push(`  … and ${notable.length - maxLines} more`);
  return `${lines.join('\n')}\n`;
}
