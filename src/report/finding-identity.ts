import { createHash } from 'node:crypto';
import type { CheckResult, ReportResource, ScanReport } from './report.js';

/**
 * The findings a scan reports to other tools, and their identity. A finding is a failing (or
 * excepted) resource of a check, or the check itself when it names no resource. Its fingerprint
 * depends only on the check, the organization and the resource, never on the scan time, order or
 * message, so SARIF, DefectDojo and OCSF consumers track the same finding across runs.
 */
export interface Finding {
  result: CheckResult;
  /** Absent when the finding is the check as a whole. */
  resource?: ReportResource;
  fingerprint: string;
}

export function findingFingerprint(checkId: string, orgId: string, resource?: Pick<ReportResource, 'type' | 'id'>): string {
  const parts = resource ? [checkId, orgId, resource.type, resource.id] : [checkId, orgId];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** The findings of one result: its failing and excepted resources, or the check when it has none. */
export function findingsOf(report: ScanReport, r: CheckResult): Finding[] {
  if (r.status !== 'fail' && r.status !== 'excepted') return [];
  const orgId = report.scan.organization.id;
  const resources = r.resources.filter((x) => x.status === 'fail' || x.status === 'excepted');
  if (resources.length === 0) return [{ result: r, fingerprint: findingFingerprint(r.id, orgId) }];
  return resources.map((x) => ({ result: r, resource: x, fingerprint: findingFingerprint(r.id, orgId, x) }));
}

/** "type id (name)" for people. */
export function resourceLabel(x: Pick<ReportResource, 'type' | 'id' | 'name'>): string {
  return `${x.type} ${x.id}${x.name && x.name !== x.id ? ` (${x.name})` : ''}`;
}

export function showValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
