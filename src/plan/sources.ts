/**
 * Which inputs can supply each state slice, and with what basis: the map `plan` and the generated
 * per-check sources table (docs/sources.md) are both read from. It mirrors what collection does
 * (src/collect/collect-org-state.ts): a new collector or input file adds its line here.
 */
import type { BasisKind } from '../report/basis.js';
import { ATTESTED_SLICES, type SliceName } from '../state/org-state.js';

/** What a person gives the scanner, from which the availability of each source follows. */
export type InputId =
  /** Service-account credentials of any role: enough for GET /api/app/me. */
  | 'credentials'
  /** Credentials of an Owner or Admin service account (service accounts, audit log). */
  | 'credentials-admin'
  /** Credentials and --lexicon-projects at least the number of projects. */
  | 'credentials-lexicon'
  /** Credentials and --experimental-endpoints (undocumented routes). */
  | 'experimental'
  | 'scim-token'
  | 'members-file'
  | 'roster-file'
  | 'audit-log-file'
  /** Lexicon CSV exports (--lexicon), one per project. */
  | 'lexicon-files'
  /** A section of the --attestations file. */
  | 'attestation';

export interface SourceOption {
  kind: BasisKind;
  input: InputId;
  /** The attestations section, for `attestation`. */
  section?: string;
  /** What to give, in words. */
  label: string;
}

const attested = (section: string): SourceOption => ({ kind: 'attestation', input: 'attestation', section, label: `--attestations section "${section}"` });

const API: Partial<Record<SliceName, SourceOption[]>> = {
  projects: [{ kind: 'mixpanel-api', input: 'credentials', label: 'service account (GET /api/app/me)' }],
  members: [
    { kind: 'export', input: 'members-file', label: 'Users & Teams CSV export (--members)' },
    { kind: 'mixpanel-internal-api', input: 'experimental', label: 'undocumented members route (--experimental-endpoints)' },
  ],
  teams: [
    { kind: 'export', input: 'members-file', label: 'teams named in the Users & Teams export (--members)' },
    { kind: 'mixpanel-internal-api', input: 'experimental', label: 'undocumented teams route (--experimental-endpoints)' },
  ],
  serviceAccounts: [{ kind: 'mixpanel-api', input: 'credentials-admin', label: 'Service Accounts API (Owner or Admin service account)' }],
  scimUsers: [{ kind: 'scim', input: 'scim-token', label: 'SCIM Users API (MIXPANEL_SCIM_TOKEN)' }],
  auditLog: [
    { kind: 'audit-log', input: 'credentials-admin', label: 'audit-log API (Owner or Admin service account)' },
    { kind: 'export', input: 'audit-log-file', label: 'audit-log export (--audit-log)' },
  ],
  roster: [{ kind: 'export', input: 'roster-file', label: 'IAM tracker (--roster)' }],
  lexicon: [
    { kind: 'export', input: 'lexicon-files', label: 'Lexicon CSV export of every project, with the sensitive flag (--lexicon)' },
    { kind: 'mixpanel-api', input: 'credentials-lexicon', label: 'Lexicon Schemas API, without a sensitive flag (--lexicon-projects covering every project)' },
  ],
  twoFactor: [attested('twoFactor'), { kind: 'mixpanel-internal-api', input: 'experimental', label: 'undocumented 2FA setting route (--experimental-endpoints)' }],
};

export function sliceSources(slice: SliceName): SourceOption[] {
  return API[slice] ?? ((ATTESTED_SLICES as readonly string[]).includes(slice) ? [attested(slice)] : []);
}

/**
 * Fields of a slice that its own source does not give and only a person can: project labels. A
 * check whose rule reads one of them needs that attestation as well as the slice.
 */
export interface FieldSource {
  slice: SliceName;
  fields: string[];
  sources: SourceOption[];
}

export const FIELD_SOURCES: readonly FieldSource[] = [
  { slice: 'projects', fields: ['environment', 'sensitive', 'defaultAccessRole'], sources: [{ ...attested('projects'), label: 'project labels (--attestations section "projects")' }] },
];
