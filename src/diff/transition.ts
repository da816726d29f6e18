import type { Status } from '../language/check.js';

/**
 * What became of a check between two scans, seen from its failures:
 * - `new`: failing now, not failing before (or absent before);
 * - `fixed`: failing before, now passing or not applicable;
 * - `still_failing`: failing in both;
 * - `no_longer_verifiable`: failing before, now `manual` or `error`. The data that showed the
 *   failure is missing now; nothing says it was fixed, so it is never counted as resolved;
 * - `excepted`: failing before, now covered by an exception (risk accepted, not fixed).
 * Undefined when neither scan has the check failing.
 */
export type Transition = 'new' | 'fixed' | 'still_failing' | 'no_longer_verifiable' | 'excepted';

export const TRANSITIONS: readonly Transition[] = ['new', 'still_failing', 'no_longer_verifiable', 'excepted', 'fixed'];

export function transition(from: Status | null, to: Status | null): Transition | undefined {
  if (to === 'fail') return from === 'fail' ? 'still_failing' : 'new';
  if (from !== 'fail') return undefined;
  if (to === 'pass' || to === 'not_applicable') return 'fixed';
  if (to === 'manual' || to === 'error') return 'no_longer_verifiable';
  if (to === 'excepted') return 'excepted';
  // The check is gone from the newer report (policy set changed): neither fixed nor failing.
  return undefined;
}

/** A failure that can no longer be judged: its evidence is missing now (`manual`) or unreadable (`error`). */
export function unverifiable(to: Status | null | undefined): boolean {
  return to === 'manual' || to === 'error';
}
