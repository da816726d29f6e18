import { formatInstant, shift, toInstant } from '../core/duration.js';
import type { RosterEntry } from '../state/org-state.js';

/** The runbook: "Remove within 24 hours of completion". MP-5.2.1 carries the same default. */
export const DEFAULT_REMOVAL_WINDOW = 'PT24H';

const HOUR = 3_600_000;

export interface RemovalWindow {
  /** When the engagement ended. */
  engagementEnd: string;
  /** Length of the removal window in hours (24 for PT24H, 72 for P3D). */
  windowHours: number;
  /** The end of the window: access must be gone by then. */
  removalDueBy: string;
  /** Whole hours past the window at `now`; 0 while inside it. */
  hoursPastWindow: number;
}

/** Where `now` stands against the removal window that follows an engagement end. Pure. */
export function removalWindow(engagementEnd: string, now: number, window = DEFAULT_REMOVAL_WINDOW): RemovalWindow | undefined {
  const end = toInstant(engagementEnd);
  if (end === undefined) return undefined;
  const due = shift(end, window, 1);
  return {
    engagementEnd,
    windowHours: Math.round((due - end) / HOUR),
    removalDueBy: formatInstant(due),
    hoursPastWindow: now > due ? Math.floor((now - due) / HOUR) : 0,
  };
}

export interface EngagementStatus {
  type: RosterEntry['type'];
  /** null: open-ended; undefined in the tracker is reported as null with `recorded: false`. */
  engagementEnd: string | null;
  recorded: boolean;
  ended: boolean;
  window: RemovalWindow | null;
  /** Still a member after the window closed: what MP-5.2.1 fails. */
  overdue: boolean;
}

export function engagementStatus(entry: RosterEntry, stillMember: boolean, now: number, window = DEFAULT_REMOVAL_WINDOW): EngagementStatus {
  const end = entry.engagementEnd ?? null;
  const w = end === null ? undefined : removalWindow(end, now, window);
  const endAt = end === null ? undefined : toInstant(end);
  return {
    type: entry.type,
    engagementEnd: end,
    recorded: entry.engagementEnd !== undefined,
    ended: endAt !== undefined && endAt <= now,
    window: w ?? null,
    overdue: stillMember && w !== undefined && toInstant(w.removalDueBy)! < now,
  };
}
