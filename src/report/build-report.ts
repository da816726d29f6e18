import { createHash } from 'node:crypto';
import { LEVELS, SEVERITIES, STATUSES, type Check, type Level, type Severity } from '../language/check.js';
import type { CheckOutcome, SliceUse } from '../engine/result.js';
import { SLICE_NAMES, type OrgState } from '../state/org-state.js';
import { TOOL_VERSION } from '../core/paths.js';
import { TOOL_REPOSITORY } from './tool-info.js';
import { formatInstant } from '../core/duration.js';
import { BASIS_KINDS, basisOf, type BasisEntry, type BasisKind } from './basis.js';
import { frameworkInfo, frameworkRollup, type RollupFramework } from './framework-rollup.js';
import { REPORT_SCHEMA_VERSION, type BaselineRef, type CheckResult, type ExceptionRecord, type ReportResource, type ScanClock, type ScanReport, type SourceSummary, type StatusCounts } from './report.js';
import { findingSources, readsOf } from './rule-reads.js';
import { factorExpected } from './finding-expected.js';

function zero(): StatusCounts {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
}

/** A digest of the checks as evaluated (after parsing), so that formatting changes do not alter it. */
export function policiesDigest(checks: Check[]): string {
  const canonical = JSON.stringify(checks.map((c) => c).sort((a, b) => a.id.localeCompare(b.id)));
  return createHash('sha256').update(canonical).digest('hex');
}

function sources(state: OrgState): SourceSummary[] {
  return SLICE_NAMES.map((slice) => {
    const s = state.slices[slice];
    if (!s) return { slice, status: 'missing', reason: 'not supplied' };
    const a = s.provenance.attestation;
    return {
      slice,
      status: s.status,
      source: s.provenance.source,
      collectedAt: s.provenance.collectedAt,
      ...(s.provenance.detail ? { detail: s.provenance.detail } : {}),
      ...(s.reason ? { reason: s.reason } : {}),
      ...(a ? { attestedBy: a.attestedBy, attestationExpires: a.expires } : {}),
    };
  });
}

/** Whether every requirement had a usable slice, so that the rule ran (else nothing decided it). */
function ruleRan(check: Check, slices: SliceUse[]): boolean {
  const ok = new Set(slices.filter((u) => u.status === 'ok').map((u) => u.slice));
  // An `optional` requirement never stops the rule from running.
  return check.requires.every((req) => (typeof req === 'string' ? ok.has(req) : 'anyOf' in req ? req.anyOf.some((n) => ok.has(n)) : true));
}

const sameBasis = (a: BasisEntry[], b: BasisEntry[]): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The result's basis, and each finding's where it differs: a finding made by one part of an
 * `all` rule rests on what that part reads; an unmet setting on the slice that holds it.
 */
function withBasis(check: Check, outcome: CheckOutcome): { basis: BasisEntry[]; resources: ReportResource[] } {
  if (!ruleRan(check, outcome.slices)) return { basis: [{ kind: 'none' }], resources: outcome.resources };
  const basis = basisOf(outcome.slices, readsOf(check.rule));
  const parts = new Map(findingSources(check.rule).map((p) => [p.type, p.reads]));
  const resources = outcome.resources.map((r) => {
    const reads = parts.get(r.type) ?? (r.type === 'setting' ? readsOf(`$.${r.id}`) : undefined);
    if (!reads) return r;
    const own = basisOf(outcome.slices, reads);
    return sameBasis(own, basis) ? r : { ...r, basis: own };
  });
  return { basis, resources };
}

