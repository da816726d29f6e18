import type { Status } from '../language/check.js';
import type { CheckResult, CriterionResult, FrameworkInfo, ScanReport } from './report.js';
import { compareCriterionIds } from './framework-rollup.js';
import { MIXPANEL_HARDENING_NAMESPACE, uuidV5 } from './uuid.js';
import type { BasisEntry, BasisKind } from './basis.js';
import { BASIS_LABELS, basisPhrase } from './basis-text.js';
import { expectedOf } from './finding-expected.js';

/**
 * OSCAL 1.1.2 assessment-results, rendered from report.json alone. The shape follows NIST's own
 * example (oscal-content `ifa_assessment-results-example.json`): one result for the scan, one
 * observation per check carrying its evidence, one finding per NIST SP 800-53 control the checks
 * cite, targeting the control objective `<control>_obj` and linked to the observations behind it.
 */

export const OSCAL_VERSION = '1.1.2';
/** Namespace of this tool's own property names (OSCAL requires `ns` for names it does not define). */
export const OSCAL_NS = 'https://mixpanel-hardening.dev/ns/oscal';

interface Prop {
  name: string;
  ns?: string;
  value: string;
  remarks?: string;
}
interface Evidence {
  href?: string;
  description: string;
  props?: Prop[];
}
interface SubjectReference {
  'subject-uuid': string;
  type: 'resource';
  title: string;
  props: Prop[];
}
interface Observation {
  uuid: string;
  title: string;
  description: string;
  props: Prop[];
  methods: string[];
  types?: string[];
  subjects?: SubjectReference[];
  'relevant-evidence'?: Evidence[];
  collected: string;
  remarks?: string;
}
interface Finding {
  uuid: string;
  title: string;
  description: string;
  props: Prop[];
  target: {
    type: 'objective-id';
    'target-id': string;
    status: { state: 'satisfied' | 'not-satisfied'; reason: 'pass' | 'fail' | 'other'; remarks?: string };
  };
  'related-observations'?: { 'observation-uuid': string }[];
}
interface BackMatterResource {
  uuid: string;
  title: string;
  description: string;
  props: Prop[];
}
export interface OscalAssessmentResults {
  'assessment-results': {
    uuid: string;
    metadata: { title: string; 'last-modified': string; version: string; 'oscal-version': string; props: Prop[] };
    'import-ap': { href: string; remarks: string };
    results: {
      uuid: string;
      title: string;
      description: string;
      start: string;
      end: string;
      props: Prop[];
      'reviewed-controls': { 'control-selections': ({ 'include-controls': { 'control-id': string }[] } | { 'include-all': Record<string, never> })[] };
      observations: Observation[];
      findings?: Finding[];
    }[];
    'back-matter': { resources: BackMatterResource[] };
  };
}

/** Most identifiers and prop values must be one line with no edge whitespace (OSCAL StringDatatype). */
function oneLine(value: string, fallback = '-'): string {
  const s = value.replace(/\s+/g, ' ').trim();
  return s === '' ? fallback : s;
}

function prop(name: string, value: string): Prop {
  return { name, ns: OSCAL_NS, value: oneLine(value) };
}

/**
 * The OSCAL form of a display id (`AC-6(1)` -> `ac-6.1`): the catalog's, which the report copied
 * into the criterion, else NIST's convention applied to the display id.
 */
export function oscalControlId(displayId: string, known?: ReadonlyMap<string, string>): string {
  const id = known?.get(displayId);
  if (id) return id;
  return displayId.toLowerCase().replace(/\((\d+)\)/g, '.$1');
}

/** Display id -> OSCAL id for one framework's criteria in the report. */
function oscalIds(criteria: readonly CriterionResult[]): Map<string, string> {
  return new Map(criteria.flatMap((c) => (c.oscalId ? [[c.id, c.oscalId] as const] : [])));
}

/**
 * The identity of a scan: what makes two reports the same assessment. Every UUID in the document
 * is derived from it, so the same report always renders the same document.
 */
function scanNamespace(report: ScanReport): string {
  const s = report.scan;
  const identity = JSON.stringify([
    report.tool.name, report.tool.version, s.now, s.level, s.organization.id, s.stateSha256, s.policiesSha256,
    s.exceptionsSha256 ?? '', s.baseline?.reportSha256 ?? '',
  ]);
  return uuidV5(identity, MIXPANEL_HARDENING_NAMESPACE);
}

function showValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Evidence items per observation; the complete list of resources is in report.json. */
const MAX_RESOURCE_EVIDENCE = 100;

/**
 * How each kind of basis was observed, in OSCAL's words: Mixpanel's own records were tested by the
 * tool, a file a person exported was examined, an attestation is what a person stated (interview).
 * A check nothing decided keeps TEST, the method that was attempted; its `basis` prop says `none`.
 */
const METHOD: Record<BasisKind, 'TEST' | 'EXAMINE' | 'INTERVIEW'> = {
  'mixpanel-api': 'TEST', 'mixpanel-internal-api': 'TEST', scim: 'TEST', 'audit-log': 'TEST', export: 'EXAMINE', attestation: 'INTERVIEW', none: 'TEST',
};

function methods(basis: readonly BasisEntry[]): string[] {
  return [...new Set(basis.map((b) => METHOD[b.kind]))];
}

/**
 * One back-matter resource per distinct source behind any verdict (a Mixpanel surface, an exported
 * file, one person's attestation), so that observations point at their sources by UUID.
 */
interface SourceResource {
  key: string;
  kind: BasisKind;
  title: string;
  description: string;
}

function sourcesOf(b: BasisEntry): SourceResource[] {
  switch (b.kind) {
    case 'none': return [];
    case 'export': return b.files.map((f) => ({ key: `export/${f}`, kind: b.kind, title: `Export: ${oneLine(f)}`, description: `A file a person exported and supplied to the scan: ${oneLine(f)}.` }));
    case 'attestation': return b.attestations.map((a) => ({
      key: `attestation/${a.attestedBy}/${a.attestedAt}/${a.expires}/${a.evidence}`,
      kind: b.kind,
      title: `Attestation by ${oneLine(a.attestedBy)} on ${oneLine(a.attestedAt)}`,
      description: `Attested by ${oneLine(a.attestedBy)} at ${oneLine(a.attestedAt)}, evidence: ${oneLine(a.evidence)}, expires ${oneLine(a.expires)}.`,
    }));
    default: return [{ key: b.kind, kind: b.kind, title: BASIS_LABELS[b.kind], description: `Read by the tool from ${BASIS_LABELS[b.kind]}${b.details?.length ? `: ${oneLine(b.details.join('; '))}` : ''}.` }];
  }
}

function subjects(basis: readonly BasisEntry[], ns: string): SubjectReference[] {
  const unique = new Map(basis.flatMap(sourcesOf).map((src) => [src.key, src]));
  return [...unique.values()].map((src) => ({
    'subject-uuid': uuidV5(`basis/${src.key}`, ns), type: 'resource', title: src.title, props: [prop('basis', src.kind)],
  }));
}

function basisEvidence(r: CheckResult, ns: string): Evidence[] {
  return r.basis.map((b) => {
    const first = sourcesOf(b)[0];
    return {
      ...(first ? { href: `#${uuidV5(`basis/${first.key}`, ns)}` } : {}),
      description: `Basis: ${oneLine(basisPhrase(b))}.`,
      props: [prop('evidence-kind', 'basis'), prop('basis', b.kind)],
    };
  });
}

function evidence(r: CheckResult, ns: string): Evidence[] {
  const items: Evidence[] = basisEvidence(r, ns);
  items.push(...r.provenance.map((p) => {
    const pv = p.provenance;
    const a = pv?.attestation;
    const parts = [`State slice "${p.slice}": ${p.status}${p.reason ? ` (${p.reason})` : ''}.`];
    if (pv) parts.push(`Source ${pv.source}${pv.detail ? ` (${pv.detail})` : ''}, collected ${pv.collectedAt}.`);
    if (a) parts.push(`Attested by ${a.attestedBy} at ${a.attestedAt}, evidence: ${a.evidence}, expires ${a.expires}.`);
    return { description: parts.join(' '), props: [prop('evidence-kind', 'state-slice'), prop('slice', p.slice)] };
  }));
  for (const x of r.resources.slice(0, MAX_RESOURCE_EVIDENCE)) {
    items.push({
      description: `${x.type} ${x.id}${x.name && x.name !== x.id ? ` (${x.name})` : ''}: ${x.status}; observed ${showValue(x.observed)}; expected ${expectedOf(r, x)}.${x.exception ? ` Covered by exception ${x.exception}.` : ''}`,
      props: [
        prop('evidence-kind', 'resource-finding'), prop('resource-type', x.type), prop('resource-id', x.id), prop('resource-status', x.status),
        ...(x.basis ?? []).map((b) => prop('basis', b.kind)),
      ],
    });
  }
  if (r.resources.length > MAX_RESOURCE_EVIDENCE) {
    items.push({ description: `${r.resources.length - MAX_RESOURCE_EVIDENCE} more resource findings are listed in report.json.` });
  }
  return items;
}

