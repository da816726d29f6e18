/**
 * ISO 8601 durations (`P90D`, `PT24H`, `P1Y`) applied to instants in UTC. Parsing is the
 * iso8601-duration library's; the calendar arithmetic is ours because that library only adds, and
 * checks need "now minus 90 days" with calendar months and years that stay in UTC.
 */
import { parse } from 'iso8601-duration';

const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

export function isDuration(text: unknown): text is string {
  return typeof text === 'string' && DURATION.test(text);
}

/** `at` shifted by `duration` (sign +1 adds, -1 subtracts), in epoch milliseconds. */
export function shift(at: number, duration: string, sign: 1 | -1): number {
  if (!isDuration(duration)) throw new Error(`not an ISO 8601 duration: ${duration}`);
  const d = parse(duration);
  const date = new Date(at);
  date.setUTCFullYear(date.getUTCFullYear() + sign * (d.years ?? 0));
  date.setUTCMonth(date.getUTCMonth() + sign * (d.months ?? 0));
  date.setUTCDate(date.getUTCDate() + sign * ((d.weeks ?? 0) * 7 + (d.days ?? 0)));
  const seconds = (d.hours ?? 0) * 3600 + (d.minutes ?? 0) * 60 + (d.seconds ?? 0);
  return date.getTime() + sign * seconds * 1000;
}

/** Epoch milliseconds of an ISO date-time string, or undefined when it is not one. */
export function toInstant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

export function formatInstant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

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
