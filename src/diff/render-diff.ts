import { mdCode, mdTable, mdText } from '../report/markdown.js';
import type { CheckDelta, ReportDiff, ResourceRef } from './diff-reports.js';
import { terminalText } from '../core/text-safety.js';

export type DiffFormat = 'text' | 'json' | 'md';
export const DIFF_FORMATS: readonly DiffFormat[] = ['text', 'json', 'md'];

/** Resource lines shown per check in text and Markdown; JSON has them all. */
const MAX_RESOURCES = 20;

function statusPair(d: CheckDelta): string {
  return `${d.from ?? '(absent)'} -> ${d.to ?? '(absent)'}`;
}

function resourceText(r: ResourceRef): string {
  return `${terminalText(r.type)} ${terminalText(r.id)}${r.name ? ` (${terminalText(r.name)})` : ''}`;
}

type ResourceList = 'newFailures' | 'resolvedFailures' | 'unverifiableFailures';

function textSection(title: string, list: CheckDelta[], which?: ResourceList): string[] {
  const lines = [`${title} (${list.length})`];
  for (const d of list) {
    lines.push(`  ${d.id.padEnd(10)} ${d.severity.padEnd(8)} ${statusPair(d).padEnd(26)} ${terminalText(d.title)}`);
    if (!which) continue;
    const rs = d[which];
    const sign = which === 'newFailures' ? '+' : which === 'resolvedFailures' ? '-' : '?';
    for (const r of rs.slice(0, MAX_RESOURCES)) lines.push(`      ${sign} ${resourceText(r)}`);
    if (rs.length > MAX_RESOURCES) lines.push(`      … and ${rs.length - MAX_RESOURCES} more`);
  }
  return lines;
}

export function renderDiffText(diff: ReportDiff): string {
  const lines = [
    `Drift for ${terminalText(diff.new.organization.name)} (${terminalText(diff.new.organization.id)}): ${diff.old.now} -> ${diff.new.now}`,
  ];
  if (!diff.sameOrganization) lines.push(`warning: the reports are of different organizations (${terminalText(diff.old.organization.id)} and ${terminalText(diff.new.organization.id)})`);
  if (diff.old.policiesSha256 !== diff.new.policiesSha256) lines.push('note: the policy sets differ; checks may have changed as well as the organization');
  if (diff.changedChecks.length === 0 && diff.summary.criteriaChanged === 0) {
    lines.push('No changes.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(...textSection('New failures', diff.newFailures, 'newFailures'));
  lines.push(...textSection('Resolved failures (no longer failing)', diff.resolvedFailures, 'resolvedFailures'));
  lines.push(...textSection('No longer verifiable (now manual or error: not resolved, the data is missing)', diff.noLongerVerifiable, 'unverifiableFailures'));
  lines.push(...textSection('Status changes', diff.statusChanges));
  lines.push(...textSection('Checks added', diff.added));
  lines.push(...textSection('Checks removed', diff.removed));
  lines.push(`Criteria changed (${diff.summary.criteriaChanged})`);
  for (const fw of diff.frameworks) {
    for (const c of diff.criteria[fw.id] ?? []) lines.push(`  ${fw.shortName} ${c.id.padEnd(8)} ${`${c.from ?? '(absent)'} -> ${c.to ?? '(absent)'}`.padEnd(26)} ${terminalText(c.title)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderDiffJson(diff: ReportDiff): string {
  return `${JSON.stringify(diff, null, 2)}\n`;
}

function mdChecks(title: string, list: CheckDelta[], which?: ResourceList): string[] {
  if (list.length === 0) return [];
  const rows = list.map((d) => {
    const rs = which ? d[which] : [];
    const shown = rs.slice(0, MAX_RESOURCES).map((r) => mdCode(`${r.type} ${r.id}`)).join(', ');
    return [mdCode(d.id), d.severity, `${d.from ?? '—'} → ${d.to ?? '—'}`, mdText(d.title), `${shown}${rs.length > MAX_RESOURCES ? `, … ${rs.length - MAX_RESOURCES} more` : ''}`];
  });
  return [`### ${title} (${list.length})`, '', mdTable(['Check', 'Severity', 'Status', 'Title', 'Resources'], rows), ''];
}

export function renderDiffMarkdown(diff: ReportDiff): string {
  const lines = [`## Mixpanel hardening drift: ${mdText(diff.new.organization.name)}`, '', `${diff.old.now} → ${diff.new.now}`, ''];
  if (!diff.sameOrganization) lines.push('> **Warning:** the two reports are of different organizations.', '');
  const s = diff.summary;
  lines.push(mdTable(['New failures', 'Resolved', 'No longer verifiable', 'Status changes', 'Added', 'Removed', 'Criteria changed'], [[s.newFailures, s.resolvedFailures, s.noLongerVerifiable, s.statusChanges, s.added, s.removed, s.criteriaChanged].map(String)]), '');
  lines.push(...mdChecks('New failures', diff.newFailures, 'newFailures'));
  lines.push(...mdChecks('Resolved failures', diff.resolvedFailures, 'resolvedFailures'));
  lines.push(...mdChecks('No longer verifiable (now manual or error; not resolved)', diff.noLongerVerifiable, 'unverifiableFailures'));
  lines.push(...mdChecks('Status changes', diff.statusChanges));
  lines.push(...mdChecks('Checks added', diff.added));
  lines.push(...mdChecks('Checks removed', diff.removed));
  const crit = diff.frameworks.flatMap((fw) => (diff.criteria[fw.id] ?? []).map((c) => [mdText(fw.shortName), mdCode(c.id), `${c.from ?? '—'} → ${c.to ?? '—'}`, mdText(c.title)]));
  if (crit.length > 0) lines.push(`### Criteria changed (${crit.length})`, '', mdTable(['Framework', 'Criterion', 'Status', 'Title'], crit), '');
  return `${lines.join('\n')}\n`;
}

export function renderDiff(diff: ReportDiff, format: DiffFormat): string {
  if (format === 'json') return renderDiffJson(diff);
  if (format === 'md') return renderDiffMarkdown(diff);
  return renderDiffText(diff);
}
