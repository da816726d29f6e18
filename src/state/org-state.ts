/**
 * The normalized state of one Mixpanel organization: what every collector fills in and every check
 * reads. The JSON Schema in `schemas/org-state.schema.json` describes the same document; a state file
 * is validated against it before evaluation.
 *
 * The state is a set of slices. Each slice says where its data came from and whether it could be
 * read, so that a check can tell "non-compliant" (fail) from "could not look" (error/manual).
 */
import type { Region } from '../core/region.js';

// Re-exported so the model's readers keep one import for the snapshot's vocabulary.
export type { Region };

/**
 * 1.1: unknown stays absent (no collector default), project labels carry their attestation, member
 * status may be unknown. A 1.0 snapshot may hold values its collector invented (`sensitive: false`,
 * `environment: null`, a data view's `hasAllOrgMembers: false`, a member's `status: active`), so it
 * is refused rather than evaluated: collect again.
 */
export const STATE_SCHEMA_VERSION = '1.1';

/** Where a slice's data came from. `api-undocumented` marks opt-in, best-effort routes. */
export type SliceSource = 'api' | 'api-undocumented' | 'scim' | 'audit-log' | 'export' | 'attestation';

/** Whether the slice could be read. Only `ok` slices are evaluated. */
export type SliceStatus = 'ok' | 'missing' | 'forbidden' | 'error';

/** Who vouched for an attested fact, when, with what evidence, and until when it holds. */
export interface Attestation {
  attestedBy: string;
  attestedAt: string;
  evidence: string;
  expires: string;
}

export interface Provenance {
  source: SliceSource;
  /** When the data was read or, for attestations and exports, loaded. */
  collectedAt: string;
  /** What was read: an API route, a file name, an attestation section. */
  detail?: string;
  attestation?: Attestation;
}

export interface Slice<T> {
  status: SliceStatus;
  provenance: Provenance;
  /** Why the slice is not `ok`, for people. */
  reason?: string;
  /**
   * Set when the data is known to hold only part of what the slice stands for (a member list read
   * from SCIM lacks everyone SCIM does not manage): what is missing and how to supply it. Such a
   * slice can make a check fail, never pass.
   */
  incomplete?: string;
  /**
   * Set when Mixpanel's own record contradicts what a person attested (the audit log shows the owner
   * role granted after the attested access review, making more owners than the guide allows): why,
   * and the events. A check that reads the slice fails, whatever the attestation says.
   */
  contradicted?: Contradiction;
  /**
   * Fields of the data that collection filled in from another source than the slice's own (the
   * audit log's logins as members' last activity, its pending invitations as invited members):
   * which source, which fields, and what was read. A check whose rule reads one of these fields rests
   * on that source too (the report's basis); one that reads none of them does not.
   */
  joined?: JoinedFields[];
  data?: T;
}

/** The record against an attestation (see Slice.contradicted). */
export interface Contradiction {
  reason: string;
  /** The events that contradict it, as a finding names them. */
  events: { eventId: string; at: string; summary: string }[];
}

/** Fields a slice's data took from another source (see Slice.joined). */
export interface JoinedFields {
  /** A source of records or a file; never an attestation, which needs who, when and evidence. */
  source: Exclude<SliceSource, 'attestation'>;
  /** The field names, as rules name them (`lastActive`, `invitedAt`). */
  fields: string[];
  /** What was read, with the events' ids where there are few enough. */
  detail: string;
}

export type OrgRole = 'owner' | 'admin' | 'billing_admin' | 'member';
export type ProjectRole = 'owner' | 'admin' | 'analyst' | 'consumer' | (string & {});
export type Environment = 'production' | 'staging' | 'development' | 'test' | 'other';

export interface Organization {
  id: string;
  name: string;
  region: Region;
  plan?: string;
  /**
   * The credential the scan ran as: the service account's username (from the credentials) and its
   * organization role when /me states it (absent: not stated). Checks that would judge it list it
   * as exempted, with the reason.
   */
  scanner?: { serviceAccount: string; orgRole?: OrgRole };
}