/** The framework whose ids OSCAL findings target (NIST SP 800-53 in the shipped set), if any. */
function controlFramework(report: ScanReport): FrameworkInfo | undefined {
  return report.frameworkInfo.find((f) => f.oscalControls);
}

function observation(r: CheckResult, ns: string, collected: string, report: ScanReport): Observation {
  const props = [prop('check-id', r.id), prop('status', r.status), prop('severity', r.severity), prop('level', r.level), prop('section', r.section)];
  if (r.originalStatus) props.push(prop('original-status', r.originalStatus));
  if (r.exception) props.push(prop('exception', r.exception.id));
  // One property per mapped id, named `<framework>-<entryNoun>`; control ids in their OSCAL form.
  for (const fw of report.frameworkInfo) {
    const known = fw.oscalControls ? oscalIds(report.frameworks[fw.id] ?? []) : undefined;
    for (const id of r.frameworks[fw.id] ?? []) props.push(prop(`${fw.id}-${fw.entryNoun}`, known ? oscalControlId(id, known) : id));
  }
  for (const b of r.basis) props.push(prop('basis', b.kind));
  const ev = evidence(r, ns);
  const subs = subjects(r.basis, ns);
  const remarks = [`Remediation: ${r.remediation}`];
  if (r.exception) remarks.unshift(`Excepted by ${r.exception.id} until ${r.exception.expires} (owner ${r.exception.owner}): ${r.exception.justification}`);
  return {
    uuid: uuidV5(`observation/${r.id}`, ns),
    title: `${r.id} ${oneLine(r.title)}`,
    description: oneLine(r.message),
    props,
    methods: methods(r.basis),
    ...(r.status === 'fail' || r.status === 'excepted' ? { types: ['finding'] } : {}),
    ...(subs.length > 0 ? { subjects: subs } : {}),
    ...(ev.length > 0 ? { 'relevant-evidence': ev } : {}),
    collected,
    remarks: remarks.join('\n\n'),
  };
}

/**
 * OSCAL has two finding states. Only a criterion whose checks all pass (or do not apply) is
 * `satisfied`; excepted, manual and error are `not-satisfied` with the reason in remarks, because
 * an accepted risk, an unattested control and an unread source are all not demonstrated.
 */
function findingStatus(status: Status, exceptions: string[]): Finding['target']['status'] {
  switch (status) {
    case 'pass': return { state: 'satisfied', reason: 'pass' };
    case 'not_applicable': return { state: 'satisfied', reason: 'other', remarks: 'No resource in scope for the checks that test this control.' };
    case 'fail': return { state: 'not-satisfied', reason: 'fail' };
    case 'excepted': return { state: 'not-satisfied', reason: 'other', remarks: `Risk accepted by exception${exceptions.length > 1 ? 's' : ''} ${exceptions.join(', ')}; not demonstrated as met.` };
    case 'manual': return { state: 'not-satisfied', reason: 'other', remarks: 'Needs a human attestation; not demonstrated as met.' };
    case 'error': return { state: 'not-satisfied', reason: 'other', remarks: 'A source could not be read, so the checks could not be evaluated.' };
  }
}

function finding(c: CriterionResult, byId: Map<string, CheckResult>, observationUuid: Map<string, string>, ns: string): Finding {
  const controlId = c.oscalId ?? oscalControlId(c.id);
  const checks = c.checks.map((id) => byId.get(id)!).filter(Boolean);
  const exceptions = [...new Set(checks.flatMap((r) => (r.exception ? [r.exception.id] : [])))];
  const related = c.checks.flatMap((id) => (observationUuid.has(id) ? [{ 'observation-uuid': observationUuid.get(id)! }] : []));
  return {
    uuid: uuidV5(`finding/${controlId}`, ns),
    title: `${c.id} ${oneLine(c.title)}`,
    description: `Rolled up from ${checks.length} check${checks.length === 1 ? '' : 's'}: ${checks.map((r) => `${r.id} (${r.status})`).join(', ')}.`,
    props: [prop('control-id', controlId), prop('rollup-status', c.status)],
    target: { type: 'objective-id', 'target-id': `${controlId}_obj`, status: findingStatus(c.status, exceptions) },
    ...(related.length > 0 ? { 'related-observations': related } : {}),
  };
}

