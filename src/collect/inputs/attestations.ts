/**
 * The attestations file (`--attestations`, YAML or JSON, schemas/attestations.schema.json): the
 * facts no Mixpanel API exposes, one section per attested slice, each section carrying who attested
 * it, when, the evidence and the expiry. Sections become slices with provenance `attestation`;
 * whether an attestation is still fresh is decided at evaluation time (stale -> manual).
 * The `projects` section labels projects (environment, sensitive, default access) by id.
 */
import { basename } from 'node:path';
import { InputError, type InputProblem } from '../../core/errors.js';
import { assertValid } from '../../core/schema-validator.js';
import { loadStructuredFile, type StructuredFile } from '../../core/structured-file.js';
import type {
  AccessRequestFacts, AccessReviewFacts, AdminMonitoringFacts, Attestation, AuditLogReviewFacts, DataGovernanceFacts,
  Environment, IdpMfaFacts, Organization, ProjectRole, ProjectSecretFacts, Region, ScimFacts, ServiceAccountOwner, Slices,
  SsoFacts, TwoFactorFacts,
} from '../../state/org-state.js';
import { okSlice } from '../slice-result.js';
import { lowerIfEmail, readInstantText } from './input-values.js';

type RawId = string | number;

interface Signed {
  attestedBy: string;
  attestedAt: string;
  evidence: string;
  expires: string;
}

interface RawAttestations {
  version: 1;
  organization?: { id: RawId; name: string; region: Region };
  sso?: Signed & SsoFacts;
  twoFactor?: Signed & TwoFactorFacts;
  idpMfa?: Signed & IdpMfaFacts;
  accessRequests?: Signed & AccessRequestFacts;
  scim?: Signed & ScimFacts;
  projectSecrets?: Signed & { inUse: boolean; projects?: RawId[] };
  accessReview?: Signed & AccessReviewFacts;
  adminMonitoring?: Signed & AdminMonitoringFacts;
  auditLogReview?: Signed & AuditLogReviewFacts;
  dataGovernance?: Signed & DataGovernanceFacts;
  serviceAccountOwners?: Signed & { accounts: ServiceAccountOwner[] };
  projects?: Signed & { labels: RawProjectLabel[] };
}

interface RawProjectLabel {
  id: RawId;
  name?: string;
  environment?: Environment | null;
  sensitive?: boolean;
  defaultAccessRole?: string | null;
}

export interface ProjectLabel {
  id: string;
  name?: string;
  environment?: Environment | null;
  sensitive?: boolean;
  defaultAccessRole?: ProjectRole | null;
}

export type AttestedSlices = Pick<Slices,
  'sso' | 'twoFactor' | 'idpMfa' | 'accessRequests' | 'scim' | 'projectSecrets' | 'accessReview' |
  'adminMonitoring' | 'auditLogReview' | 'dataGovernance' | 'serviceAccountOwners'>;

export interface AttestationFile {
  file: string;
  organization?: Organization;
  slices: Partial<AttestedSlices>;
  projectLabels?: { labels: ProjectLabel[]; attestation: Attestation };
}

const SIGNATURE = ['attestedBy', 'attestedAt', 'evidence', 'expires'] as const;

/** The section's facts without its signature fields. */
function facts<T extends Signed>(section: T): Omit<T, keyof Signed> {
  const copy = { ...section } as Record<string, unknown>;
  for (const k of SIGNATURE) delete copy[k];
  return copy as Omit<T, keyof Signed>;
}

class Checker {
  readonly problems: InputProblem[] = [];
  constructor(private readonly source: StructuredFile) {}

  problem(pointer: string, message: string): void {
    this.problems.push({ file: this.source.file, ...(this.source.locate(pointer) ?? {}), pointer, message });
  }

  /** A date the schema accepted, in the state's instant form. */
  instant(value: string, pointer: string): string {
    const at = readInstantText(value);
    if (!at.ok) {
      this.problem(pointer, `not a usable date or date-time: "${value}" (${at.reason})`);
      return value;
    }
    return at.text;
  }

  nullableInstant(value: string | null, pointer: string): string | null {
    return value === null ? null : this.instant(value, pointer);
  }

  signature(section: Signed, name: string): Attestation {
    const attestedAt = this.instant(section.attestedAt, `/${name}/attestedAt`);
    const expires = this.instant(section.expires, `/${name}/expires`);
    if (Date.parse(expires) <= Date.parse(attestedAt)) this.problem(`/${name}/expires`, `expires (${section.expires}) is not after attestedAt (${section.attestedAt})`);
    return { attestedBy: lowerIfEmail(section.attestedBy.trim()), attestedAt, evidence: section.evidence.trim(), expires };
  }
}

function labelsOf(raw: RawProjectLabel[], check: Checker): ProjectLabel[] {
  const seen = new Map<string, number>();
  return raw.map((l, i) => {
    const id = String(l.id).trim();
    const before = seen.get(id);
    if (before !== undefined) check.problem(`/projects/labels/${i}/id`, `project ${id} is labeled twice (also at labels[${before}])`);
    seen.set(id, i);
    return {
      id,
      ...(l.name === undefined ? {} : { name: l.name }),
      ...(l.environment === undefined ? {} : { environment: l.environment }),
      ...(l.sensitive === undefined ? {} : { sensitive: l.sensitive }),
      ...(l.defaultAccessRole === undefined ? {} : { defaultAccessRole: l.defaultAccessRole === null ? null : l.defaultAccessRole.trim().toLowerCase() }),
    };
  });
}

