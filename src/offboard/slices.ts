import { evaluatedData, sliceUse } from '../engine/slice-usability.js';
import type { SliceUse } from '../engine/result.js';
import { DEFAULT_MAX_ATTESTATION_AGE } from '../policy/config.js';
import type { OrgState, SliceName, Slices } from '../state/org-state.js';

/** The data a slice carries, by slice name. */
export type SliceData<K extends SliceName> = NonNullable<Slices[K]['data']>;

/** A slice as offboarding reads it: usable data, or the reason why not (same rules as the checks). */
export interface SliceRead<K extends SliceName> {
  use: SliceUse;
  data: SliceData<K> | undefined;
  /** The data holds only part of the population (the slice's `incomplete`): absence proves nothing. */
  incomplete?: string;
}

/**
 * Reads a slice with the engine's usability rules, so that an expired attestation or an unreadable
 * source means the same thing here as in a scan: stale/missing data is never taken as "nothing there".
 */
export function readSlice<K extends SliceName>(state: OrgState, name: K, now: number, maxAttestationAge = DEFAULT_MAX_ATTESTATION_AGE): SliceRead<K> {
  const opts = { now, maxAttestationAge };
  const use = sliceUse(state, name, opts);
  // Stale attested fields (project labels) are dropped here as in a scan.
  const data = use.status === 'ok' ? (evaluatedData(state, name, opts) as SliceData<K> | undefined) : undefined;
  const incomplete = state.slices[name]?.incomplete;
  return {
    use: use.status === 'ok' && data === undefined ? { ...use, status: 'missing', reason: `${name} carries no data` } : use, data,
    ...(incomplete === undefined ? {} : { incomplete }),
  };
}

/** Could not be read (as opposed to not supplied or stale): the verdict that depends on it is `error`. */
export function unreadable(use: SliceUse): boolean {
  return use.status === 'forbidden' || use.status === 'error';
}
