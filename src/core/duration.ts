/**
 * ISO 8601 durations (`P90D`, `PT24H`, `P1Y`) applied to instants in UTC. Parsing is the
 * iso8601-duration library's; the calendar arithmetic is date-fns' on a UTC date, so a month from
 * 2026-03-31 back is 2026-02-28 (the last day of the shorter month), never 2026-03-03.
 */
import { UTCDate } from '@date-fns/utc';
// The per-function entry points: the package's index loads all of its ~860 modules, a third of a start.
import { add } from 'date-fns/add';
import { sub } from 'date-fns/sub';
import { parse } from 'iso8601-duration';
import { formatInstant as formatState, MAX_INSTANT_MS, MIN_INSTANT_MS, readInstant } from './instant.js';

const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

// A scan asks about the same few policy durations once per item judged: each distinct text is
// tested and parsed once. Bounded by the policies' and config's durations; cleared if ever large.
const known = new Map<string, DurationParts | null>();

interface DurationParts {
  years: number; months: number; weeks: number; days: number; hours: number; minutes: number; seconds: number;
}

/** The parts of a duration text, or null when it is not one; parsed once per distinct text. */
function durationParts(text: string): DurationParts | null {
  let parts = known.get(text);
  if (parts !== undefined) return parts;
  if (known.size > 1024) known.clear();
  if (!DURATION.test(text)) parts = null;
  else {
    const d = parse(text);
    parts = {
      years: d.years ?? 0, months: d.months ?? 0, weeks: d.weeks ?? 0, days: d.days ?? 0,
      hours: d.hours ?? 0, minutes: d.minutes ?? 0, seconds: d.seconds ?? 0,
    };
  }
  known.set(text, parts);
  return parts;
}

export function isDuration(text: unknown): text is string {
  return typeof text === 'string' && durationParts(text) !== null;
}

/**
 * `at` shifted by `duration` (sign +1 adds, -1 subtracts), in epoch milliseconds, kept within the
 * years 0000-9999 the state can write: `now - P99999Y` is 0000-01-01T00:00:00Z. Every instant read
 * lies in that range, so it compares with a clamped bound exactly as with the unclamped one.
 */
export function shift(at: number, duration: string, sign: 1 | -1): number {
  const parts = durationParts(duration);
  if (parts === null) throw new Error(`not an ISO 8601 duration: ${duration}`);
  const start = new UTCDate(at);
  const ms = (sign === 1 ? add(start, parts) : sub(start, parts)).getTime();
  // A duration so long that Date cannot hold the result (P99999999Y) gives NaN: the bound it passed.
  if (Number.isNaN(ms)) return sign === 1 ? MAX_INSTANT_MS : MIN_INSTANT_MS;
  return Math.min(MAX_INSTANT_MS, Math.max(MIN_INSTANT_MS, ms));
}

/**
 * Epoch milliseconds of an ISO 8601 date or date-time (src/core/instant.ts: strict fields, UTC years
 * 0000-9999), or undefined when it is not one.
 */
export function toInstant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const r = readInstant(value);
  return r.ok ? r.ms : undefined;
}

export const formatInstant = formatState;

// `now - P90D` is the same instant for every item a check judges: computed once per (now, duration),
// not once per item. A pure function of its arguments; the map is bounded by the policies' few
// durations and cleared if a long-lived process goes through many clocks.
const cutoffs = new Map<string, { at: number; text: string }>();

/** `shift(now, duration, -1)` and its formatted text, cached. */
let lastCutoff: { now: number; duration: string; value: { at: number; text: string } } | undefined;

export function cutoffBefore(now: number, duration: string): { at: number; text: string } {
  // The same check asks for the same cutoff item after item: answer that without building a key.
  if (lastCutoff && lastCutoff.now === now && lastCutoff.duration === duration) return lastCutoff.value;
  const key = `${now}|${duration}`;
  let c = cutoffs.get(key);
  if (!c) {
    if (cutoffs.size > 256) cutoffs.clear();
    const at = shift(now, duration, -1);
    c = { at, text: formatInstant(at) };
    cutoffs.set(key, c);
  }
  lastCutoff = { now, duration, value: c };
  return c;
}
