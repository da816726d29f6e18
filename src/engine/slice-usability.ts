import type { Requirement } from '../policy/check.js';
import { ATTESTED_SLICES, type OrgState, type SliceName } from '../state/org-state.js';
import { formatInstant, shift, toInstant } from './duration.js';
import type { SliceUse } from './result.js';

export interface UsabilityOptions {
  now: number;
  /** How old an attestation may be before it needs renewing (ISO duration). */
  maxAttestationAge: string;
}

/** How to obtain a slice nobody supplied, for the message of a check that needs it. */
const HOW_TO_SUPPLY: Partial<Record<SliceName, string>> = {
  members: 'supply the Users & Teams export with --members',
  teams: 'supply the Users & Teams export with --members, or opt in with --experimental-endpoints',
  roster: 'supply the IAM tracker with --roster',
  auditLog: 'collect with an Owner/Admin service account or supply the export with --audit-log',
  scimUsers: 'set MIXPANEL_SCIM_TOKEN',
  lexicon: 'supply each project\'s Lexicon CSV export with --lexicon <project id>=<file>, or collect Lexicon schemas from the API',
};

function howToSupply(slice: SliceName): string {
  if ((ATTESTED_SLICES as readonly string[]).includes(slice)) return `attest it in the --attestations file (section "${slice}")`;
  return HOW_TO_SUPPLY[slice] ?? 'collect it from the Mixpanel API';
}

/**
 * Whether a slice can be evaluated now. Missing or stale attested data makes checks `manual`;
 * data that could not be read makes them `error`. Only usable slices are handed to the rule.
 */
export function sliceUse(state: OrgState, slice: SliceName, opts: UsabilityOptions): SliceUse {
  const s = state.slices[slice];
  if (!s) return { slice, status: 'missing', reason: `${slice} was not supplied: ${howToSupply(slice)}` };
  const base = { slice, provenance: s.provenance };
  if (s.status !== 'ok') {
    const why = s.reason ?? (s.status === 'missing' ? 'not supplied' : 'could not be read');
    return { ...base, status: s.status, reason: `${slice}: ${why}` };
  }
  if (s.provenance.source === 'attestation') {
    const a = s.provenance.attestation;
    if (!a) return { ...base, status: 'stale', reason: `${slice} is attested without who, when, evidence and expiry` };
    const expires = toInstant(a.expires);
    const attestedAt = toInstant(a.attestedAt);
    if (expires === undefined || expires <= opts.now) {
      return { ...base, status: 'stale', reason: `the attestation of ${slice} by ${a.attestedBy} expired on ${a.expires}` };
    }
    if (attestedAt === undefined || attestedAt > opts.now) {
      return { ...base, status: 'stale', reason: `the attestation of ${slice} is dated after the scan time (${a.attestedAt})` };
    }
    const oldest = shift(opts.now, opts.maxAttestationAge, -1);
    if (attestedAt < oldest) {
      return { ...base, status: 'stale', reason: `the attestation of ${slice} (${a.attestedAt}) is older than ${opts.maxAttestationAge} (before ${formatInstant(oldest)})` };
    }
  }
  return { ...base, status: 'ok' };
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
