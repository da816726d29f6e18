/**
 * The sections an attestations file already holds, each with its signature and whether it can
 * still be relied on at `now` (the same judgement a scan makes: expired, dated after the scan,
 * older than the allowed age).
 */
import type { AttestationFile } from '../collect/inputs/attestations.js';
import { attestationProblem, type UsabilityOptions } from '../engine/slice-usability.js';
import type { Attestation } from '../state/org-state.js';

export interface ExistingSection {
  section: string;
  attestation: Attestation;
  /** Why it can no longer be relied on; absent when fresh. */
  problem?: string;
}

export function existingSections(file: AttestationFile | undefined, opts: UsabilityOptions): Map<string, ExistingSection> {
  const out = new Map<string, ExistingSection>();
  if (!file) return out;
  const add = (section: string, attestation: Attestation) => {
    const problem = attestationProblem(attestation, `section "${section}"`, opts);
    out.set(section, { section, attestation, ...(problem === undefined ? {} : { problem }) });
  };
  for (const [section, slice] of Object.entries(file.slices)) {
    const a = slice?.provenance.attestation;
    if (slice?.provenance.source === 'attestation' && a) add(section, a);
  }
  if (file.projectLabels) add('projects', file.projectLabels.attestation);
  return out;
}
