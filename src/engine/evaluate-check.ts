import type { Check, ParamValue } from '../language/check.js';
import type { OrgState, SliceName } from '../state/org-state.js';
import type { EvalContext, ExemptMatch } from './context.js';
import { evaluateRule } from './evaluate-rule.js';
import { createMemo } from './memo.js';
import type { CheckOutcome, ResourceFinding, SliceUse } from './result.js';
import { evaluationRoot, LABEL_FIELDS, requiredSlices, sliceUse, statusForUnusable, usable, type UsabilityOptions } from './slice-usability.js';

export interface EvaluateOptions extends UsabilityOptions {
  /** Parameter overrides for this check (from the config file), over the check's defaults. */
  params?: Record<string, ParamValue>;
  /** Evaluate without the caches of memo.ts: for the tests that prove they change no result. */
  withoutMemo?: boolean;
}

/** Whether a rule reads one of the attested label fields (a cheap, exact look at its field names). */
function readsLabels(check: Check): boolean {
  const text = JSON.stringify(check.rule);
  return LABEL_FIELDS.some((f) => text.includes(`"${f}"`));
}

function staleNote(check: Check, slices: SliceUse[]): string | undefined {
  const stale = slices.flatMap((u) => u.staleAttestations ?? []);
  if (stale.length === 0 || !readsLabels(check)) return undefined;
  return `Not used: ${stale.map((s) => s.reason).join('; ')}.`;
}

/**
 * Evaluates one check: first the slices it requires must be usable (else `error` or `manual`, never
 * pass or fail), then its rule runs over the usable slices alone. Pure: same inputs, same outcome.
 */
/** The check's `exempt` declarations resolved against this state: only what the state names. */
function exemptMatches(check: Check, state: OrgState): ExemptMatch[] {
  const out: ExemptMatch[] = [];
  for (const d of check.exempt ?? []) {
    // The exemption exists because reading the organization needs Owner or Admin: it holds only when
    // the state says the scanner has that role. A scanner of another or unknown role is judged.
    const scanner = state.organization.scanner;
    const needsPrivilege = scanner?.orgRole === 'owner' || scanner?.orgRole === 'admin';
    if (d.resource === 'scannerServiceAccount' && scanner && needsPrivilege) out.push({ type: 'service_account', id: scanner.serviceAccount, reason: d.reason.trim() });
  }
  return out;
}

/**
 * Mixpanel's record against an attestation the check needs (Slice.contradicted): the check fails
 * on the events, whatever the attested data decides or whether it can still be used.
 */
function contradictionOf(state: OrgState, slices: readonly SliceUse[]): { message: string; resources: ResourceFinding[] } | undefined {
  const marks = slices.flatMap((u) => state.slices[u.slice]?.contradicted ?? []);
  if (marks.length === 0) return undefined;
  return {
    message: `Contradicted by Mixpanel's record: ${marks.map((m) => m.reason).join('; ')}.`,
    resources: marks.flatMap((m) => m.events.map((e) => ({
      type: 'audit_event', id: e.eventId, status: 'fail' as const, observed: `${e.at}: ${e.summary}`, expected: 'no such change after the attested date',
    }))),
  };
}

export function evaluateCheck(check: Check, state: OrgState, opts: EvaluateOptions): CheckOutcome {
  const params = { ...(check.params ?? {}), ...(opts.params ?? {}) };
  const names = requiredSlices(check.requires);
  const uses = new Map<SliceName, SliceUse>(names.map((n) => [n, sliceUse(state, n, opts)]));
  const blocking: SliceUse[] = [];
  for (const req of check.requires) {
    if (typeof req === 'string') {
      if (!usable(uses.get(req)!)) blocking.push(uses.get(req)!);
    } else if ('anyOf' in req && !req.anyOf.some((n) => usable(uses.get(n)!))) {
      blocking.push(...req.anyOf.map((n) => uses.get(n)!));
    }
  }
  const slices = [...uses.values()];
  const contradiction = contradictionOf(state, slices);
  if (blocking.length > 0) {
    const status = statusForUnusable(blocking);
    const verb = status === 'error' ? 'Could not evaluate' : 'Needs a person';
    const why = `${verb}: ${blocking.map((b) => b.reason).join('; ')}.`;
    // The record contradicts what was attested even where the attestation itself can no longer be used (expired).
    if (contradiction) return { id: check.id, status: 'fail', message: `${contradiction.message} ${why}`, resources: contradiction.resources, slices, params };
    return { id: check.id, status, message: why, resources: [], slices, params };
  }
  const root = evaluationRoot(state, slices, opts);
  // One memo per check: its cached values depend on this root, these params and this `now`.
  const exempt = exemptMatches(check, state);
  const ctx: EvalContext = {
    scope: { root, vars: {}, item: root }, now: opts.now, params,
    ...(opts.withoutMemo ? {} : { memo: createMemo() }),
    ...(exempt.length > 0 ? { exempt } : {}),
  };
  try {
    const outcome = evaluateRule(check.rule, ctx);
    const exempted = outcome.exempted ?? [];
    // An exemption is part of the verdict: it is said in the message every format shows, not only listed.
    const exemptNote = exempted.length === 0 ? ''
      : ` Exempted, not judged: ${exempted.map((e) => `${e.type.replace(/_/g, ' ')} ${e.id} (${e.reason})`).join('; ')}.`;
    let message = `${outcome.message}${exemptNote}`;
    if (contradiction) {
      // The rule's own failure is kept after the record's; a verdict it would not fail adds nothing but its exemptions.
      const failed = outcome.status === 'fail';
      return { ...outcome, id: check.id, status: 'fail', message: `${contradiction.message}${failed ? ` ${message}` : exemptNote}`, resources: [...contradiction.resources, ...(failed ? outcome.resources : [])], slices, params };
    }
    // A slice that holds only part of its population (members read from SCIM) can show a failure
    // but not its absence: what would pass or be not applicable on it needs a person.
    const partial = slices.filter((u) => usable(u) && state.slices[u.slice]?.incomplete !== undefined);
    if (partial.length > 0 && (outcome.status === 'pass' || outcome.status === 'not_applicable')) {
      const why = partial.map((u) => `${u.slice} is incomplete: ${state.slices[u.slice]!.incomplete!}`).join('; ');
      return { id: check.id, status: 'manual', message: `Not decided: ${why}.`, resources: outcome.resources, slices, params };
    }
    const note = staleNote(check, slices);
    // A result that could not be decided because attested fields were dropped says which attestation to renew.
    if (note !== undefined && outcome.status !== 'pass' && outcome.status !== 'not_applicable') message = `${message} ${note}`;
    return { id: check.id, ...outcome, message, slices, params };
  } catch (err) {
    // A rule that throws is a defect in the policy or the engine; it must not end the scan.
    return { id: check.id, status: 'error', message: `Evaluation failed: ${(err as Error).message}`, resources: [], slices, params };
  }
}
