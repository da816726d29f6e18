import type { Severity, Status } from '../language/check.js';
import { findingsOf, findingFingerprint, resourceLabel, showValue, type Finding } from './finding-identity.js';
import type { CheckResult, FrameworkInfo, ScanReport } from './report.js';
import { checkHelpUri } from './tool-links.js';
import { expectedOf } from './finding-expected.js';

/**
 * OCSF 1.2.0 Compliance Finding events (class_uid 2003, category Findings), one JSON object per
 * line, for SIEMs and security lakes that ingest OCSF. Every check gives one event; a failing or
 * excepted check gives one per finding instead (the resources and fingerprints of SARIF). The
 * attributes OCSF requires, and the enumerations used, are recorded with their source in
 * reference/ocsf/compliance-finding-1.2.0.schema.json, which the tests validate every line against.
 */

export const OCSF_VERSION = '1.2.0';
const CATEGORY_UID = 2; // Findings
const CLASS_UID = 2003; // Compliance Finding = category * 1000 + 3
const ACTIVITY_CREATE = 1;

const SEVERITY_ID: Record<Severity, { id: number; name: string }> = {
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};

/**
 * compliance.status_id: 1 Pass, 2 Warning ("did not yield a result due to missing information"),
 * 3 Fail. `not_applicable` has no OCSF value: the id is left out and the text says so, rather than
 * claiming a pass. An excepted check still failed: it is a Fail whose finding is Suppressed.
 */
const COMPLIANCE_STATUS: Record<Status, { id?: number; name: string }> = {
  pass: { id: 1, name: 'Pass' },
  fail: { id: 3, name: 'Fail' },
  excepted: { id: 3, name: 'Fail' },
  manual: { id: 2, name: 'Warning' },
  error: { id: 2, name: 'Warning' },
  not_applicable: { name: 'Not applicable' },
};

/** The standards a check maps to, named as each framework's `ocsfStandard` says, in report order. */
function compliance(r: CheckResult, status: Status, frameworks: readonly FrameworkInfo[]) {
  const fws = frameworks.filter((fw) => (r.frameworks[fw.id]?.length ?? 0) > 0);
  const st = COMPLIANCE_STATUS[status];
  return {
    control: r.id,
    standards: fws.length > 0 ? fws.map((fw) => fw.ocsfStandard) : ['Mixpanel hardening guide'],
    requirements: fws.flatMap((fw) => (r.frameworks[fw.id] ?? []).map((id) => `${fw.ocsfStandard} ${id}`)),
    status: st.name,
    ...(st.id === undefined ? {} : { status_id: st.id }),
    status_code: status,
    status_detail: r.message,
  };
}

function event(report: ScanReport, r: CheckResult, f: Finding | undefined) {
  const s = report.scan;
  const time = Date.parse(s.now);
  const status = f?.resource?.status === 'excepted' ? 'excepted' : f?.resource ? 'fail' : r.status;
  const sev = SEVERITY_ID[r.severity];
  const uid = f?.fingerprint ?? findingFingerprint(r.id, s.organization.id);
  const resource = f?.resource
    ? { uid: f.resource.id, type: f.resource.type, ...(f.resource.name ? { name: f.resource.name } : {}) }
    : { uid: s.organization.id, type: 'organization', name: s.organization.name };
  // Finding status: New for a failure, Suppressed for a risk acceptance; other results are not findings to triage.
  const findingStatus = status === 'fail' ? { status_id: 1, status: 'New' } : status === 'excepted' ? { status_id: 3, status: 'Suppressed' } : {};
  return {
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    category_uid: CATEGORY_UID,
    category_name: 'Findings',
    class_uid: CLASS_UID,
    class_name: 'Compliance Finding',
    type_uid: CLASS_UID * 100 + ACTIVITY_CREATE,
    type_name: 'Compliance Finding: Create',
    time,
    severity_id: sev.id,
    severity: sev.name,
    ...findingStatus,
    message: f?.resource ? `${r.title}: ${resourceLabel(f.resource)}` : `${r.title}: ${r.message}`,
    metadata: {
      version: OCSF_VERSION,
      product: { name: report.tool.name, vendor_name: report.tool.name, version: report.tool.version, url_string: report.tool.repository },
      log_name: 'mixpanel-hardening scan',
      original_time: s.now,
      tenant_uid: s.organization.id,
    },
    finding_info: {
      uid,
      title: `${r.id} ${r.title}`,
      desc: r.description,
      types: ['Compliance'],
      created_time: time,
      src_url: checkHelpUri(report.tool.repository, r.id, report.tool.version),
    },
    compliance: compliance(r, status, report.frameworkInfo),
    remediation: { desc: r.remediation },
    resource,
    unmapped: {
      check_status: r.status,
      level: r.level,
      ...(f?.resource ? { observed: showValue(f.resource.observed), expected: expectedOf(r, f.resource) } : {}),
      ...(f?.resource?.exception ?? r.exception?.id ? { exception: f?.resource?.exception ?? r.exception?.id } : {}),
      ...(r.change ? { change: f?.resource?.change ?? r.change } : {}),
      state_sha256: s.stateSha256,
      scan_complete: s.complete,
    },
  };
}

export function buildOcsf(report: ScanReport): object[] {
  return report.results.flatMap((r) => {
    const findings = findingsOf(report, r);
    return findings.length > 0 ? findings.map((f) => event(report, r, f)) : [event(report, r, undefined)];
  });
}

/** JSON Lines: one event per line, no line breaks inside an event. */
export function renderOcsf(report: ScanReport): string {
  return buildOcsf(report).map((e) => `${JSON.stringify(e)}\n`).join('');
}
