import type { CheckResult, ScanReport } from './report.js';
import { mdCode, mdTable, mdText } from './markdown.js';
import { STATUS_LABELS, STATUS_ORDER } from './status-labels.js';
import { BASIS_LABELS, basisSentence } from './basis-text.js';
import { SEVERITIES } from '../language/check.js';

/**
 * A short Markdown summary for a CI job summary ($GITHUB_STEP_SUMMARY) or a pull request comment:
 * totals, what fails, what could not be evaluated, and which exceptions need attention. It is
 * bounded in size; report.html and report.json have everything.
 */

const MAX_ROWS = 30;
const MAX_RESOURCES_PER_ROW = 5;

function resourcesCell(r: CheckResult): string {
  const failing = r.resources.filter((x) => x.status === 'fail');
  if (failing.length === 0) return '';
  const shown = failing.slice(0, MAX_RESOURCES_PER_ROW).map((x) => `${mdCode(x.id)}${x.change === 'new' ? ' (new)' : ''}`);
  return `${shown.join(', ')}${failing.length > MAX_RESOURCES_PER_ROW ? `, … ${failing.length - MAX_RESOURCES_PER_ROW} more` : ''}`;
}

/** The kinds of sources behind a verdict, in words; the people and files are in report.html. */
function basisCell(r: CheckResult): string {
  return mdText(r.basis.map((b) => BASIS_LABELS[b.kind]).join(', '));
}

function bySeverityThenId(a: CheckResult, b: CheckResult): number {
  return SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.id.localeCompare(b.id, 'en', { numeric: true });
}

function more(total: number): string[] {
  return total > MAX_ROWS ? ['', `… and ${total - MAX_ROWS} more in report.html.`] : [];
}

export function renderMarkdown(report: ScanReport): string {
  const s = report.scan;
  const c = report.summary.byStatus;
  const lines: string[] = [
    `## Mixpanel hardening: ${mdText(s.organization.name)} (${mdCode(s.organization.id)}, ${s.organization.region})`,
    '',
    `Level ${s.level} · ${s.checkCount} checks · scanned ${s.now} · ${report.tool.name} ${report.tool.version} · state ${mdCode(s.stateSha256.slice(0, 12))}`,
    '',
    mdTable(STATUS_ORDER.map((st) => STATUS_LABELS[st]), [STATUS_ORDER.map((st) => String(c[st]))]),
    '',
    `Basis: ${mdText(basisSentence(report))}.`,
    '',
  ];
  if (!s.complete) lines.push('> **Incomplete scan:** some sources could not be read; the checks that need them are errors and their criteria cannot be claimed as met.', '');

  const failing = report.results.filter((r) => r.status === 'fail').sort(bySeverityThenId);
  const withBaseline = s.baseline !== undefined;
  if (withBaseline) {
    const fresh = failing.filter((r) => r.change === 'new').length;
    lines.push(`Compared with the baseline scanned ${s.baseline!.now}: **${fresh} new** failing check${fresh === 1 ? '' : 's'}, ${failing.length - fresh} existing.`, '');
  }
  if (failing.length > 0) {
    const header = ['Check', 'Severity', 'Title', 'Failing resources', 'Basis', ...(withBaseline ? ['Change'] : [])];
    const rows = failing.slice(0, MAX_ROWS).map((r) => [mdCode(r.id), r.severity, mdText(r.title), resourcesCell(r), basisCell(r), ...(withBaseline ? [r.change ?? ''] : [])]);
    lines.push(`### Failures (${failing.length})`, '', mdTable(header, rows), ...more(failing.length), '');
  } else {
    lines.push('No failing checks.', '');
  }

  const errors = report.results.filter((r) => r.status === 'error');
  if (errors.length > 0) {
    lines.push(`### Not evaluated (${errors.length})`, '', mdTable(['Check', 'Reason'], errors.slice(0, MAX_ROWS).map((r) => [mdCode(r.id), mdText(r.message)])), ...more(errors.length), '');
  }

  const attention = (report.exceptions ?? []).filter((e) => e.state !== 'active' || e.expiresSoon);
  if (attention.length > 0) {
    const rows = attention.slice(0, MAX_ROWS).map((e) => [mdCode(e.id), mdCode(e.check), e.state + (e.expiresSoon ? ' (expires soon)' : ''), e.expires, mdText(e.note)]);
    lines.push(`### Exceptions needing attention (${attention.length})`, '', mdTable(['Exception', 'Check', 'State', 'Expires', 'Note'], rows), ...more(attention.length), '');
  }
  const manual = c.manual;
  if (manual > 0) lines.push(`${manual} check${manual === 1 ? ' needs' : 's need'} a human attestation (status manual); see report.html.`, '');
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
