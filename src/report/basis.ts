/**
 * The basis of a verdict: where the data that decided a check came from, derived from the
 * provenance of the slices its rule read (and the fields a person attested inside them). A check
 * whose rule did not run, or ran on nothing, has the basis `none`.
 */
import type { SliceUse } from '../engine/result.js';
import type { Attestation, SliceSource } from '../state/org-state.js';
import { referencedSlices, referencesField, type RuleReads } from './rule-reads.js';

export type BasisKind = 'mixpanel-api' | 'mixpanel-internal-api' | 'scim' | 'audit-log' | 'export' | 'attestation' | 'none';

/** Every kind, in the order reports list them: Mixpanel's own records first, a person's word last. */
export const BASIS_KINDS: readonly BasisKind[] = ['mixpanel-api', 'mixpanel-internal-api', 'scim', 'audit-log', 'export', 'attestation', 'none'];

/** One attested fact behind a verdict: who vouched for it, when, with what, until when. */
export interface BasisAttestation extends Attestation {
  slice: string;
  /** The attested fields of an otherwise collected slice; absent when the whole slice is attested. */
  fields?: string[];
}

/** A source read from Mixpanel (its documented API, opt-in internal routes, SCIM, the audit log). */
export interface RecordBasis {
  kind: 'mixpanel-api' | 'mixpanel-internal-api' | 'scim' | 'audit-log';
  slices: string[];
  /** What was read (routes), as the slices' provenance states it. */
  details?: string[];
}
export interface ExportBasis {
  kind: 'export';
  slices: string[];
  /** The files read, as the slices' provenance names them. */
  files: string[];
}
export interface AttestationBasis {
  kind: 'attestation';
  attestations: BasisAttestation[];
}
export interface NoneBasis {
  kind: 'none';
}

/** One entry per kind: a result's `basis` never lists the same kind twice. */
export type BasisEntry = RecordBasis | ExportBasis | AttestationBasis | NoneBasis;

/**
 * The documented slice sources and the basis each gives. A source not in this table is no real
 * source (the state schema refuses one; this is the guard for a state built in code), so it decides
 * nothing: `none`.
 */
const KIND_OF_SOURCE = {
  api: 'mixpanel-api',
  'api-undocumented': 'mixpanel-internal-api',
  scim: 'scim',
  'audit-log': 'audit-log',
  export: 'export',
  attestation: 'attestation',
} as const satisfies Record<SliceSource, BasisKind>;

export function basisKindOf(source: string | undefined): BasisKind {
  return source !== undefined && Object.hasOwn(KIND_OF_SOURCE, source) ? KIND_OF_SOURCE[source as keyof typeof KIND_OF_SOURCE] : 'none';
}

function pushUnique(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

/**
 * The basis of the data in `uses` that `reads` reads: only usable (`ok`) slices the rule names
 * count, and a field attestation or a field joined from another source only when the rule names
 * the field. Nothing left: `none`.
 */
export function basisOf(uses: readonly SliceUse[], reads: RuleReads): BasisEntry[] {
  const records = new Map<RecordBasis['kind'], RecordBasis>();
  let exported: ExportBasis | undefined;
  const attestations: BasisAttestation[] = [];
  for (const use of uses) {
    if (use.status !== 'ok' || !use.provenance || !referencedSlices(reads).has(use.slice)) continue;
    const p = use.provenance;
    const kind = basisKindOf(p.source);
    if (kind === 'attestation') {
      if (p.attestation) attestations.push({ slice: use.slice, ...p.attestation });
    } else if (kind === 'export') {
      exported ??= { kind, slices: [], files: [] };
      pushUnique(exported.slices, use.slice);
      pushUnique(exported.files, p.detail ?? use.slice);
    } else if (kind !== 'none') {
      const entry = records.get(kind) ?? { kind, slices: [] };
      records.set(kind, entry);
      pushUnique(entry.slices, use.slice);
      if (p.detail) pushUnique((entry.details ??= []), p.detail);
    }
    // Fields collection joined in from another source (the audit log's logins into the members):
    // the verdict rests on that source too, but only when the rule reads one of them.
    for (const j of use.joined ?? []) {
      if (!j.fields.some((f) => referencesField(reads, use.slice, f))) continue;
      const joinedKind = basisKindOf(j.source);
      if (joinedKind === 'export') {
        exported ??= { kind: joinedKind, slices: [], files: [] };
        pushUnique(exported.slices, use.slice);
        pushUnique(exported.files, j.detail);
      } else if (joinedKind !== 'none' && joinedKind !== 'attestation') {
        const entry = records.get(joinedKind) ?? { kind: joinedKind, slices: [] };
        records.set(joinedKind, entry);
        pushUnique(entry.slices, use.slice);
        pushUnique((entry.details ??= []), j.detail);
      }
    }
    for (const fa of use.attestations ?? []) {
      const fields = fa.fields.filter((f) => referencesField(reads, use.slice, f));
      if (fields.length > 0) attestations.push({ slice: use.slice, fields, ...fa.attestation });
    }
  }
  const out: BasisEntry[] = [];
  for (const kind of BASIS_KINDS) {
    const r = records.get(kind as RecordBasis['kind']);
    if (r) out.push(r);
    if (kind === 'export' && exported) out.push(exported);
    if (kind === 'attestation' && attestations.length > 0) out.push({ kind, attestations });
  }
  return out.length > 0 ? out : [{ kind: 'none' }];
}

export function basisKinds(basis: readonly BasisEntry[]): BasisKind[] {
  return basis.map((b) => b.kind);
}

/**
 * The one word the report's headline sentence files a check under. A verdict is only as strong as
 * its weakest input, so a check with mixed bases counts as `attested` if any input is an
 * attestation, else as `export` if any input is a file a person supplied, else as `records` when
 * every input is Mixpanel's own (its API, internal routes, SCIM, the audit log); `none` otherwise.
 */
export type BasisClass = 'records' | 'export' | 'attested' | 'none';

export function basisClass(kinds: readonly BasisKind[]): BasisClass {
  if (kinds.includes('attestation')) return 'attested';
  if (kinds.includes('export')) return 'export';
  if (kinds.some((k) => k !== 'none')) return 'records';
  return 'none';
}