export interface DataView {
  id: string;
  name: string;
  /** The "All Project Data" view. Absent: the source did not say. */
  isGlobal?: boolean;
  /**
   * Mixpanel's `is_restricted`: other Admins are prevented from editing the view. It says nothing
   * about who can read through the view. Absent: not stated.
   */
  editingRestricted?: boolean;
  /** @deprecated The former name of `editingRestricted`, kept only so that older snapshots load; no check reads it. */
  isRestricted?: boolean;
  /** Every organization member can use it. Absent: the source did not say. */
  hasAllOrgMembers?: boolean;
  members?: string[];
  teams?: string[];
}

export interface Project {
  id: string;
  name: string;
  region?: Region;
  /**
   * The environment label; null when a person stated the project carries none. Absent: nobody
   * supplied it (no Mixpanel API returns it).
   */
  environment?: Environment | null;
  /** Labeled as holding sensitive (regulated or classified) data. Absent: not labeled by anyone. */
  sensitive?: boolean;
  /** Role every organization member gets by default; null when default access is off. */
  defaultAccessRole?: ProjectRole | null;
  /**
   * Who vouched for the attested labels above (environment, sensitive, defaultAccessRole), when,
   * and until when. Evaluation drops the labels once this attestation is stale.
   */
  labelAttestation?: Attestation;
  dataViews?: DataView[];
}

export interface ProjectGrant {
  projectId: string;
  role: ProjectRole;
  /** Granted to the person directly, or through a team. Absent: the source cannot tell. */
  via?: 'direct' | 'team';
  team?: string;
}

export interface Member {
  /** Lower-cased; the key that joins members, roster, SCIM and audit log. */
  email: string;
  name?: string;
  userId?: string;
  /** Absent: the source does not say (a member list read from SCIM, which carries no roles). */
  orgRole?: OrgRole;
  /** Absent: the source did not say (a members export without a Status column). */
  status?: 'active' | 'invited';
  invitedAt?: string | null;
  twoFactorEnabled?: boolean;
  ssoLogin?: boolean;
  /**
   * Last activity; null when the person never signed in. From the members source, or derived from
   * the audit log's session.logged_in events when the source gave none (`lastActiveFrom`).
   */
  lastActive?: string | null;
  /**
   * Since when the absence of later activity is on record: null when lastActive comes from the
   * members source (Mixpanel's own last-activity field); the start of the login record's coverage
   * when it was derived from the audit log. A null lastActive with a recent `lastActiveRecordedSince`
   * says "no login since then", not "never".
   */
  lastActiveRecordedSince?: string | null;
  lastActiveFrom?: 'audit-log';
  createdAt?: string;
  /** Project grants; absent when the source has no such column or field (unknown, not "none"). */
  projectRoles?: ProjectGrant[];
  /** Team names or ids; absent when the source does not say. */
  teams?: string[];
}

export interface Team {
  id: string;
  name: string;
  /** Member emails; absent when the source does not list them (unknown, not "nobody"). */
  members?: string[];
  projectRoles: { projectId: string; role: ProjectRole }[];
}

export interface ServiceAccountGrant {
  projectId: string;
  role: ProjectRole;
  /** Access to classified data on this project; absent when the project's list left it out. */
  hasSensitiveAccess?: boolean;
  targetType?: 'individual' | 'team' | 'organization';
}

export interface ServiceAccount {
  id: string;
  username: string;
  created: string;
  /** null: never expires; absent: not known (checks that need it cannot pass). */
  expires?: string | null;
  /** null: never used; absent: not known. */
  lastUsed?: string | null;
  creatorId?: string | null;
  creatorEmail?: string | null;
  orgRole?: OrgRole | null;
  projects: ServiceAccountGrant[];
}

export interface ScimUser {
  id: string;
  userName: string;
  email: string;
  active: boolean;
  /** Display names of the SCIM groups the user is in; absent when the response does not list them. */
  groups?: string[];
  /** The audit log shows the account added back after its removal, and not removed again (src/collect/audit). */
  reAddedAfterRemoval?: AuditReAdd;
}

