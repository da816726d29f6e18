import type { Requirement } from '../language/check.js';
import { type Attestation, type OrgState, type Project, type SliceName } from '../state/org-state.js';
import { formatInstant, shift, toInstant } from '../core/duration.js';
import type { SliceUse } from './result.js';
import { howToSupply } from './supply-hints.js';
import { markWithheld } from './withheld.js';

export interface UsabilityOptions {
  now: number;
  /** How old an attestation may be before it needs renewing (ISO duration). */
  maxAttestationAge: string;
}

/**
 * Why an attestation cannot be relied on at `now` (expired, dated after the scan, older than
 * `maxAttestationAge`), or undefined when it is fresh. `what` names the attested thing.
 */
export function attestationProblem(a: Attestation, what: string, opts: UsabilityOptions): string | undefined {
  const expires = toInstant(a.expires);
  const attestedAt = toInstant(a.attestedAt);
  if (expires === undefined || expires <= opts.now) return `the attestation of ${what} by ${a.attestedBy} expired on ${a.expires}`;
  if (attestedAt === undefined || attestedAt > opts.now) return `the attestation of ${what} is dated after the scan time (${a.attestedAt})`;
  const oldest = shift(opts.now, opts.maxAttestationAge, -1);
  if (attestedAt < oldest) return `the attestation of ${what} (${a.attestedAt}) is older than ${opts.maxAttestationAge} (before ${formatInstant(oldest)})`;
  return undefined;
}

/** The project fields a label attestation vouches for. */
export const LABEL_FIELDS = ['environment', 'sensitive', 'defaultAccessRole'] as const;

/**
 * Whether a slice can be evaluated now. Missing or stale attested data makes checks `manual`;
 * data that could not be read makes them `error`. Only usable slices are handed to the rule.
 */
export function sliceUse(state: OrgState, slice: SliceName, opts: UsabilityOptions): SliceUse {
  const s = state.slices[slice];
  if (!s) return { slice, status: 'missing', reason: `${slice} was not supplied: ${howToSupply(slice)}` };
  // A usable slice may carry a warning about its data (duplicates merged): it goes with every use.
  const base = {
    slice, provenance: s.provenance,
    ...(s.status === 'ok' && s.reason !== undefined ? { reason: `${slice}: ${s.reason}` } : {}),
    ...(s.status === 'ok' && s.joined !== undefined && s.joined.length > 0 ? { joined: s.joined } : {}),
  };
  if (s.status !== 'ok') {
    const why = s.reason ?? (s.status === 'missing' ? 'not supplied' : 'could not be read');
    return { ...base, status: s.status, reason: `${slice}: ${why}` };
  }
  const twice = duplicateKeys(slice, s.data);
  if (twice !== undefined) return { ...base, status: 'error', reason: `${slice}: ${twice}` };
  if (s.provenance.source === 'attestation') {
    const a = s.provenance.attestation;
    if (!a) return { ...base, status: 'stale', reason: `${slice} is attested without who, when, evidence and expiry` };
    const problem = attestationProblem(a, slice, opts);
    if (problem !== undefined) return { ...base, status: 'stale', reason: problem };
  }
  if (slice === 'projects') {
    const labels = labelUse(state.slices.projects?.data ?? [], opts);
    return {
      ...base, status: 'ok',
      ...(labels.used.length > 0 ? { attestations: labels.used } : {}),
      ...(labels.stale.length > 0 ? { staleAttestations: labels.stale } : {}),
    };
  }
  return { ...base, status: 'ok' };
}

/** The key each item of a list slice is known by; two items with one key are one thing listed twice. */
const ITEM_KEYS: Partial<Record<SliceName, (item: Record<string, unknown>) => unknown>> = {
  projects: (i) => i.id,
  members: (i) => (typeof i.email === 'string' ? i.email.toLowerCase() : i.email),
  teams: (i) => i.id,
  serviceAccounts: (i) => i.id,
  scimUsers: (i) => i.id,
  roster: (i) => (typeof i.email === 'string' ? i.email.toLowerCase() : i.email),
};

// Evaluation asks about each slice once per check; the answer depends on the data alone.
const duplicateMemo = new WeakMap<object, string | null>();

/**
 * Collection merges what a source lists twice (keeping the worse copy); a snapshot that still holds
 * one item twice was made elsewhere, and which copy a check would read is arbitrary, so the slice
 * cannot be judged: it is an error naming the keys.
 */
