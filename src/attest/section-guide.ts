/**
 * What `attest` asks of a person for each section of the attestations file: the fact in one
 * sentence, where in Mixpanel (or beside it) to look to verify it, and the fields with their kinds.
 * Data only, in our own words; the click paths follow the hardening guide's sections and the
 * checks' remediation. The field list mirrors schemas/attestations.schema.json (a test holds them
 * together), so a new field there shows up here as a failing test, not as a silently missing prompt.
 */

/** How a field's answer is read and written. */
export type FieldKind =
  | 'boolean'
  | 'date'
  /** A date, or `never` (written as null): "no review was ever completed". */
  | 'date-or-never'
  | 'text'
  | 'integer'
  | 'emails'
  | 'texts'
  | 'ids'
  | 'records';

export interface FieldGuide {
  name: string;
  kind: FieldKind;
  /** The question, for a prompt and for the template's hint. */
  ask: string;
  /** Optional in the schema: the template says to delete the line when unknown; a prompt may be skipped. */
  optional?: boolean;
  /** For `records`: the fields of one item. */
  item?: FieldGuide[];
}

export interface SectionGuide {
  section: string;
  /** The hardening guide's section the fact belongs to. */
  guideSection: string;
  /** The fact a person vouches for. */
  fact: string;
  /** Where to look to verify it, step by step. */
  verify: string[];
  fields: FieldGuide[];
}