export function toCheckResult(check: Check, outcome: CheckOutcome): CheckResult {
  const { basis, resources: withOwnBasis } = withBasis(check, outcome);
  // What the check states once is not repeated per finding: report.json lists every offending
  // resource (the evidence), each with what was observed, and the expectation once.
  const { expected, findings: resources } = factorExpected<ReportResource>(withOwnBasis);
  return {
    id: check.id,
    title: check.title,
    level: check.level,
    severity: check.severity,
    section: check.section,
    source: check.source,
    status: outcome.status,
    message: outcome.message,
    ...(expected === undefined ? {} : { expected }),
    description: check.description.trim(),
    rationale: check.rationale.trim(),
    remediation: check.remediation.trim(),
    ...(check.notes ? { notes: check.notes.trim() } : {}),
    frameworks: check.frameworks,
    ...(check.guideFrameworks ? { guideFrameworks: check.guideFrameworks } : {}),
    ...(check.mappingNote ? { mappingNote: check.mappingNote.trim() } : {}),
    basis,
    resources,
    ...(outcome.judged === undefined ? {} : { judged: outcome.judged }),
    ...(outcome.exempted && outcome.exempted.length > 0 ? { exempted: outcome.exempted } : {}),
    provenance: outcome.slices,
    params: outcome.params,
  };
}

/** The data decided the check: pass or fail, before any exception turned a failure `excepted`. */
export function decided(r: Pick<CheckResult, 'status' | 'originalStatus'>): boolean {
  const s = r.originalStatus ?? r.status;
  return s === 'pass' || s === 'fail';
}

export function summarize(results: CheckResult[]): ScanReport['summary'] {
  const byStatus = zero();
  const byLevel = Object.fromEntries(LEVELS.map((l) => [l, zero()])) as Record<Level, StatusCounts>;
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, zero()])) as Record<Severity, StatusCounts>;
  const byBasis = Object.fromEntries(BASIS_KINDS.map((k) => [k, 0])) as Record<BasisKind, number>;
  for (const r of results) {
    byStatus[r.status]++;
    byLevel[r.level][r.status]++;
    bySeverity[r.severity][r.status]++;
    // Decided = the data gave pass or fail; an exception later covering a failure does not change
    // what decided it. A check with several kinds of basis counts once under each.
    if (decided(r)) for (const kind of new Set(r.basis.map((b) => b.kind))) byBasis[kind]++;
  }
  return { byStatus, byLevel, bySeverity, byBasis };
}

/** Everything the report is assembled from, once every post-step has produced its part. */
export interface ReportParts {
  /** The results after every post-step (annotations, exceptions, baseline marks). */
  results: CheckResult[];
  checks: Check[];
  state: OrgState;
  stateSha256: string;
  now: number;
  level: Level;
  clock?: ScanClock;
  exceptions?: { sha256: string; register: ExceptionRecord[] };
  baseline?: BaselineRef;
  /** The frameworks the report maps to, in display order, with their catalogs' titles. */
  frameworks: readonly RollupFramework[];
}

/**
 * The JSON report, the single source every other format is rendered from: summary, rollups and
 * scan metadata around the final results. Pure, and called once per scan (src/pipeline).
 */
export function assembleReport(parts: ReportParts): ScanReport {
  const { results } = parts;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'mixpanel-hardening', version: TOOL_VERSION, repository: TOOL_REPOSITORY },
    scan: {
      now: formatInstant(parts.now),
      level: parts.level,
      organization: parts.state.organization,
      stateSha256: parts.stateSha256,
      policiesSha256: policiesDigest(parts.checks),
      stateGeneratedAt: parts.state.generatedAt,
      ...(parts.clock && Object.keys(parts.clock).length > 0 ? { clock: parts.clock } : {}),
      complete: !results.some((r) => r.status === 'error'),
      checkCount: results.length,
      ...(parts.exceptions ? { exceptionsSha256: parts.exceptions.sha256 } : {}),
      ...(parts.baseline ? { baseline: parts.baseline } : {}),
    },
    summary: summarize(results),
    results,
    frameworkInfo: frameworkInfo(parts.frameworks),
    frameworks: frameworkRollup(results, parts.frameworks),
    sources: sources(parts.state),
    ...(parts.exceptions ? { exceptions: parts.exceptions.register } : {}),
  };
}
