import type { Check, ParamValue } from '../language/check.js';
import type { OrgState } from '../state/org-state.js';
import { evaluateCheck } from './evaluate-check.js';
import type { CheckOutcome } from './result.js';

export interface RunOptions {
  now: number;
  maxAttestationAge: string;
  /** Per-check parameter overrides, by check id. */
  params?: Record<string, Record<string, ParamValue>>;
}

/** Evaluates every check against one state, in the checks' order. Pure. */
export function runChecks(checks: Check[], state: OrgState, opts: RunOptions): CheckOutcome[] {
  return checks.map((check) => evaluateCheck(check, state, { now: opts.now, maxAttestationAge: opts.maxAttestationAge, params: opts.params?.[check.id] ?? {} }));
}
