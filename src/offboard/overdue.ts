/**
 * How late a removal is: arithmetic on a finding, not a rule. The check engine reports, per roster
 * entry, what it observed (email, engagement end); this step, run by the report assembly for checks
 * that declare `annotate.offboarding.overdue`, adds the hours past the removal window, from the scan
 * time, the check's grace-period parameter and the observed end.
 */
import { isDuration } from '../core/duration.js';
import type { ResourceFinding } from '../engine/result.js';
import type { OffboardingNote } from '../report/report.js';
import { DEFAULT_REMOVAL_WINDOW, removalWindow } from './engagement.js';
import { shellQuote } from './shell-quote.js';

export interface OverdueCollaborator extends Required<OffboardingNote> {
  name: string | null;
}

/** Where a check keeps the facts: the observed field with the end, the parameter with the window. */
export interface OverdueFields {
  endField: string;
  windowParam: string;
}

/** The `offboard plan` command for people named by findings (addresses shell-quoted: they are org data). */
export function offboardPlanCommand(emails: readonly string[]): string {
  return `mixpanel-hardening offboard plan ${emails.map((e) => `--email ${shellQuote(e)}`).join(' ')}`;
}

function observedField(r: Pick<ResourceFinding, 'observed'>, field: string): string | undefined {
  const o = r.observed;
  if (o === null || typeof o !== 'object') return undefined;
  const value = (o as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

/** The overdue facts of one finding, or undefined when the finding has no end date. */
export function overdueCollaborator(params: Readonly<Record<string, unknown>>, resource: Pick<ResourceFinding, 'id' | 'name' | 'observed'>, now: number, fields: OverdueFields): OverdueCollaborator | undefined {
  const end = observedField(resource, fields.endField);
  if (end === undefined) return undefined;
  const grace = params[fields.windowParam];
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