export const SECTION_GUIDES: readonly SectionGuide[] = [
  {
    section: 'sso',
    guideSection: '1.1',
    fact: 'Whether SAML single sign-on is set up, whether signing in through it is required, which email domains are claimed and verified, and which accounts keep a password login for emergencies.',
    verify: [
      'Organization Settings -> Access Security: find the SAML single sign-on part.',
      'Note whether a connection to the identity provider exists and whether "Require Users to Log In using SSO" is on.',
      'Note every claimed domain and whether Mixpanel shows it as verified.',
      'List the break-glass accounts that may still use a password, and whether each is documented.',
    ],
    fields: [
      { name: 'configured', kind: 'boolean', ask: 'Is an SSO connection configured and tested?' },
      { name: 'enforced', kind: 'boolean', ask: 'Is "Require Users to Log In using SSO" on?' },
      { name: 'claimedDomains', kind: 'records', ask: 'Claimed email domains', item: [
        { name: 'domain', kind: 'text', ask: 'Domain (e.g. example.com)' },
        { name: 'verified', kind: 'boolean', ask: 'Shown as verified?' },
      ] },
      { name: 'breakGlassAccounts', kind: 'records', ask: 'Break-glass accounts with a password login', item: [
        { name: 'email', kind: 'text', ask: 'Email of the account' },
        { name: 'documented', kind: 'boolean', ask: 'Is its use documented (who holds it, when it may be used)?' },
      ] },
    ],
  },
  {
    section: 'twoFactor',
    guideSection: '1.2',
    fact: 'Whether Mixpanel requires two-factor authentication of every member of the organization.',
    verify: [
      'Organization Settings -> Access Security: look at the two-factor authentication setting.',
      'Note whether "Require two-factor authentication" is on for the whole organization.',
    ],
    fields: [{ name: 'requiredOrgWide', kind: 'boolean', ask: 'Is two-factor authentication required organization-wide?' }],
  },
  {
    section: 'idpMfa',
    guideSection: '1.2',
    fact: 'How the identity provider behind SSO asks for a second factor: of every Mixpanel user, and with a phishing-resistant method for owners and admins.',
    verify: [
      'In the identity provider, open the sign-on (authentication) policy that applies to the Mixpanel application.',
      'Note whether it requires MFA of every user of the application.',
      'Note the factor required of the group holding Mixpanel owners and admins (security key, passkey, smart card are phishing-resistant; SMS, voice and push are not).',
    ],
    fields: [
      { name: 'phishingResistantForAdmins', kind: 'boolean', ask: 'Are owners and admins required to use a phishing-resistant factor?' },
      { name: 'requiredForAllUsers', kind: 'boolean', ask: 'Does the identity provider require MFA of every Mixpanel user?', optional: true },
      { name: 'method', kind: 'text', ask: 'The method required (e.g. FIDO2 security key)', optional: true },
    ],
  },
  {
    section: 'accessRequests',
    guideSection: '1.3',
    fact: 'Whether new access goes through Mixpanel\'s access requests, and who approves them.',
    verify: [
      'Organization Settings -> Access Security: open the access request settings.',
      'Note whether requests are enabled and the email of every approver.',
    ],
    fields: [
      { name: 'enabled', kind: 'boolean', ask: 'Are access requests enabled?' },
      { name: 'approvers', kind: 'emails', ask: 'Emails of the approvers' },
    ],
  },
  {
    section: 'scim',
    guideSection: '1.1',
    fact: 'Whether SCIM provisioning from the identity provider is on, so that a person disabled there is removed from Mixpanel.',
    verify: [
      'Organization Settings -> Access Security -> SCIM: note whether a SCIM token exists and is in use.',
      'In the identity provider, check that the Mixpanel application provisions and deactivates users.',
    ],
    fields: [
      { name: 'enabled', kind: 'boolean', ask: 'Is SCIM provisioning enabled?' },
      { name: 'idp', kind: 'text', ask: 'Which identity provider provisions users', optional: true },
    ],
  },
  {
    section: 'projectSecrets',
    guideSection: '3.1',
    fact: 'Whether any integration still authenticates with a project\'s deprecated API secret instead of a service account.',
    verify: [
      'Search code, CI variables and vendor integrations for the projects\' API secrets.',
      'Organization Settings -> Projects -> (each project) -> Access Keys: note the projects whose secret is still in use.',
    ],
    fields: [
      { name: 'inUse', kind: 'boolean', ask: 'Is a project secret still used to authenticate?' },
      { name: 'projects', kind: 'ids', ask: 'Ids of the projects whose secret is in use', optional: true },
    ],
  },
  {
    section: 'accessReview',
    guideSection: '2.1',
    fact: 'When the last periodic review of everyone\'s organization role, teams and project roles was completed.',
    verify: [
      'Organization Settings -> Users & Teams and Organization Settings -> Service Accounts: these are the lists the review covers.',
      'Find the record of the last completed review (ticket, signed sheet) and its date.',
    ],
    fields: [
      { name: 'lastCompleted', kind: 'date-or-never', ask: 'Date the last access review was completed (or "never")' },
      { name: 'reviewer', kind: 'text', ask: 'Who carried it out', optional: true },
    ],
  },
  {
    section: 'adminMonitoring',
    guideSection: '2.3',
    fact: 'Whether privileged changes (owner or admin grants, SSO or 2FA settings, new service accounts) raise an alert someone acts on.',
    verify: [
      'Organization Settings -> Organization Activity: confirm role, SSO, 2FA and service-account events are recorded.',
      'In the log platform or SIEM fed from it, find the alert rules for those events and the channel they go to.',
    ],
    fields: [
      { name: 'alertsOnPrivilegedChanges', kind: 'boolean', ask: 'Do privileged changes raise an alert?' },
      { name: 'channel', kind: 'text', ask: 'Where the alerts go', optional: true },
    ],
  },
  {
    section: 'auditLogReview',
    guideSection: '4.1',
    fact: 'When the organization\'s activity log was last reviewed, whether it is exported to a SIEM, and how long its records are kept.',
    verify: [
      'Organization Settings -> Organization Activity: this is the log reviewed.',
      'Find the record of the last review (who, when, which period) and the export job to the SIEM, if any.',
      'Note how many days of records are kept (in Mixpanel, or in the SIEM when exported).',
    ],
    fields: [
      { name: 'lastReviewed', kind: 'date-or-never', ask: 'Date of the last review of the activity log (or "never")' },
      { name: 'siemExport', kind: 'boolean', ask: 'Is the log exported to a SIEM or log platform?' },
      { name: 'siem', kind: 'text', ask: 'Which SIEM', optional: true },
      { name: 'retentionDays', kind: 'integer', ask: 'Days of records kept' },
    ],
  },
  {
    section: 'dataGovernance',
    guideSection: '3.2',
    fact: 'Which event or profile properties hold personal data, whether the deletion procedure (GDPR/CCPA) is written down, and when it was last carried out.',
    verify: [
      'Lexicon of each project: list the properties that hold personal data.',
      'Find the written deletion procedure, and the id and date of the last deletion request completed.',
    ],
    fields: [
      { name: 'piiProperties', kind: 'texts', ask: 'Properties holding personal data' },
      { name: 'deletionProcessDocumented', kind: 'boolean', ask: 'Is the deletion procedure documented?' },
      { name: 'lastDeletionExercised', kind: 'date-or-never', ask: 'Date a deletion was last carried out (or "never")' },
    ],
  },
  {
    section: 'serviceAccountOwners',
    guideSection: '3.1',
    fact: 'Who is accountable for each service account and what it is for.',
    verify: [
      'Organization Settings -> Service Accounts: list every account by username.',
      'For each, name the accountable person and the integration that uses it.',
    ],
    fields: [
      { name: 'accounts', kind: 'records', ask: 'Service accounts', item: [
        { name: 'username', kind: 'text', ask: 'Username of the service account' },
        { name: 'owner', kind: 'text', ask: 'Accountable person (email or name)' },
        { name: 'purpose', kind: 'text', ask: 'What it is used for' },
      ] },
    ],
  },
  {
    section: 'projects',
    guideSection: '2.2',
    fact: 'For each project: its environment, whether it holds sensitive data, and the role every member gets by default.',
    verify: [
      'Organization Settings -> Projects: list the projects by id.',
      'For each, note whether it is production, staging or development, and whether it holds sensitive data.',
      'Project Settings -> Access: note the default role members of the organization get, if any.',
    ],
    fields: [
      { name: 'labels', kind: 'records', ask: 'Project labels', item: [
        { name: 'id', kind: 'text', ask: 'Project id' },
        { name: 'environment', kind: 'text', ask: 'Environment: production, staging, development, test or other', optional: true },
        { name: 'sensitive', kind: 'boolean', ask: 'Does it hold sensitive data?', optional: true },
        { name: 'defaultAccessRole', kind: 'text', ask: 'Default role of every member (or leave out)', optional: true },
      ] },
    ],
  },
];

/** The signature every section carries. */
export const SIGNATURE_FIELDS = ['attestedBy', 'attestedAt', 'evidence', 'expires'] as const;

export function sectionGuide(section: string): SectionGuide | undefined {
  return SECTION_GUIDES.find((g) => g.section === section);
}
