/**
 * The preflight: for every check, what will decide it and what is missing to decide it, from what a
 * person gave (credentials, files, a snapshot), without collecting. Pure: the command gathers the
 * facts (at most one GET /api/app/me) and hands them in through a resolver.
 */
import type { Check, Level, Severity } from '../language/check.js';
import type { BasisKind } from '../report/basis.js';
import { BASIS_KINDS } from '../report/basis.js';
import { checkNeeds, type Need, type NeedOption } from './check-needs.js';

/** Whether one option of a need can be used, and if not, why. */
export interface Availability {
  ok: boolean;
  /** Why not, or a caveat when it is usable (e.g. "role not stated by /me"). */
  note?: string;
  /** What exactly will be read, when known (a file, a route, a snapshot's provenance). */
  detail?: string;
  /** The basis it will give, when it differs from the option's (a snapshot's real provenance). */
  kind?: BasisKind;
}

export type Resolver = (option: NeedOption, need: Need) => Availability;

export interface PlannedSource {
  need: string;
  slice: string;
  kind: BasisKind;
  source: string;
  note?: string;
  /** Another usable source the collector falls back to when the first cannot be read. */
  fallback?: string;
}

export interface MissingInput {
  need: string;
  /** Every way to meet it, each with why it is not available now. */
  options: string[];
}

export interface PlannedCheck {
  id: string;
  title: string;
  level: Level;
  severity: Severity;
  /** Every need has a usable source: the check will be evaluated (it may still find fields unknown). */
  decidable: boolean;
  /** The basis kinds its verdict will rest on, when decidable. */
  basis: BasisKind[];
  from: PlannedSource[];
  missing: MissingInput[];
}

export interface PlanSummary {
  checks: number;
  decidable: number;
  /** Decidable checks by the kinds they will rest on (a check counts under each). */
  byBasis: Record<BasisKind, number>;
}

function planCheck(check: Check, resolve: Resolver): PlannedCheck {
  const from: PlannedSource[] = [];
  const missing: MissingInput[] = [];
  for (const need of checkNeeds(check)) {
    const judged = need.options.map((o) => ({ o, a: resolve(o, need) }));
    const usable = judged.filter((j) => j.a.ok);
    const first = usable[0];
    const where = (j: (typeof judged)[number]) => j.a.detail ?? j.o.label;
    const fallback = first ? usable.find((j) => where(j) !== where(first)) : undefined;
    if (first) {
      from.push({
        need: need.what,
        slice: first.o.slice,
        kind: first.a.kind ?? first.o.kind,
        source: where(first),
        ...(first.a.note ? { note: first.a.note } : {}),
        ...(fallback ? { fallback: where(fallback) } : {}),
      });
    } else {
      missing.push({ need: need.what, options: judged.map((j) => `${j.o.label}${j.a.note ? `: ${j.a.note}` : ''}`) });
    }
  }
  const decidable = missing.length === 0;
  const basis = decidable ? BASIS_KINDS.filter((k) => from.some((f) => f.kind === k)) : [];
  return { id: check.id, title: check.title, level: check.level, severity: check.severity, decidable, basis, from, missing };
}

export function planChecks(checks: readonly Check[], resolve: Resolver): { checks: PlannedCheck[]; summary: PlanSummary } {
  const planned = checks.map((c) => planCheck(c, resolve));
  const byBasis = Object.fromEntries(BASIS_KINDS.map((k) => [k, 0])) as Record<BasisKind, number>;
  for (const p of planned) for (const k of p.basis) byBasis[k]++;
  return { checks: planned, summary: { checks: planned.length, decidable: planned.filter((p) => p.decidable).length, byBasis } };
}
