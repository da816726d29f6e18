import type { Severity } from '../language/check.js';
import { findingsOf, resourceLabel, showValue, type Finding } from './finding-identity.js';
import type { ScanReport } from './report.js';
import { checkHelpUri } from './tool-links.js';
import { expectedOf } from './finding-expected.js';

/**
 * DefectDojo's "Generic Findings Import" JSON, for the scan type of that name. DefectDojo's parser
 * (dojo/tools/generic/json_parser.py in DefectDojo/django-DefectDojo) refuses a finding that lacks
 * title, severity or description, or that carries any key outside its allowed list, so only keys
 * from that list are written (reference/defectdojo/generic-findings-import.json records it).
 * One finding per failing resource, the same findings and fingerprints as SARIF; an excepted one is
 * imported inactive and risk-accepted. Checks in `error` or `manual` are no findings, but the test's
 * description says the scan was incomplete, so an import is never mistaken for a clean bill.
 */

export interface DefectDojoFinding {
  title: string;
  severity: 'Critical' | 'High' | 'Medium' | 'Low' | 'Info';
  description: string;
  mitigation: string;
  impact: string;
  references: string;
  date: string;
  active: boolean;
  verified: boolean;
  risk_accepted: boolean;
  static_finding: boolean;
  dynamic_finding: boolean;
  unique_id_from_tool: string;
  vuln_id_from_tool: string;
  service: string;
  tags: string[];
}

export interface DefectDojoImport {
  name: string;
  type: string;
  version: string;
  description: string;
  findings: DefectDojoFinding[];
}

const SEVERITY: Record<Severity, DefectDojoFinding['severity']> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };

function description(f: Finding): string {
  const r = f.result;
  const lines = [`**${r.id}** ${r.title}`, '', r.message];
  if (f.resource) {
    lines.push('', `Resource: ${resourceLabel(f.resource)}`, `Observed: ${showValue(f.resource.observed)}`, `Expected: ${expectedOf(r, f.resource)}`);
  }
  const exceptionId = f.resource?.exception ?? r.exception?.id;
  if (exceptionId) lines.push('', `Risk accepted by exception ${exceptionId}${r.exception?.id === exceptionId ? ` (owner ${r.exception.owner}, expires ${r.exception.expires}): ${r.exception.justification}` : ''}`);
  lines.push('', r.description);
  return lines.join('\n');
}

function finding(report: ScanReport, f: Finding): DefectDojoFinding {
  const r = f.result;
  const excepted = (f.resource?.status ?? r.status) === 'excepted';
  const mappings = Object.entries(r.frameworks).flatMap(([fw, ids]) => (ids ?? []).map((id) => `${fw}:${id}`));
  return {
    title: f.resource ? `${r.id} ${r.title}: ${resourceLabel(f.resource)}` : `${r.id} ${r.title}`,
    severity: SEVERITY[r.severity],
    description: description(f),
    mitigation: r.remediation,
    impact: r.rationale ?? r.description,
    references: [checkHelpUri(report.tool.repository, r.id, report.tool.version), ...mappings].join('\n'),
    date: report.scan.now.slice(0, 10),
    active: !excepted,
    verified: false,
    risk_accepted: excepted,
    static_finding: true,
    dynamic_finding: false,
    unique_id_from_tool: f.fingerprint,
    vuln_id_from_tool: r.id,
    service: `mixpanel/${report.scan.organization.id}`,
    tags: ['mixpanel-hardening', r.level, ...(r.change ? [`${r.change}-since-baseline`] : [])],
  };
}

export function buildDefectDojo(report: ScanReport): DefectDojoImport {
  const s = report.scan;
  const incomplete = report.results.filter((r) => r.status === 'error').map((r) => r.id);
  const manual = report.results.filter((r) => r.status === 'manual').length;
  const notes = [
    `Mixpanel hardening scan of ${s.organization.name} (${s.organization.id}, ${s.organization.region}) at level ${s.level}, ${s.now}.`,
    incomplete.length > 0 ? `INCOMPLETE: ${incomplete.join(', ')} could not be evaluated (a source could not be read); absent findings there prove nothing.` : 'Every source was read.',
    manual > 0 ? `${manual} check(s) need a person to supply evidence (manual) and are not findings here; see report.json.` : '',
  ].filter(Boolean);
  return {
    name: report.tool.name,
    type: 'Generic Findings Import',
    version: report.tool.version,
    description: notes.join(' '),
    findings: report.results.flatMap((r) => findingsOf(report, r)).map((f) => finding(report, f)),
  };
}

export function renderDefectDojo(report: ScanReport): string {
  return `${JSON.stringify(buildDefectDojo(report), null, 2)}\n`;
}