export interface AuditEvent {
  id: string;
  created: string;
  /** `<entity_type>.<action>`, e.g. `user.role_changed`. */
  type: string;
  userEmail?: string | null;
  userId?: string | null;
  projectId?: string | null;
  entityName?: string | null;
  payload?: Record<string, unknown>;
  /** When Mixpanel deletes the entry (`ttl_timestamp`): how long the organization's records are kept. */
  ttl?: string;
}

/**
 * How far the read covers one event type: from `coveredSince` to the window's end every event of the
 * type is in the record. That is the later of the window's start and the day Mixpanel began to
 * record the type. Absent: the type is not covered at all (first recorded after the window ended).
 */
export interface AuditTypeCoverage {
  type: string;
  availableSince: string;
  coveredSince?: string;
}

/** An audit event a derived fact rests on: its id, when, and who did it (null: nobody named). */
export interface AuditEventRef {
  eventId: string;
  at: string;
  by?: string | null;
}

/**
 * A user.role_changed event, typed. Mixpanel does not document the payload: the target is read from
 * the entity name (an email) or the payload's email, the roles from the payload's role fields.
 * `privileged` is true when the new role is owner or admin, false for another named role, and
 * absent when the payload names no role (the change cannot be ruled harmless).
 */
export interface AuditRoleChange extends AuditEventRef {
  target?: string;
  projectId?: string | null;
  role?: string;
  previousRole?: string;
  privileged?: boolean;
  /** Always set: true only when the payload names a new role that is neither owner nor admin. */
  notPrivileged: boolean;
}

/** An organization.user_added after an organization.user_removed of the same email: both events. */
export interface AuditReAdd { email: string; removedAt: string; removedEventId: string; addedAt: string; addedEventId: string; addedBy?: string | null }

/**
 * Facts derived from the audit log (provenance: the audit-log slice's), each over the span its
 * event types are covered (`AuditLog.coverage`). Lists are newest first.
 */
export interface AuditFacts {
  /** The latest session.logged_in per email. */
  lastLogins: (AuditEventRef & { email: string })[];
  /** invitation.sent with no later invitation.accepted or organization.user_added for the email. */
  pendingInvitations: (AuditEventRef & { email: string })[];
  /** The latest project.default_access_granted / revoked per project. */
  defaultAccess: (AuditEventRef & { projectId: string; granted: boolean; role?: string })[];
  /** organization_access_security.twofactor_enabled / disabled: the organization's 2FA requirement changes. */
  twoFactorRequirement: (AuditEventRef & { enabled: boolean })[];
  /** user.twofactor_disabled: a user turned their own 2FA off. */
  userTwoFactorDisabled: (AuditEventRef & { email?: string })[];
  roleChanges: AuditRoleChange[];
  /** organization.user_added for an email after an organization.user_removed of the same email. */
  reAdded: AuditReAdd[];
  /** Data exports (events, raw events, profiles, boards) and changes to a board's public access. */
  dataExports: (AuditEventRef & { type: string; projectId?: string | null; entityName?: string | null })[];
  /** user_data_deletion.created: GDPR/CCPA deletion requests. */
  userDataDeletions: (AuditEventRef & { projectId?: string | null })[];
  /** How long Mixpanel keeps the records: from the entries' ttl_timestamp, else the plan. Absent: unknown. */
  retentionDays?: number;
  retentionFrom?: 'ttl_timestamp' | 'plan';
  /** Events of a type a fact needs whose subject could not be read (no email): never matched. */
  unattributed: { eventId: string; type: string; why: string }[];
}

export interface AuditLog {
  window: { start: string; end: string };
  events: AuditEvent[];
  /** The event types the query asked for; absent: every type (an export, or an unfiltered read). */
  types?: string[];
  /** How far each event type a derived fact reads is covered. */
  coverage?: AuditTypeCoverage[];
  facts?: AuditFacts;
}

