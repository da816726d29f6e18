import type { Log, ReportingDescriptor, Result, Notification } from 'sarif';
import type { Severity } from '../language/check.js';
import type { CheckResult, ReportResource, ScanReport } from './report.js';
import { findingFingerprint } from './finding-identity.js';
import { checkHelpUri } from './tool-links.js';
import { expectedOf } from './finding-expected.js';

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers, rendered from report.json alone.
 * One rule per check (help = remediation), one result per failing resource (or one per failing
 * check that has no resources). Excepted findings are included as suppressed results, so a viewer
 * shows the risk acceptance instead of silently losing the alert.
 */

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

/** GitHub ranks security alerts by this CVSS-like score (critical >= 9, high >= 7, medium >= 4). */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

/** Fingerprint key; bump the version if its inputs ever change, so old alerts close cleanly. */
const FINGERPRINT = 'mixpanelFinding/v1';

/**
 * Code scanning accepts only repository-relative paths as locations. A Mixpanel resource has no
 * file, so each finding gets a stable pseudo-path naming the organization and the resource;
 * the same finding keeps the same path in every run, which code scanning needs to track it.
 */
function pseudoPath(orgId: string, type: string, id: string): string {
  return ['mixpanel', orgId, type, id].map((s) => encodeURIComponent(s)).join('/');
}

function showValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** GitHub code scanning shows at most this many tags per rule. */
export const MAX_TAGS = 10;

/**
 * Tags for a rule: the fixed ones, then framework ids taken in turn from each framework, so that
 * every framework shows within the limit. The complete mapping is in the rule's `frameworks` property.
 */
export function ruleTags(r: Pick<CheckResult, 'level' | 'frameworks'>): string[] {
  const tags = ['security', 'compliance', r.level];
  const queues = Object.entries(r.frameworks).map(([fw, ids]) => (ids ?? []).map((id) => `${fw}:${id}`));
  for (let i = 0; tags.length < MAX_TAGS && queues.some((q) => i < q.length); i++) {
    for (const q of queues) if (i < q.length && tags.length < MAX_TAGS) tags.push(q[i]!);
  }
  return tags;
}

function rule(r: CheckResult, tool: ScanReport['tool']): ReportingDescriptor {
  return {
    id: r.id,
    name: r.id.replace(/[^A-Za-z0-9]/g, ''),
    shortDescription: { text: r.title },
    fullDescription: { text: `${r.description}${r.rationale ? `\n\n${r.rationale}` : ''}` },
    help: { text: r.remediation, markdown: `**Remediation**\n\n${r.remediation}` },
    helpUri: checkHelpUri(tool.repository, r.id, tool.version),
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
    properties: { tags: ruleTags(r), precision: 'very-high', 'security-severity': SECURITY_SEVERITY[r.severity], severity: r.severity, level: r.level, section: r.section, frameworks: r.frameworks },
  };
}

type Register = Map<string, { justification: string; owner: string; expires: string }>;

function suppression(register: Register, r: CheckResult, x?: ReportResource): Result['suppressions'] {
  const id = x?.exception ?? r.exception?.id;
  if (!id) return undefined;
  const e = register.get(id) ?? (r.exception?.id === id ? r.exception : undefined);
  const detail = e ? `: ${e.justification} (owner ${e.owner}, expires ${e.expires})` : '';
  return [{ kind: 'external', status: 'accepted', justification: `Exception ${id}${detail}` }];
}

function baselineState(change: string | undefined): Result['baselineState'] {
  if (change === 'new') return 'new';
  if (change === 'existing') return 'unchanged';
  return undefined;
}

function results(report: ScanReport, register: Register, r: CheckResult, ruleIndex: number): Result[] {
  const orgId = report.scan.organization.id;
  const level = SARIF_LEVEL[r.severity];
  const base = { ruleId: r.id, ruleIndex, level, kind: 'fail' as const };
  const findings = r.resources.filter((x) => x.status === 'fail' || x.status === 'excepted');
  if (r.status !== 'fail' && r.status !== 'excepted') return [];
  if (findings.length === 0) {
    const out: Result = {
      ...base,
      message: { text: `${r.title}: ${r.message}` },
      locations: [{
        physicalLocation: { artifactLocation: { uri: pseudoPath(orgId, 'organization', orgId) }, region: { startLine: 1 } },
        logicalLocations: [{ name: orgId, fullyQualifiedName: `${orgId}`, kind: 'organization' }],
      }],
      partialFingerprints: { [FINGERPRINT]: findingFingerprint(r.id, orgId) },
      properties: { severity: r.severity, status: r.status, basis: r.basis.map((b) => b.kind) },
    };
    const sup = suppression(register, r);
    if (sup) out.suppressions = sup;
    const bs = baselineState(r.change);
    if (bs) out.baselineState = bs;
    return [out];
  }
  return findings.map((x) => {
    const label = `${x.type} ${x.id}${x.name && x.name !== x.id ? ` (${x.name})` : ''}`;
    const out: Result = {
      ...base,
      message: { text: `${r.title}: ${label}. Observed ${showValue(x.observed)}; expected ${expectedOf(r, x)}.` },
      locations: [{
        physicalLocation: { artifactLocation: { uri: pseudoPath(orgId, x.type, x.id) }, region: { startLine: 1 } },
        logicalLocations: [{ name: x.id, fullyQualifiedName: `${orgId}/${x.type}/${x.id}`, kind: 'resource' }],
      }],
      partialFingerprints: { [FINGERPRINT]: findingFingerprint(r.id, orgId, x) },
      properties: { severity: r.severity, resourceType: x.type, resourceId: x.id, observed: x.observed ?? null, expected: expectedOf(r, x), basis: (x.basis ?? r.basis).map((b) => b.kind) },
    };
    const sup = suppression(register, r, x);
    if (sup) out.suppressions = sup;
    const bs = baselineState(x.change);
    if (bs) out.baselineState = bs;
    return out;
  });
}

export function buildSarif(report: ScanReport): Log {
  const s = report.scan;
  const rules = report.results.map((r) => rule(r, report.tool));
  const register: Register = new Map((report.exceptions ?? []).map((e) => [e.id, e]));
  const notifications: Notification[] = report.results
    .filter((r) => r.status === 'error')
    .map((r) => ({ level: 'error', message: { text: `${r.id} could not be evaluated: ${r.message}` }, descriptor: { id: r.id } }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: report.tool.name, version: report.tool.version, semanticVersion: report.tool.version, informationUri: report.tool.repository, rules } },
        // GitHub keys alert tracking by this category: one per organization.
        automationDetails: { id: `mixpanel-hardening/${s.organization.id}/` },
        invocations: [{ executionSuccessful: true, endTimeUtc: s.now, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
        results: report.results.flatMap((r, i) => results(report, register, r, i)),
        properties: {
          organization: { id: s.organization.id, name: s.organization.name, region: s.organization.region },
          level: s.level,
          complete: s.complete,
          stateSha256: s.stateSha256,
          policiesSha256: s.policiesSha256,
        },
      },
    ],
  };
}

export function renderSarif(report: ScanReport): string {
  return `${JSON.stringify(buildSarif(report), null, 2)}\n`;
}
