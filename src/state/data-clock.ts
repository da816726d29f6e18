/**
 * The state's data against the scan's clock. A snapshot judged at a `--now` before it was collected
 * sees expiries, last sign-ins and audit events from its future: checks that compare dates with
 * `now` can flip from fail to pass. And a live source that reports events after the clock of the
 * run is wrong about one of the two. Both are found here and recorded in the report.
 */
import { toInstant } from '../core/duration.js';
import type { OrgState } from './org-state.js';

/**
 * Fields that record something that already happened when the data was read. Forward-looking
 * dates (`expires`, `engagementEnd`) are legitimately later than the clock and are not listed.
 */
const PAST_FIELDS = new Set([
  'attestedAt', 'collectedAt', 'created', 'createdAt', 'end', 'generatedAt', 'invitedAt', 'lastActive',
  'lastCompleted', 'lastDeletionExercised', 'lastReviewed', 'lastUsed', 'start',
]);

/** How many pointers a finding quotes. */
const EXAMPLES = 5;

export interface DataAfterNow {
  count: number;
  latest: string;
  /** JSON pointers of the first few values found, in document order. */
  examples: string[];
}

/** When the snapshot was collected: the latest of its generation time and every slice's reading. */
export function collectionTime(state: OrgState): number | undefined {
  let latest = toInstant(state.generatedAt);
  for (const slice of Object.values(state.slices)) {
    const at = toInstant((slice as { provenance?: { collectedAt?: unknown } } | undefined)?.provenance?.collectedAt);
    if (at !== undefined && (latest === undefined || at > latest)) latest = at;
  }
  return latest;
}

interface Frame {
  value: unknown;
  key: string;
  parent: Frame | undefined;
}

function pointer(f: Frame): string {
  const keys: string[] = [];
  for (let at: Frame | undefined = f; at?.parent !== undefined; at = at.parent) keys.push(at.key.replace(/~/g, '~0').replace(/\//g, '~1'));
  return `/${keys.reverse().join('/')}`;
}

/** Timestamps of past events in the state later than `now`, or undefined when there are none. */
export function dataAfterNow(state: OrgState, now: number): DataAfterNow | undefined {
  let count = 0;
  let latest = -Infinity;
  let latestText = '';
  const examples: string[] = [];
  // Iterative and in document order (children pushed in reverse), so hostile depth cannot overflow.
  const stack: Frame[] = [{ value: state.slices, key: 'slices', parent: { value: state, key: '', parent: undefined } }];
  while (stack.length > 0) {
    const f = stack.pop()!;
    const v = f.value;
    if (typeof v === 'string') {
      if (!PAST_FIELDS.has(f.key)) continue;
      const at = toInstant(v);
      if (at === undefined || at <= now) continue;
      count++;
      if (examples.length < EXAMPLES) examples.push(pointer(f));
      if (at > latest) {
        latest = at;
        latestText = v;
      }
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: String(i), parent: f });
    } else {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], key: entries[i]![0], parent: f });
    }
  }
  return count === 0 ? undefined : { count, latest: latestText, examples };
}
