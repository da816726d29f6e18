import type { Check } from '../language/check.js';
import type { CheckResult, ReportResource } from '../report/report.js';
import { offboardPlanCommand, overdueCollaborator } from './overdue.js';

/** The HTML lists at most this many people in one command; each finding also carries its own. */
const MAX_PEOPLE_PER_COMMAND = 20;

/**
 * A report-assembly step: the failing findings of a check that declares `annotate.offboarding`
 * name people to offboard; each gains `offboarding` (the command, and with `overdue` how late the
 * removal is), and the result gains one command for its first people. Which checks, which resource
 * types and which fields are the check's declaration (data), not known here by id. Pure.
 */
export function annotateOffboarding(check: Pick<Check, 'annotate'>, result: CheckResult, now: number): CheckResult {
  const spec = check.annotate?.offboarding;
  if (!spec) return result;
  const types = new Set(spec.resourceTypes);
  const people: string[] = [];
  const resources = result.resources.map((res): ReportResource => {
    if (res.status !== 'fail' || !types.has(res.type)) return res;
    people.push(res.id);
    const overdue = spec.overdue ? overdueCollaborator(result.params, res, now, spec.overdue) : undefined;
    return { ...res, offboarding: overdue ?? { person: res.id, command: offboardPlanCommand([res.id]) } };
  });
  if (people.length === 0) return result;
  return { ...result, resources, ...(result.status === 'fail' ? { offboardCommand: offboardPlanCommand(people.slice(0, MAX_PEOPLE_PER_COMMAND)) } : {}) };
}