/**
 * Loads, validates (schema, then dates and duplicates) and turns the file into slices. `text`, when
 * given, is validated in place of the file's content (`attest` checks what it is about to write).
 */
export function loadAttestations(file: string, collectedAt: string, text?: string): AttestationFile {
  const source = text === undefined ? loadStructuredFile(file) : loadStructuredFile(file, text);
  const raw = assertValid<RawAttestations>('attestations', source);
  const check = new Checker(source);
  const slices: Partial<AttestedSlices> = {};
  const name = basename(file);
  const prov = (section: string, attestation: Attestation) => ({ source: 'attestation' as const, collectedAt, detail: `${name} section "${section}"`, attestation });

  if (raw.sso) {
    const f = facts(raw.sso);
    slices.sso = okSlice<SsoFacts>({
      configured: f.configured,
      enforced: f.enforced,
      claimedDomains: f.claimedDomains.map((d) => ({ domain: d.domain.toLowerCase(), verified: d.verified })),
      breakGlassAccounts: f.breakGlassAccounts.map((b) => ({ email: b.email.trim().toLowerCase(), documented: b.documented })),
    }, prov('sso', check.signature(raw.sso, 'sso')));
  }
  if (raw.twoFactor) slices.twoFactor = okSlice(facts(raw.twoFactor), prov('twoFactor', check.signature(raw.twoFactor, 'twoFactor')));
  if (raw.idpMfa) slices.idpMfa = okSlice(facts(raw.idpMfa), prov('idpMfa', check.signature(raw.idpMfa, 'idpMfa')));
  if (raw.accessRequests) {
    const f = facts(raw.accessRequests);
    slices.accessRequests = okSlice({ enabled: f.enabled, approvers: f.approvers.map((a) => a.trim().toLowerCase()) }, prov('accessRequests', check.signature(raw.accessRequests, 'accessRequests')));
  }
  if (raw.scim) slices.scim = okSlice(facts(raw.scim), prov('scim', check.signature(raw.scim, 'scim')));
  if (raw.projectSecrets) {
    const f = facts(raw.projectSecrets);
    const data: ProjectSecretFacts = { inUse: f.inUse, ...(f.projects === undefined ? {} : { projects: f.projects.map((p) => String(p)) }) };
    slices.projectSecrets = okSlice(data, prov('projectSecrets', check.signature(raw.projectSecrets, 'projectSecrets')));
  }
  if (raw.accessReview) {
    const f = facts(raw.accessReview);
    slices.accessReview = okSlice({ ...f, lastCompleted: check.nullableInstant(f.lastCompleted, '/accessReview/lastCompleted') }, prov('accessReview', check.signature(raw.accessReview, 'accessReview')));
  }
  if (raw.adminMonitoring) slices.adminMonitoring = okSlice(facts(raw.adminMonitoring), prov('adminMonitoring', check.signature(raw.adminMonitoring, 'adminMonitoring')));
  if (raw.auditLogReview) {
    const f = facts(raw.auditLogReview);
    slices.auditLogReview = okSlice({ ...f, lastReviewed: check.nullableInstant(f.lastReviewed, '/auditLogReview/lastReviewed') }, prov('auditLogReview', check.signature(raw.auditLogReview, 'auditLogReview')));
  }
  if (raw.dataGovernance) {
    const f = facts(raw.dataGovernance);
    slices.dataGovernance = okSlice({
      piiProperties: f.piiProperties,
      deletionProcessDocumented: f.deletionProcessDocumented,
      lastDeletionExercised: check.nullableInstant(f.lastDeletionExercised, '/dataGovernance/lastDeletionExercised'),
    }, prov('dataGovernance', check.signature(raw.dataGovernance, 'dataGovernance')));
  }
  if (raw.serviceAccountOwners) {
    const accounts = raw.serviceAccountOwners.accounts;
    const seen = new Set<string>();
    accounts.forEach((a, i) => {
      if (seen.has(a.username)) check.problem(`/serviceAccountOwners/accounts/${i}/username`, `service account "${a.username}" is listed twice`);
      seen.add(a.username);
    });
    slices.serviceAccountOwners = okSlice(
      accounts.map((a) => ({ username: a.username, owner: lowerIfEmail(a.owner.trim()), purpose: a.purpose })),
      prov('serviceAccountOwners', check.signature(raw.serviceAccountOwners, 'serviceAccountOwners')),
    );
  }
  const projectLabels = raw.projects
    ? { labels: labelsOf(raw.projects.labels, check), attestation: check.signature(raw.projects, 'projects') }
    : undefined;
  if (check.problems.length > 0) throw new InputError(check.problems);

  return {
    file,
    ...(raw.organization ? { organization: { id: String(raw.organization.id), name: raw.organization.name, region: raw.organization.region } } : {}),
    slices,
    ...(projectLabels ? { projectLabels } : {}),
  };
}
