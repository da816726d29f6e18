import { createHash } from 'node:crypto';
import { LEVELS, SEVERITIES } from '../language/check.js';
import type { CheckResult, ExceptionRecord, FrameworkInfo, ScanReport } from './report.js';
import { STATUS_LABELS, STATUS_ORDER } from './status-labels.js';
import { BASIS_KINDS } from './basis.js';
import { BASIS_LABELS, basisKindsText, basisLine, basisSentence } from './basis-text.js';
import { displayText } from '../core/text-safety.js';
import { expectedView, observedView } from './html-values.js';
import { historyView, TRANSITION_LABELS } from './html-history.js';
import { STATUS_ICONS } from './status-icons.js';
import { expectedOf } from './finding-expected.js';

/** The page's template, CSS and JS, loaded by the caller (src/report/html-assets.ts): rendering reads no file. */
export interface HtmlAssets {
  template: (context: object) => string;
  css: string;
  js: string;
}

export interface HtmlOptions {
  /** Offending resources listed per check; the rest are counted (complete lists: JSON, CSV). */
  maxResourcesPerCheck: number;
}

export const DEFAULT_HTML_OPTIONS: HtmlOptions = { maxResourcesPerCheck: 50 };


function cspHash(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

function resourceRows(result: CheckResult, max: number) {
  return result.resources.slice(0, max).map((r) => ({
    ...r,
    observed: observedView(r.observed, r.status),
    expected: expectedView(expectedOf(result, r)),
    sameName: r.name === r.id,
    ownBasis: r.basis ? basisLine(r.basis) : undefined,
  }));
}

/** A check's mappings as the page lists them: each framework of the report it names, by short name. */
function mappingRows(map: CheckResult['frameworks'] | undefined, frameworks: readonly FrameworkInfo[]) {
  return frameworks.flatMap((fw) => {
    const ids = map?.[fw.id] ?? [];
    return ids.length > 0 ? [{ name: fw.shortName, ids: ids.join(', ') }] : [];
  });
}

function checkView(r: CheckResult, opts: HtmlOptions, trends: Map<string, { label: string; key: string }>, frameworks: readonly FrameworkInfo[]) {
  const levelIndex = LEVELS.indexOf(r.level);
  return {
    ...r,
    statusLabel: STATUS_LABELS[r.status],
    icon: STATUS_ICONS[r.status],
    trend: trends.get(r.id),
    basisText: basisLine(r.basis),
    basisKinds: basisKindsText(r.basis),
    failing: r.status === 'fail' || r.status === 'error',
    // A check at L1 is part of the L1, L2 and L3 selections.
    levels: LEVELS.slice(levelIndex).join(' '),
    frameworkKeys: frameworks.filter((fw) => (r.frameworks[fw.id]?.length ?? 0) > 0).map((fw) => fw.id).join(' '),
    resources: resourceRows(r, opts.maxResourcesPerCheck),
    hiddenResources: Math.max(0, r.resources.length - opts.maxResourcesPerCheck),
    mappings: mappingRows(r.frameworks, frameworks),
    // The guide's own citations, shown apart from the assessed mappings the matrices roll up.
    guideMappings: mappingRows(r.guideFrameworks, frameworks),
    provenance: r.provenance.map((p) => ({
      slice: p.slice,
      status: p.status,
      reason: p.reason,
      source: p.provenance?.source,
      detail: p.provenance?.detail,
      collectedAt: p.provenance?.collectedAt,
      attestedBy: p.provenance?.attestation?.attestedBy,
      attestedAt: p.provenance?.attestation?.attestedAt,
      expires: p.provenance?.attestation?.expires,
      evidence: p.provenance?.attestation?.evidence,
    })),
    // Declared by the check and computed by the report assembly: the renderer only shows it.
    offboard: r.status === 'fail' ? r.offboardCommand : undefined,
  };
}

/**
 * What to fix first: every failing check, most severe first, then by level (L1 before L2) and id,
 * with the number of resources failing in it.
 */
function fixFirst(results: CheckResult[]) {
  return results
    .filter((r) => r.status === 'fail')
    .sort((x, y) => SEVERITIES.indexOf(x.severity) - SEVERITIES.indexOf(y.severity) || LEVELS.indexOf(x.level) - LEVELS.indexOf(y.level) || x.id.localeCompare(y.id, 'en', { numeric: true }))
    .map((r) => {
      const failing = r.resources.filter((x) => x.status === 'fail').length;
      return { id: r.id, title: r.title, severity: r.severity, level: r.level, failing, resourcesText: failing === 0 ? 'the setting itself' : failing === 1 ? '1 resource' : `${failing} resources` };
    });
}

/** A register row: what the exception covers, in words an auditor reads without the JSON. */
function exceptionView(e: ExceptionRecord) {
  const scope = e.resources ? e.resources.join(', ') : 'every finding of the check';
  return {
    ...e,
    scope,
    matchedText: e.matched.length > 0 ? e.matched.join(', ') : e.effect === 'check' ? '(the check)' : '',
    stateLabel: e.state === 'active' && e.expiresSoon ? 'active, expires soon' : e.state,
    approver: e.approver ?? 'nobody recorded',
    validity: e.state === 'expired' ? `expired ${-e.daysLeft} day(s) ago` : `${e.daysLeft} day(s) left`,
    ticket: e.ticket ?? '',
  };
}

function exceptionCounts(list: ExceptionRecord[]) {
  return {
    active: list.filter((e) => e.state === 'active').length,
    expired: list.filter((e) => e.state === 'expired').length,
    unused: list.filter((e) => e.state === 'unused').length,
    expiringSoon: list.filter((e) => e.state !== 'expired' && e.expiresSoon).length,
  };
}

/**
 * One self-contained HTML file: inline CSS and JS (allowed by hash in the CSP), no network requests.
 * Handlebars escapes markup; controls and bidirectional overrides in organization data are removed
 * from the page as a whole (src/core/text-safety.ts; our own CSS and JS hold none, so their hashes hold).
 */
export function renderHtml(report: ScanReport, assets: HtmlAssets, opts: HtmlOptions = DEFAULT_HTML_OPTIONS): string {
  const { template: t } = assets;
  const a = assets;
  const statusColumns = STATUS_ORDER.map((key) => ({ key, label: STATUS_LABELS[key] }));
  const counts = (c: Record<string, number>) => STATUS_ORDER.map((s) => c[s] ?? 0);
  const ordered = [...report.results].sort((x, y) => STATUS_ORDER.indexOf(x.status) - STATUS_ORDER.indexOf(y.status) || SEVERITIES.indexOf(x.severity) - SEVERITIES.indexOf(y.severity) || x.id.localeCompare(y.id, 'en', { numeric: true }));
  const statusById = new Map(report.results.map((r) => [r.id, r.status]));
  const trends = new Map((report.history?.checks ?? []).map((c) => [c.id, { key: c.change, label: TRANSITION_LABELS[c.change] }]));
  return displayText(t({
    report,
    css: a.css,
    js: a.js,
    cspStyle: cspHash(a.css),
    cspScript: cspHash(a.js),
    levelNote: `levels are cumulative: ${LEVELS.slice(0, LEVELS.indexOf(report.scan.level) + 1).join(' + ')}`,
    statusColumns,
    statusCards: statusColumns.map((s) => ({ ...s, count: report.summary.byStatus[s.key] })),
    basisSentence: basisSentence(report),
    byBasis: BASIS_KINDS.map((kind) => ({ kind, label: BASIS_LABELS[kind], count: report.summary.byBasis[kind] })),
    byLevel: LEVELS.map((name) => ({ name, counts: counts(report.summary.byLevel[name]) })),
    bySeverity: SEVERITIES.map((name) => ({ name, counts: counts(report.summary.bySeverity[name]) })),
    matrices: report.frameworkInfo.map(({ id, name }) => ({
      id,
      name,
      // Each check of a criterion carries its own status, so a reader sees which one sinks it.
      rows: (report.frameworks[id] ?? []).map((row) => {
        const checks = row.checks.map((c) => {
          const status = statusById.get(c);
          return { id: c, status, icon: status ? STATUS_ICONS[status] : '', label: status ? STATUS_LABELS[status] : 'not in this scan' };
        });
        return { ...row, statusLabel: STATUS_LABELS[row.status], icon: STATUS_ICONS[row.status], failing: checks.filter((c) => c.status === 'fail').length, total: checks.length, checks };
      }),
    })),
    checks: ordered.map((r) => checkView(r, opts, trends, report.frameworkInfo)),
    fixFirst: fixFirst(report.results),
    errorChecks: report.results.filter((r) => r.status === 'error').sort((x, y) => x.id.localeCompare(y.id, 'en', { numeric: true })).map((r) => ({ id: r.id, title: r.title, message: r.message })),
    legend: STATUS_ORDER.map((key) => ({ key, label: STATUS_LABELS[key], icon: STATUS_ICONS[key] })),
    history: report.history ? historyView(report.history) : undefined,
    exceptions: report.exceptions?.map(exceptionView),
    exceptionCounts: report.exceptions ? exceptionCounts(report.exceptions) : undefined,
    baseline: report.scan.baseline
      ? { ...report.scan.baseline, newCount: report.results.filter((r) => r.change === 'new').length, existingCount: report.results.filter((r) => r.change === 'existing').length }
      : undefined,
  }));
}
