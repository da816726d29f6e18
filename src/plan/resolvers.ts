/**
 * How `plan` judges each source: for a live scan, from the credentials, files and flags given (and
 * what /api/app/me said, if it was asked); for `--state`, from the snapshot's own slices, judged as
 * the evaluation will judge them (missing, unreadable or stale -> not usable).
 */
import { sliceUse, type UsabilityOptions } from '../engine/slice-usability.js';
import { basisKindOf } from '../report/basis.js';
import type { OrgState } from '../state/org-state.js';
import type { Availability, Resolver } from './build-plan.js';

/** What was learned about a live scan's inputs without collecting. */
export interface LiveFacts {
  /** `accepted`: /me answered; `rejected`/`unreachable`: it did not (see note). */
  credentials: 'absent' | 'accepted' | 'rejected' | 'unreachable';
  credentialsNote?: string;
  /** The caller's organization role, as /me stated it. */
  callerRole?: string;
  projectCount?: number;
  experimental: boolean;
  lexiconProjects: number;
  scimToken: boolean;
  files: { members?: string; roster?: string; auditLog?: string; attestations?: string; lexicon?: string };
  /** Each section of the attestations file, usable (fresh) or not, with why. */
  sections: Record<string, Availability>;
}

const ADMIN_ROLES = new Set(['owner', 'admin']);

function credentials(f: LiveFacts): Availability {
  if (f.credentials === 'accepted') return { ok: true };
  if (f.credentials === 'absent') return { ok: false, note: 'no service-account credentials (MIXPANEL_SERVICE_ACCOUNT_USERNAME and MIXPANEL_SERVICE_ACCOUNT_SECRET, or --credentials-file)' };
  return { ok: false, note: f.credentialsNote ?? `credentials ${f.credentials}` };
}

function file(given: string | undefined, flag: string): Availability {
  return given === undefined ? { ok: false, note: `${flag} not given` } : { ok: true, detail: `${given} (${flag})` };
}

export function liveResolver(f: LiveFacts): Resolver {
  return (option) => {
    const creds = credentials(f);
    switch (option.input) {
      case 'credentials':
        return creds.ok ? { ok: true, detail: option.label } : creds;
      case 'credentials-admin': {
        if (!creds.ok) return creds;
        if (f.callerRole === undefined) return { ok: true, note: 'needs an Owner or Admin service account; /me did not state its role' };
        if (!ADMIN_ROLES.has(f.callerRole)) return { ok: false, note: `the service account's organization role is "${f.callerRole}"; Owner or Admin is needed` };
        return { ok: true };
      }
      case 'credentials-lexicon': {
        if (!creds.ok) return creds;
        if (f.lexiconProjects === 0) return { ok: false, note: '--lexicon-projects is 0 (off)' };
        if (f.projectCount === undefined) return { ok: true, note: `covers at most ${f.lexiconProjects} projects (--lexicon-projects)` };
        if (f.projectCount > f.lexiconProjects) {
          return { ok: false, note: `the organization has ${f.projectCount} projects and --lexicon-projects is ${f.lexiconProjects}: raise it (5 requests a minute)` };
        }
        return { ok: true };
      }
      case 'experimental':
        if (!creds.ok) return creds;
        return f.experimental ? { ok: true, note: 'undocumented route, best effort' } : { ok: false, note: '--experimental-endpoints not given' };
      case 'scim-token':
        // The SCIM collector runs only once /me has found the organization.
        if (!f.scimToken) return { ok: false, note: 'MIXPANEL_SCIM_TOKEN not set' };
        return creds.ok ? { ok: true } : { ok: false, note: `MIXPANEL_SCIM_TOKEN is set, but SCIM is read only after /me: ${creds.note}` };
      case 'members-file': return file(f.files.members, '--members');
      case 'roster-file': return file(f.files.roster, '--roster');
      case 'audit-log-file': return file(f.files.auditLog, '--audit-log');
      // Whether the exports cover every project is known only once /me lists them (collection says so).
      case 'lexicon-files': return file(f.files.lexicon, '--lexicon');
      case 'attestation': {
        const section = option.section ?? '';
        if (f.files.attestations === undefined) return { ok: false, note: '--attestations not given' };
        return f.sections[section] ?? { ok: false, note: `no section "${section}" in ${f.files.attestations}` };
      }
    }
  };
}

/** A saved snapshot: each slice as the evaluation will find it. */
export function stateResolver(state: OrgState, opts: UsabilityOptions): Resolver {
  return (option, need) => {
    const use = sliceUse(state, option.slice, opts);
    if (use.status !== 'ok') return { ok: false, note: use.reason ?? `${option.slice}: ${use.status}` };
    const p = use.provenance!;
    const where = `snapshot: ${p.detail ?? p.source}`;
    if (need.fields) {
      const attested = (use.attestations ?? []).some((a) => a.fields.some((fld) => need.fields!.some((n) => fld === n || fld.endsWith(`.${n}`) || fld.endsWith(`]${n}`))));
      if (attested) return { ok: true, kind: 'attestation', detail: `${where} (attested fields)` };
      return { ok: true, kind: basisKindOf(p.source), detail: where, note: 'the labels as the snapshot holds them' };
    }
    return { ok: true, kind: basisKindOf(p.source), detail: where };
  };
}
