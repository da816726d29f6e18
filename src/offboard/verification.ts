import { formatInstant, toInstant } from '../core/duration.js';
import { TOOL_VERSION } from '../core/paths.js';
import type { Organization, OrgState } from '../state/org-state.js';
import { compare, projectsRemoved, type ComparisonRow } from './compare.js';
import { describePerson, indexState, type PersonState } from './person-state.js';
import { OFFBOARD_SCHEMA_VERSION, type OffboardPlan, type StateReference } from './plan.js';
import { verificationItems, type ItemStatus, type RemovalMethod, type VerificationItem } from './verify-items.js';

export const VERIFICATION_KIND = 'mixpanel-hardening/offboard-verification';

/** pass: every automatic item passed; fail: one failed; incomplete: one could not be judged (error). */
/**
 * `manual`: nothing failed or was unreadable, but some automatic item could not be decided from the
 * sources (not supplied, or not listing what the item needs): a person must look before calling it done.
 */
export type VerificationResult = 'pass' | 'fail' | 'manual' | 'incomplete';

/** Who asked, who approved, who did it and why: the IAM tracker's record of the removal. */
export interface RemovalRecord {
  method: RemovalMethod;
  ticket: string | null;
  removedAt: string | null;
  requestor: string | null;
  approver: string | null;
  administrator: string | null;
  justification: string | null;
}

export interface PlanReference {
  file: string;
  sha256: string;
  generatedAt: string;
  stateSha256: string;
}

export interface VerifiedPerson {
  email: string;
  name: string | null;
  result: VerificationResult;
  counts: Record<ItemStatus, number>;
  /** Every access still there, named, from the failing items. */
  remaining: string[];
  items: VerificationItem[];
  /** The record for this person: the run's values, completed from the roster entry (approver, ticket). */
  record: RemovalRecord;
  after: PersonState;
  before: PersonState | null;
  comparison: ComparisonRow[] | null;
  /** Projects reachable before and not now; null without a plan (nothing to compare with). */
  projectsRemoved: { projectId: string; projectName: string | null }[] | null;
  warnings: string[];
}

/** The evidence document of one `offboard verify` run. */
export interface OffboardVerification {
  kind: typeof VERIFICATION_KIND;
  schemaVersion: typeof OFFBOARD_SCHEMA_VERSION;
  tool: { name: string; version: string };
  verifiedAt: string;
  organization: Organization;
  state: StateReference;
  plan: PlanReference | null;
  result: VerificationResult;
  people: VerifiedPerson[];
}

export interface VerifyInput {
  state: OrgState;
  stateRef: StateReference;
  emails: readonly string[];
  now: number;
  record: RemovalRecord;
  attestations: Readonly<Record<string, string>>;
  plan?: { plan: OffboardPlan; ref: PlanReference };
}

const STATUSES: readonly ItemStatus[] = ['pass', 'fail', 'manual', 'error'];

export function resultOf(items: readonly VerificationItem[]): VerificationResult {
  const automatic = items.filter((i) => i.automatic);
  if (automatic.some((i) => i.status === 'error')) return 'incomplete';
  if (automatic.some((i) => i.status === 'fail')) return 'fail';
  // An automatic item the sources could not decide is not a pass: the removal is unverified there.
  if (automatic.some((i) => i.status === 'manual')) return 'manual';
  return 'pass';
}

/** Like a scan: an incomplete picture cannot be trusted, so `incomplete` outranks `fail`. */
export function overallResult(results: readonly VerificationResult[]): VerificationResult {
  if (results.includes('incomplete')) return 'incomplete';
  if (results.includes('fail')) return 'fail';
  if (results.includes('manual')) return 'manual';
  return 'pass';
}

/** The CLI's exit code for a result: 0 pass, 1 fail, 3 incomplete. */
export function exitCodeForResult(result: VerificationResult): number {
  // `manual` exits 0, as documented: items a person must look at never block; the result says so.
  return result === 'pass' || result === 'manual' ? 0 : result === 'fail' ? 1 : 3;
}

function warningsFor(person: PersonState, record: RemovalRecord, before: PersonState | null, planAt: string | null): string[] {
  const w: string[] = [];
  if (record.administrator && record.approver && record.administrator.trim().toLowerCase() === record.approver.trim().toLowerCase()) {
    w.push('The administrator who removed the access also approved it: the runbook asks for separation of duties between granting and revoking.');
  }
  if (person.similarAccounts.length > 0) w.push(`Other members may be the same person: ${person.similarAccounts.join(', ')}. Check them too (runbook: "Check for multiple similar accounts").`);
  if (planAt && record.removedAt && (toInstant(planAt) ?? 0) > (toInstant(record.removedAt) ?? 0)) {
    w.push(`The plan was taken at ${planAt}, after the removal time ${record.removedAt}: its "before" may already lack what was removed.`);
  }
  if (before === null && planAt) w.push('The plan does not describe this person, so there is no before/after comparison.');
  return w;
}

/** Verifies each person against the state after removal. Pure: same inputs, same document. */
export function verifyRemoval(input: VerifyInput): OffboardVerification {
  const index = indexState(input.state, input.now);
  const removedAt = input.record.removedAt === null ? undefined : toInstant(input.record.removedAt);
  const people = input.emails.map((raw): VerifiedPerson => {
    const email = raw.trim().toLowerCase();
    const planned = input.plan?.plan.people.find((p) => p.email === email) ?? null;
    const after = describePerson(index, email, planned?.member?.userId);
    const items = verificationItems(after, index, { method: input.record.method, ...(removedAt === undefined ? {} : { removedAt }), attestations: input.attestations });
    const roster = after.roster ?? planned?.roster ?? null;
    const record: RemovalRecord = {
      ...input.record,
      ticket: input.record.ticket ?? roster?.ticket ?? null,
      approver: input.record.approver ?? roster?.approver ?? null,
    };
    const counts = Object.fromEntries(STATUSES.map((s) => [s, items.filter((i) => i.status === s).length])) as Record<ItemStatus, number>;
    return {
      email,
      name: after.name ?? planned?.name ?? null,
      result: resultOf(items),
      counts,
      remaining: items.flatMap((i) => i.remaining),
      items,
      record,
      after,
      before: planned,
      comparison: planned ? compare(planned, after) : null,
      projectsRemoved: planned ? projectsRemoved(planned, after) : null,
      warnings: warningsFor(after, record, planned, input.plan?.plan.generatedAt ?? null),
    };
  });
  return {
    kind: VERIFICATION_KIND,
    schemaVersion: OFFBOARD_SCHEMA_VERSION,
    tool: { name: 'mixpanel-hardening', version: TOOL_VERSION },
    verifiedAt: formatInstant(input.now),
    organization: input.state.organization,
    state: input.stateRef,
    plan: input.plan?.ref ?? null,
    result: overallResult(people.map((p) => p.result)),
    people,
  };
}
