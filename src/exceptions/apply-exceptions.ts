import { formatInstant } from '../core/duration.js';
import type { AppliedException, CheckResult, ExceptionRecord, ReportResource } from '../report/report.js';
import { matcher } from './glob.js';
import { DAY_MS, endInstant, EXPIRY_WARNING_DAYS, type ExceptionEntry, type ExceptionSet } from './exception.js';

export interface ApplyOptions {
  /** An active exception expiring within this many days is flagged. */
  warningDays?: number;
}

/** What one exception matched in one result. */
interface Match {
  /** Failing resource ids it matches. */
  resources: string[];
  /** It matches a check-level failure (a failing check with no resource findings). */
  wholeCheck: boolean;
}

function failingResources(r: CheckResult): ReportResource[] {
  return r.resources.filter((x) => x.status === 'fail');
}

/**
 * What an exception would cover in a result, whether or not it is still in force. Only `fail` is
 * ever excepted: an `error` or `manual` result was never judged, so accepting its risk would hide
 * that nobody looked.
 */
function matchIn(entry: ExceptionEntry, r: CheckResult | undefined): Match {
  if (!r || r.status !== 'fail') return { resources: [], wholeCheck: false };
  const failing = failingResources(r);
  if (failing.length === 0) return { resources: [], wholeCheck: entry.resources === undefined };
  const covers = entry.resources === undefined ? () => true : matcher(entry.resources);
  return { resources: failing.filter((x) => covers(x.id)).map((x) => x.id), wholeCheck: false };
}

function applied(entry: ExceptionEntry, now: number, warnMs: number): AppliedException {
  return {
    id: entry.id,
    justification: entry.justification.trim(),
    owner: entry.owner,
    ...(entry.approver ? { approver: entry.approver } : {}),
    ...(entry.ticket ? { ticket: entry.ticket } : {}),
    expires: entry.expires,
    expiresSoon: endInstant(entry.expires) - now <= warnMs,
  };
}

/** The result after its active exceptions: covered failing resources `excepted`; all covered: the check too. */
function exceptResult(r: CheckResult, active: ExceptionEntry[], expired: ExceptionEntry[], now: number, warnMs: number): CheckResult {
  const lapsed = expired.filter((e) => {
    const m = matchIn(e, r);
    return m.wholeCheck || m.resources.length > 0;
  }).map((e) => e.id);
  const withLapsed = lapsed.length > 0 ? { expiredExceptions: lapsed } : {};
  if (r.status !== 'fail' || active.length === 0) return { ...r, ...withLapsed };

  const failing = failingResources(r);
  if (failing.length === 0) {
    const whole = active.filter((e) => e.resources === undefined);
    if (whole.length === 0) return { ...r, ...withLapsed };
    const first = earliestExpiring(whole);
    return { ...r, status: 'excepted', originalStatus: 'fail', exception: applied(first, now, warnMs), ...withLapsed };
  }

  // Each failing resource is attributed to the first exception (in file order) that matches it.
  const matchers = active.map((e) => ({ entry: e, covers: e.resources === undefined ? () => true : matcher(e.resources) }));
  const used = new Map<string, ExceptionEntry>();
  const resources = r.resources.map((x): ReportResource => {
    if (x.status !== 'fail') return x;
    const by = matchers.find((m) => m.covers(x.id));
    if (!by) return x;
    used.set(by.entry.id, by.entry);
    return { ...x, status: 'excepted', exception: by.entry.id };
  });
  if (used.size === 0) return { ...r, ...withLapsed };
  const allCovered = resources.every((x) => x.status !== 'fail');
  if (!allCovered) return { ...r, resources, ...withLapsed };
  // The check stays excepted only as long as every covering exception holds: cite the one that ends first.
  const first = earliestExpiring([...used.values()]);
  return { ...r, status: 'excepted', resources, originalStatus: 'fail', exception: applied(first, now, warnMs), ...withLapsed };
}

function earliestExpiring(entries: ExceptionEntry[]): ExceptionEntry {
  return entries.reduce((a, b) => (endInstant(b.expires) < endInstant(a.expires) ? b : a));
}

