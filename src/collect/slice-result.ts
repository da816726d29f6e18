/**
 * Building slices: a readable slice with its provenance, or an unreadable one with the reason a
 * person reads in the report. A 403 is `forbidden` (the credential lacks a role); every other
 * failure is `error`. Either way the checks that need the slice become `error`, not pass or fail.
 */
import { MixpanelApiError } from '../mixpanel/api-error.js';
import { ReadOnlyViolation } from '../mixpanel/read-only-guard.js';
import type { Attestation, Slice, SliceSource, SliceStatus } from '../state/org-state.js';

/** The schema's limit for `reason` and `detail`. */
const MAX_REASON = 2000;
const MAX_DETAIL = 1000;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

export interface ProvenanceInput {
  source: SliceSource;
  collectedAt: string;
  detail?: string;
  attestation?: Attestation;
}

function provenance(p: ProvenanceInput): Slice<never>['provenance'] {
  return {
    source: p.source,
    collectedAt: p.collectedAt,
    ...(p.detail === undefined ? {} : { detail: clip(p.detail, MAX_DETAIL) }),
    ...(p.attestation === undefined ? {} : { attestation: p.attestation }),
  };
}

/**
 * A readable slice. `flag` is a warning about the data (duplicates a source listed, merged): the
 * slice stays usable and the reason is shown with it in the report.
 */
export function okSlice<T>(data: T, p: ProvenanceInput, flag?: string): Slice<T> {
  return { status: 'ok', provenance: provenance(p), ...(flag === undefined ? {} : { reason: clip(flag, MAX_REASON) }), data };
}

/** A slice that could not be read, with the data read so far kept as evidence (checks ignore it). */
export function unreadableSlice<T>(status: Exclude<SliceStatus, 'ok'>, reason: string, p: ProvenanceInput, partial?: T): Slice<T> {
  return { status, provenance: provenance(p), reason: clip(reason, MAX_REASON), ...(partial === undefined ? {} : { data: partial }) };
}

/** The reason text of any failure; unknown errors are summarized, not dumped. */
export function reasonOf(err: unknown): string {
  if (err instanceof MixpanelApiError || err instanceof ReadOnlyViolation) return err.message;
  if (err instanceof Error) return `internal error: ${err.message}`;
  return 'internal error';
}

export function statusOf(err: unknown): 'forbidden' | 'error' {
  return err instanceof MixpanelApiError && err.kind === 'forbidden' ? 'forbidden' : 'error';
}

export function failedSlice<T>(err: unknown, p: ProvenanceInput, partial?: T): Slice<T> {
  return unreadableSlice(statusOf(err), reasonOf(err), p, partial);
}