export function buildOscal(report: ScanReport): OscalAssessmentResults {
  const s = report.scan;
  const ns = scanNamespace(report);
  const org = s.organization;
  const observations = report.results.map((r) => observation(r, ns, s.now, report));
  const observationUuid = new Map(report.results.map((r, i) => [r.id, observations[i]!.uuid]));
  const byId = new Map(report.results.map((r) => [r.id, r]));
  const control = controlFramework(report);
  const targeted = [...(control ? report.frameworks[control.id] ?? [] : [])].sort((a, b) => compareCriterionIds(a.id, b.id));
  const findings = targeted.map((c) => finding(c, byId, observationUuid, ns));
  const controlIds = [...new Set(targeted.map((c) => c.oscalId ?? oscalControlId(c.id)))];
  const planUuid = uuidV5('back-matter/policy-set', ns);
  const statePropsUuid = uuidV5('back-matter/state-snapshot', ns);
  const counts = report.summary.byStatus;
  const basisSources = new Map<string, SourceResource>();
  for (const r of report.results) for (const src of r.basis.flatMap(sourcesOf)) if (!basisSources.has(src.key)) basisSources.set(src.key, src);
  return {
    'assessment-results': {
      uuid: uuidV5('assessment-results', ns),
      metadata: {
        title: `Mixpanel hardening assessment of ${oneLine(org.name)} (${oneLine(org.id)})`,
        'last-modified': s.now,
        version: `${report.tool.version}+${s.stateSha256.slice(0, 12)}`,
        'oscal-version': OSCAL_VERSION,
        props: [prop('tool', `${report.tool.name} ${report.tool.version}`), prop('report-schema-version', report.schemaVersion)],
      },
      'import-ap': {
        href: `#${planUuid}`,
        remarks: 'No separate assessment plan document exists: the plan is the policy set (its digest is in the referenced back-matter resource) evaluated automatically against the state snapshot.',
      },
      results: [
        {
          uuid: uuidV5('result', ns),
          title: `Scan of ${oneLine(org.name)} at level ${s.level}, ${s.now}`,
          description: `Automated evaluation of ${s.checkCount} checks of the Mixpanel hardening guide and offboarding runbook against a state snapshot: ${counts.pass} pass, ${counts.fail} fail, ${counts.manual} manual, ${counts.not_applicable} not applicable, ${counts.error} error, ${counts.excepted} excepted.${s.complete ? '' : ' The scan is incomplete: some sources could not be read.'}`,
          start: s.now,
          end: s.now,
          props: [
            prop('organization-id', org.id),
            prop('organization-region', org.region),
            prop('level', s.level),
            prop('state-sha256', s.stateSha256),
            prop('policies-sha256', s.policiesSha256),
            prop('complete', String(s.complete)),
            ...(s.exceptionsSha256 ? [prop('exceptions-sha256', s.exceptionsSha256)] : []),
          ],
          'reviewed-controls': {
            'control-selections': [controlIds.length > 0 ? { 'include-controls': controlIds.map((id) => ({ 'control-id': id })) } : { 'include-all': {} }],
          },
          observations,
          ...(findings.length > 0 ? { findings } : {}),
        },
      ],
      'back-matter': {
        resources: [
          {
            uuid: planUuid,
            title: 'Policy set evaluated',
            description: `The checks of ${report.tool.name} ${report.tool.version} up to level ${s.level}, as parsed; sha256 of the canonical policy set below.`,
            props: [prop('policies-sha256', s.policiesSha256)],
          },
          {
            uuid: statePropsUuid,
            title: 'Organization state snapshot',
            description: `The state snapshot the checks were evaluated against, generated ${s.stateGeneratedAt}.`,
            props: [prop('state-sha256', s.stateSha256)],
          },
          ...[...basisSources.values()].map((src) => ({
            uuid: uuidV5(`basis/${src.key}`, ns),
            title: src.title,
            description: src.description,
            props: [prop('basis', src.kind)],
          })),
        ],
      },
    },
  };
}

export function renderOscal(report: ScanReport): string {
  return `${JSON.stringify(buildOscal(report), null, 2)}\n`;
}
