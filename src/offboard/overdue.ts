/**
 * The continuous form of offboarding: MP-5.2.x findings made actionable. The check engine reports,
 * per roster entry, what it observed (email, engagementEnd) and expected; it does not say how late
 * the removal is, because that is arithmetic on the report, not a rule. This post-processing step
 * adds it, from the report alone (scan time, the check's grace-period parameter, the observed end):
 *
 *   resources[i].offboarding = { person, name, engagementEnd, windowHours, removalDueBy,
 *                                hoursPastWindow, summary, command }
 *
 * It is pure and idempotent, leaves every other field as it was, and the report schema allows the
 * extra field. The HTML report shows `summary` and the `offboard plan` command per person.
 */
import { isDuration, toInstant } from '../core/duration.js';
import type { ResourceFinding } from '../engine/result.js';
import type { CheckResult, ReportResource, ScanReport } from '../report/report.js';
import { DEFAULT_REMOVAL_WINDOW, removalWindow } from './engagement.js';
import { shellQuote } from './shell-quote.js';

export const ROSTER_REMOVAL_CHECK = 'MP-5.2.1';

export interface OverdueCollaborator {
  person: string;
  name: string | null;
  engagementEnd: string;
  windowHours: number;
  removalDueBy: string;
  hoursPastWindow: number;
  /** One sentence naming the person, the engagement end and the hours past the window. */
  summary: string;
  command: string;
}

export type AnnotatedResource = ReportResource & { offboarding?: OverdueCollaborator | { person: string; command: string } };

/** The `offboard plan` command for people named by findings (addresses shell-quoted: they are org data). */
export function offboardPlanCommand(emails: readonly string[]): string {
  return `mixpanel-hardening offboard plan ${emails.map((e) => `--email ${shellQuote(e)}`).join(' ')}`;
}

function observedEnd(r: ResourceFinding): string | undefined {
  const o = r.observed;
  if (o === null || typeof o !== 'object') return undefined;
  const end = (o as Record<string, unknown>).engagementEnd;
  return typeof end === 'string' ? end : undefined;
}

/** The overdue facts of one MP-5.2.1 finding, or undefined when the finding has no end date. */
export function overdueCollaborator(result: Pick<CheckResult, 'params'>, resource: ResourceFinding, now: number): OverdueCollaborator | undefined {
  const end = observedEnd(resource);
  if (end === undefined) return undefined;
  const grace = result.params.removalGracePeriod;
  const w = removalWindow(end, now, isDuration(grace) ? grace : DEFAULT_REMOVAL_WINDOW);
  if (!w) return undefined;
  const name = resource.name !== undefined && resource.name !== resource.id ? resource.name : null;
  const who = name ? `${name} <${resource.id}>` : resource.id;
  return {
    person: resource.id,
    name,
    engagementEnd: end,
    windowHours: w.windowHours,
    removalDueBy: w.removalDueBy,
    hoursPastWindow: w.hoursPastWindow,
    summary: `${who}: engagement ended ${end}; still a member ${w.hoursPastWindow} hour${w.hoursPastWindow === 1 ? '' : 's'} past the ${w.windowHours}-hour removal window (removal was due by ${w.removalDueBy}).`,
    command: offboardPlanCommand([resource.id]),
  };
}

const PERSON_TYPES = new Set(['roster_entry', 'member']);

function annotateResult(r: CheckResult, now: number): CheckResult {
  if (!r.id.startsWith('MP-5.2.')) return r;
  const resources = r.resources.map((res): AnnotatedResource => {
    if (res.status !== 'fail' || !PERSON_TYPES.has(res.type)) return res;
    const overdue = r.id === ROSTER_REMOVAL_CHECK ? overdueCollaborator(r, res, now) : undefined;
    return { ...res, offboarding: overdue ?? { person: res.id, command: offboardPlanCommand([res.id]) } };
  });
  return { ...r, resources };
}

/** Adds `offboarding` to the failing person findings of MP-5.2.x checks. Pure; the input is not changed. */
export function annotateOffboardingFindings(report: ScanReport): ScanReport {
  const now = toInstant(report.scan.now);
  if (now === undefined || !report.results.some((r) => r.id.startsWith('MP-5.2.'))) return report;
  return { ...report, results: report.results.map((r) => annotateResult(r, now)) };
}
