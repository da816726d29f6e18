/**
 * What became of a check between two scans, seen from its failures:
 * - `new`: failing now, not failing before (or absent before);
 * - `fixed`: failing before, now passing or not applicable;
 * - `still_failing`: failing in both;
 * - `no_longer_verifiable`: failing before, now `manual` or `error`. The data that showed the
 *   failure is missing now; nothing says it was fixed, so it is never counted as resolved;
 * - `excepted`: failing before, now covered by an exception (risk accepted, not fixed).
 * Part of the report model (the history section carries it); src/diff decides it.
 */
export type Transition = 'new' | 'fixed' | 'still_failing' | 'no_longer_verifiable' | 'excepted';

/** The order a reader meets them: what got worse first, what got better last. */
export const TRANSITIONS: readonly Transition[] = ['new', 'still_failing', 'no_longer_verifiable', 'excepted', 'fixed'];