export interface RosterEntry {
  email: string;
  name?: string;
  type: 'employee' | 'contractor' | 'agency' | 'temporary';
  organization?: string;
  /** When the engagement ends or ended; null for open-ended employment. */
  engagementEnd?: string | null;
  approver?: string;
  ticket?: string;
  /** The audit log shows the account added back after its removal, and not removed again (src/collect/audit). */
  reAddedAfterRemoval?: AuditReAdd;
}

export interface LexiconProperty {
  projectId: string;
  entity: string;
  name: string;
  sensitive?: boolean;
  hidden?: boolean;
  dropped?: boolean;
}

// Attested facts: no Mixpanel API exposes these (see reference/mixpanel-api-notes.md section 5).
export interface SsoFacts {
  configured: boolean;
  enforced: boolean;
  claimedDomains: { domain: string; verified: boolean }[];
  breakGlassAccounts: { email: string; documented: boolean }[];
}
export interface TwoFactorFacts { requiredOrgWide: boolean }
export interface IdpMfaFacts {
  phishingResistantForAdmins: boolean;
  /** The IdP requires MFA of every user signing in to Mixpanel through it. Absent: not attested. */
  requiredForAllUsers?: boolean;
  method?: string;
}
export interface AccessRequestFacts { enabled: boolean; approvers: string[] }
export interface ScimFacts { enabled: boolean; idp?: string }
export interface ProjectSecretFacts { inUse: boolean; projects?: string[] }
export interface AccessReviewFacts { lastCompleted: string | null; reviewer?: string }
export interface AdminMonitoringFacts { alertsOnPrivilegedChanges: boolean; channel?: string }
export interface AuditLogReviewFacts {
  lastReviewed: string | null;
  siemExport: boolean;
  siem?: string;
  retentionDays: number;
}
export interface DataGovernanceFacts {
  piiProperties: string[];
  deletionProcessDocumented: boolean;
  lastDeletionExercised: string | null;
}
export interface ServiceAccountOwner { username: string; owner: string; purpose: string }

/** Every slice the state can carry, by the name checks use in `requires`. */
export interface Slices {
  projects: Slice<Project[]>;
  members: Slice<Member[]>;
  teams: Slice<Team[]>;
  serviceAccounts: Slice<ServiceAccount[]>;
  scimUsers: Slice<ScimUser[]>;
  auditLog: Slice<AuditLog>;
  roster: Slice<RosterEntry[]>;
  lexicon: Slice<LexiconProperty[]>;
  sso: Slice<SsoFacts>;
  twoFactor: Slice<TwoFactorFacts>;
  idpMfa: Slice<IdpMfaFacts>;
  accessRequests: Slice<AccessRequestFacts>;
  scim: Slice<ScimFacts>;
  projectSecrets: Slice<ProjectSecretFacts>;
  accessReview: Slice<AccessReviewFacts>;
  adminMonitoring: Slice<AdminMonitoringFacts>;
  auditLogReview: Slice<AuditLogReviewFacts>;
  dataGovernance: Slice<DataGovernanceFacts>;
  serviceAccountOwners: Slice<ServiceAccountOwner[]>;
}

export type SliceName = keyof Slices;

export const SLICE_NAMES: readonly SliceName[] = [
  'projects', 'members', 'teams', 'serviceAccounts', 'scimUsers', 'auditLog', 'roster', 'lexicon',
  'sso', 'twoFactor', 'idpMfa', 'accessRequests', 'scim', 'projectSecrets', 'accessReview',
  'adminMonitoring', 'auditLogReview', 'dataGovernance', 'serviceAccountOwners',
];

/** Slices that only an administrator's attestation can fill. */
export const ATTESTED_SLICES: readonly SliceName[] = [
  'sso', 'twoFactor', 'idpMfa', 'accessRequests', 'scim', 'projectSecrets', 'accessReview',
  'adminMonitoring', 'auditLogReview', 'dataGovernance', 'serviceAccountOwners',
];

export interface OrgState {
  schemaVersion: typeof STATE_SCHEMA_VERSION;
  generatedAt: string;
  generator?: { name: string; version: string };
  organization: Organization;
  /** A slice that is absent counts as `missing`. */
  slices: Partial<Slices>;
}
