import type { Status } from '../language/check.js';
import type { Attestation, JoinedFields, SliceName, Provenance, SliceStatus } from '../state/org-state.js';

/** One offending (or undeterminable) resource: what was seen and what the check expected. */
export interface ResourceFinding {
  type: string;
  id: string;
  name?: string;
  status: 'fail' | 'manual' | 'excepted';
  observed: unknown;
  expected: string;
}

/** A resource a check's `exempt` declaration took out of judgement, reported with the reason. */
export interface ExemptedResource {
  type: string;
  id: string;
  name?: string;
  reason: string;
}

/** The slice a result relied on, as evidence of where its facts came from. */
export interface SliceUse {
  slice: SliceName;
  status: SliceStatus | 'stale';
  provenance?: Provenance;
  reason?: string;
  /**
   * Field-level attestations inside an API slice that the evaluation used (fresh ones only), e.g.
   * the project labels: `fields` names the attested fields of the slice's items (`environment`,
   * `sensitive`, `defaultAccessRole`), `attestation` says who vouched for them, when, until when.
   */
  attestations?: { fields: string[]; attestation: Attestation }[];
  /**
   * Attested fields left out of the evaluation because their attestation is stale, each with the
   * reason: the checks that read them see them as unknown.
   */
  staleAttestations?: { fields: string[]; reason: string }[];
  /** Fields of the slice collection filled in from another source (the slice's `joined`). */
  joined?: JoinedFields[];
}

/** What evaluating one rule concluded, before the check's metadata is attached. */
export interface RuleOutcome {
  status: Exclude<Status, 'excepted' | 'error'>;
  message: string;
  resources: ResourceFinding[];
  /** How many resources were judged, for per-resource and counting rules. */
  judged?: number;
  exempted?: ExemptedResource[];
}

/** The evaluation of one check against one state. Pure data; the report adds metadata. */
export interface CheckOutcome {
  id: string;
  status: Exclude<Status, 'excepted'>;
  message: string;
  resources: ResourceFinding[];
  judged?: number;
  exempted?: ExemptedResource[];
  slices: SliceUse[];
  params: Record<string, unknown>;
}
