/**
 * How to supply what a check lacked, for the words of a `manual` result: a slice nobody supplied,
 * or a field the supplied slice did not carry. A user reading "orgRole absent" learns nothing they
 * can act on; "supply the Users & Teams export (--members) with its Org Role column" is the next
 * step. It mirrors what collection reads (src/collect, docs/live-collection.md); a field not listed
 * here keeps the bare "absent".
 */
import { ATTESTED_SLICES, SLICE_NAMES, type SliceName } from '../state/org-state.js';

const HOW_TO_SUPPLY: Partial<Record<SliceName, string>> = {
  members: 'supply the Users & Teams export with --members',
  teams: 'supply the Users & Teams export with --members, or opt in with --experimental-endpoints',
  roster: 'supply the IAM tracker with --roster',
  auditLog: 'collect with an Owner/Admin service account or supply the export with --audit-log',
  scimUsers: 'set MIXPANEL_SCIM_TOKEN',
  lexicon: 'supply each project\'s Lexicon CSV export with --lexicon <project id>=<file>, or collect Lexicon schemas from the API',
};

/** How to obtain a slice nobody supplied. */
export function howToSupply(slice: SliceName): string {
  if (ATTESTED_SLICES.includes(slice)) return `attest it in the --attestations file (section "${slice}")`;
  return HOW_TO_SUPPLY[slice] ?? 'collect it from the Mixpanel API';
}

const membersColumn = (column: string, alternative = '') =>
  `supply the Users & Teams export (--members) with its ${column} column${alternative}`;

const PROJECT_LABEL = 'label the project in the --attestations file (section "projects"): no Mixpanel API returns it';

/** Per slice, the fields whose absence a person can remedy, and how. */
const HOW_TO_SUPPLY_FIELD: Partial<Record<SliceName, Readonly<Record<string, string>>>> = {
  members: {
    orgRole: membersColumn('Org Role', '; a member list read from SCIM carries no roles'),
    status: membersColumn('Status'),
    twoFactorEnabled: membersColumn('2FA'),
    ssoLogin: membersColumn('SSO'),
    lastActive: membersColumn('Last Active', ', or collect the audit log\'s logins with an Owner/Admin service account'),
    lastActiveRecordedSince: membersColumn('Last Active', ', or collect the audit log\'s logins with an Owner/Admin service account'),
    invitedAt: membersColumn('Invited At', ', or collect the audit log\'s invitations with an Owner/Admin service account'),
    projectRoles: membersColumn('Projects'),
    teams: membersColumn('Teams'),
  },
  projects: { environment: PROJECT_LABEL, sensitive: PROJECT_LABEL, defaultAccessRole: PROJECT_LABEL },
  serviceAccounts: {
    creatorEmail: 'Mixpanel names a service account\'s creator by user id: supply the Users & Teams export (--members) with its User ID column to join it to an address',
  },
};

/** The slice a `$.name` path starts with, if it names one. */
export function sliceNamed(name: string | undefined): SliceName | undefined {
  return SLICE_NAMES.find((s) => s === name);
}

/**
 * The remedy for a path a verdict found absent: `$.slice.field...` names its slice; a relative
 * path is a field of the items of `itemSlice` (the collection an `each`, `count` or `share` walks).
 */
export function howToSupplyPath(path: string, itemSlice: SliceName | undefined): string | undefined {
  const absolute = /^\$\.([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?/.exec(path);
  if (absolute) {
    const slice = sliceNamed(absolute[1]);
    if (slice === undefined) return undefined;
    if (ATTESTED_SLICES.includes(slice)) return howToSupply(slice);
    return absolute[2] === undefined ? undefined : HOW_TO_SUPPLY_FIELD[slice]?.[absolute[2]];
  }
  if (itemSlice === undefined) return undefined;
  const field = /^[A-Za-z_]\w*/.exec(path)?.[0];
  return field === undefined ? undefined : HOW_TO_SUPPLY_FIELD[itemSlice]?.[field];
}