function duplicateKeys(slice: SliceName, data: unknown): string | undefined {
  const keyOf = ITEM_KEYS[slice];
  if (keyOf === undefined || !Array.isArray(data)) return undefined;
  const known = duplicateMemo.get(data);
  if (known !== undefined) return known ?? undefined;
  const seen = new Set<unknown>();
  const twice = new Set<string>();
  for (const item of data) {
    if (item === null || typeof item !== 'object') continue;
    const key = keyOf(item as Record<string, unknown>);
    if (key === undefined) continue;
    if (seen.has(key)) twice.add(String(key));
    seen.add(key);
  }
  const shown = [...twice].slice(0, 10).join(', ');
  const reason = twice.size === 0 ? undefined
    : `the snapshot lists ${twice.size} item${twice.size === 1 ? '' : 's'} more than once (${shown}${twice.size > 10 ? ', ...' : ''}); which copy is true cannot be known, so the slice is not judged`;
  duplicateMemo.set(data, reason ?? null);
  return reason;
}

/** A stable key for one attestation, so that the projects labeled by one file are listed once. */
function attestationKey(a: Attestation): string {
  return JSON.stringify([a.attestedBy, a.attestedAt, a.evidence, a.expires]);
}

/** The label fields a project carries, by name. */
function labelFields(p: Project): string[] {
  return LABEL_FIELDS.filter((f) => p[f] !== undefined);
}

interface LabelUse {
  used: NonNullable<SliceUse['attestations']>;
  stale: NonNullable<SliceUse['staleAttestations']>;
  staleKeys: Set<string>;
}

function labelUse(projects: readonly Project[], opts: UsabilityOptions): LabelUse {
  const used = new Map<string, { fields: Set<string>; attestation: Attestation }>();
  const stale = new Map<string, { fields: Set<string>; reason: string; projects: number }>();
  for (const p of projects) {
    const a = p.labelAttestation;
    if (a === undefined) continue;
    const key = attestationKey(a);
    const fields = labelFields(p);
    const problem = attestationProblem(a, 'the project labels', opts);
    if (problem === undefined) {
      const u = used.get(key) ?? { fields: new Set<string>(), attestation: a };
      fields.forEach((f) => u.fields.add(f));
      used.set(key, u);
    } else {
      const st = stale.get(key) ?? { fields: new Set<string>(), reason: problem, projects: 0 };
      fields.forEach((f) => st.fields.add(f));
      st.projects++;
      stale.set(key, st);
    }
  }
  const order = (fields: Set<string>) => LABEL_FIELDS.filter((f) => fields.has(f));
  return {
    used: [...used.values()].map((u) => ({ fields: order(u.fields), attestation: u.attestation })),
    stale: [...stale.values()].map((st) => ({
      fields: order(st.fields),
      reason: `${st.reason}: the ${order(st.fields).join(', ')} labels of ${st.projects} project${st.projects === 1 ? '' : 's'} are unknown until it is renewed`,
    })),
    staleKeys: new Set(stale.keys()),
  };
}

/**
 * The data of a usable slice as checks see it: the slice's data, except that attested fields whose
 * attestation is stale are removed (unknown), exactly as a stale attested slice is not used.
 */
export function evaluatedData(state: OrgState, slice: SliceName, opts: UsabilityOptions): unknown {
  const data = state.slices[slice]?.data;
  if (slice !== 'projects' || !Array.isArray(data)) return data;
  const projects = data as Project[];
  const { staleKeys } = labelUse(projects, opts);
  if (staleKeys.size === 0) return data;
  return projects.map((p) => {
    if (p.labelAttestation === undefined || !staleKeys.has(attestationKey(p.labelAttestation))) return p;
    const copy: Project = { ...p };
    for (const f of LABEL_FIELDS) delete copy[f];
    // Given, but not usable: unknown to `supplied` too, never "not supplied" (withheld.ts).
    markWithheld(copy, labelFields(p));
    return copy;
  });
}

/**
 * The state root a rule reads: each usable slice's data by name. A slice that was supplied but
 * cannot be used (unreadable, stale) is absent like one nobody supplied, and marked as withheld so
 * that `supplied` does not take it for one nobody supplied.
 */
export function evaluationRoot(state: OrgState, uses: readonly SliceUse[], opts: UsabilityOptions): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const use of uses) if (usable(use)) root[use.slice] = evaluatedData(state, use.slice, opts);
  markWithheld(root, uses.filter((u) => u.status !== 'ok' && u.status !== 'missing').map((u) => u.slice));
  return root;
}

export function usable(use: SliceUse): boolean {
  return use.status === 'ok';
}

/** Unreadable data is an error; absent or stale attestations and exports need a person. */
export function statusForUnusable(uses: SliceUse[]): 'error' | 'manual' {
  return uses.some((u) => u.status === 'forbidden' || u.status === 'error') ? 'error' : 'manual';
}

export function requiredSlices(requires: Requirement[]): SliceName[] {
  return requires.flatMap((r) => (typeof r === 'string' ? [r] : 'anyOf' in r ? r.anyOf : [r.optional]));
}