function unusedNote(entry: ExceptionEntry, r: CheckResult | undefined): string {
  if (!r) return `check ${entry.check} is not in this scan (not in the policy set or above the selected level)`;
  if (r.status !== 'fail') return `check ${entry.check} did not fail (status ${r.status}); remove the exception or keep it for a known recurring finding`;
  if (failingResources(r).length === 0) return `check ${entry.check} failed without resource findings, and this exception names resources`;
  return `none of its resources (${(entry.resources ?? []).join(', ')}) is among the failing resources of ${entry.check}`;
}

function registerEntry(entry: ExceptionEntry, before: CheckResult | undefined, after: CheckResult | undefined, now: number, warnMs: number): ExceptionRecord {
  const end = endInstant(entry.expires);
  const expired = now >= end;
  const match = matchIn(entry, before);
  const matched = match.wholeCheck || match.resources.length > 0;
  const state = expired ? 'expired' : matched ? 'active' : 'unused';
  const effect = state !== 'active' ? 'none' : after?.status === 'excepted' ? 'check' : 'resources';
  const daysLeft = Math.floor((end - now) / DAY_MS);
  const expiresSoon = !expired && end - now <= warnMs;
  let note: string;
  if (state === 'expired') {
    note = `expired at ${formatInstant(end)}; it no longer applies${matched ? ` and ${match.wholeCheck ? 'the check' : `${match.resources.length} resource(s)`} it covered count as failing again` : ''}`;
  } else if (state === 'unused') {
    note = `matches nothing: ${unusedNote(entry, before)}`;
  } else {
    note = `${effect === 'check' ? `makes ${entry.check} excepted` : `covers ${match.resources.length} of the failing resources of ${entry.check}; the check still fails`}`;
  }
  if (expiresSoon) note += `; ${daysLeft} day(s) left: renew or remediate`;
  return {
    id: entry.id,
    check: entry.check,
    ...(entry.resources ? { resources: entry.resources } : {}),
    justification: entry.justification.trim(),
    owner: entry.owner,
    ...(entry.approver ? { approver: entry.approver } : {}),
    ...(entry.ticket ? { ticket: entry.ticket } : {}),
    created: entry.created,
    expires: entry.expires,
    state,
    expiresSoon,
    daysLeft,
    matched: match.resources,
    effect,
    note,
  };
}

/** What exceptions contribute to the report: the results after them, and the register. */
export interface ExceptedResults {
  results: CheckResult[];
  register: ExceptionRecord[];
}

/**
 * Applies an exceptions file to the results of a scan, as of `now`. Pure: the same results,
 * exceptions and time give the same outcome. Covered failing resources become `excepted` (each
 * naming its exception); a check whose every failing resource is covered becomes `excepted` with
 * its original status and the exception kept beside it; a partly covered check stays `fail`.
 * Expired exceptions change nothing and are named on the results they would have covered. The
 * register records every exception with its state. The summary and rollups are not this step's:
 * the report is assembled once, after every step (src/pipeline/assemble-report.ts).
 */
export function applyExceptions(results: readonly CheckResult[], set: ExceptionSet, now: number, opts: ApplyOptions = {}): ExceptedResults {
  const warnMs = (opts.warningDays ?? EXPIRY_WARNING_DAYS) * DAY_MS;
  const isExpired = (e: ExceptionEntry) => now >= endInstant(e.expires);
  const byCheck = new Map<string, ExceptionEntry[]>();
  for (const e of set.entries) byCheck.set(e.check, [...(byCheck.get(e.check) ?? []), e]);

  const after = results.map((r) => {
    const entries = byCheck.get(r.id) ?? [];
    if (entries.length === 0) return r;
    return exceptResult(r, entries.filter((e) => !isExpired(e)), entries.filter(isExpired), now, warnMs);
  });
  const beforeById = new Map(results.map((r) => [r.id, r]));
  const afterById = new Map(after.map((r) => [r.id, r]));
  const register = set.entries.map((e) => registerEntry(e, beforeById.get(e.check), afterById.get(e.check), now, warnMs));
  return { results: after, register };
}
