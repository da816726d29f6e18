import type { Status } from '../language/check.js';

import type { Transition } from '../report/transition.js';

export { TRANSITIONS, type Transition } from '../report/transition.js';

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
