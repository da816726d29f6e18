/**
 * Facts derived from the audit log's events: last logins, pending invitations, default project
 * access, 2FA and role changes, re-added accounts, data exports, deletion requests and retention.
 * Pure: the same log gives the same facts. Each fact rests only on events of its types, and
 * `coverageOf` says from when each type is complete, so a reader can tell "no event" from "not
 * recorded yet".
 *
 * Mixpanel documents the event types but not their payloads. The subject of an event is read from
 * what the API does document (`user_email` for the person who acted, `entity.entity_name`), and a
 * payload's fields only where an email or role is plainly named; an event whose subject cannot be
 * read is listed in `unattributed` and never matched to anyone.
 */
import type { AuditEvent, AuditFacts, AuditLog, AuditRoleChange, AuditTypeCoverage } from '../../state/org-state.js';
import { lowerEmail, optionalString } from '../wire.js';
import { AUDIT_TYPE_AVAILABLE_SINCE, DATA_EXPORT_TYPES, READ_AUDIT_TYPES, retentionDaysOfPlan } from './event-types.js';
import { DEFAULT_ACCESS_ROLE_FIELDS, NEW_ROLE_FIELDS, PREVIOUS_ROLE_FIELDS, SUBJECT_EMAIL_FIELDS } from './payload-fields.js';

const PRIVILEGED_ROLES = new Set(['owner', 'admin']);
const DAY_MS = 86_400_000;

/**
 * The fewest days Mixpanel keeps audit records on any plan (90 on Free and Growth; two years on
 * Enterprise): what a read from the API can be trusted to reach back when the retention is unknown.
 */
export const MIN_MIXPANEL_RETENTION_DAYS = 90;

/**
 * From when each type the facts read is complete up to the window's end; absent when never. A read
 * from Mixpanel's API (`keptDays`: how long Mixpanel keeps the records) reaches back no further than
 * that retention, whatever window was asked for: an expired login is absent, not "no login".
 */
export function coverageOf(window: AuditLog['window'], types: readonly string[] | undefined, keptDays?: number): AuditTypeCoverage[] {
  const end = Date.parse(window.end);
  const start = keptDays === undefined ? Date.parse(window.start) : Math.max(Date.parse(window.start), end - keptDays * DAY_MS);
  return READ_AUDIT_TYPES.map((type) => {
    const availableSince = AUDIT_TYPE_AVAILABLE_SINCE[type];
    const available = Date.parse(availableSince);
    // A type left out of a filtered query is not in the record at all.
    const asked = types === undefined || types.includes(type);
    const covered = asked && available <= end ? new Date(Math.max(start, available)).toISOString().replace('.000Z', 'Z') : undefined;
    return { type, availableSince, ...(covered === undefined ? {} : { coveredSince: covered }) };
  });
}

/** The email the event is about: the entity's name when it is an email, else the payload's email. */
export function subjectEmail(e: AuditEvent): string | undefined {
  const fromEntity = lowerEmail(e.entityName ?? undefined);
  if (fromEntity !== undefined) return fromEntity;
  const p = e.payload ?? {};
  for (const key of SUBJECT_EMAIL_FIELDS) {
    const v = lowerEmail(p[key]);
    if (v !== undefined) return v;
  }
  return undefined;
}

function payloadText(e: AuditEvent, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const v = optionalString(e.payload?.[key]);
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return undefined;
}

function by(e: AuditEvent): { by?: string | null } {
  return e.userEmail === undefined ? {} : { by: e.userEmail };
}

function ref(e: AuditEvent): { eventId: string; at: string; by?: string | null } {
  return { eventId: e.id, at: e.created, ...by(e) };
}

function roleChange(e: AuditEvent): AuditRoleChange {
  const target = subjectEmail(e);
  const role = payloadText(e, NEW_ROLE_FIELDS);
  const previousRole = payloadText(e, PREVIOUS_ROLE_FIELDS);
  return {
    ...ref(e),
    ...(target === undefined ? {} : { target }),
    ...(e.projectId === undefined ? {} : { projectId: e.projectId }),
    ...(role === undefined ? {} : { role, privileged: PRIVILEGED_ROLES.has(role.toLowerCase()) }),
    ...(previousRole === undefined ? {} : { previousRole }),
    notPrivileged: role !== undefined && !PRIVILEGED_ROLES.has(role.toLowerCase()),
  };
}

/**
 * How long the records are kept: the shortest `ttl_timestamp - created` of the events (whole days),
 * else the plan's documented retention. Absent when neither says.
 */
function retention(events: readonly AuditEvent[], plan: string | undefined): Pick<AuditFacts, 'retentionDays' | 'retentionFrom'> {
  let days: number | undefined;
  for (const e of events) {
    if (e.ttl === undefined) continue;
    const d = Math.floor((Date.parse(e.ttl) - Date.parse(e.created)) / DAY_MS);
    if (d >= 1 && (days === undefined || d < days)) days = d;
  }
  if (days !== undefined) return { retentionDays: days, retentionFrom: 'ttl_timestamp' };
  const fromPlan = retentionDaysOfPlan(plan);
  return fromPlan === undefined ? {} : { retentionDays: fromPlan, retentionFrom: 'plan' };
}

export function deriveAuditFacts(log: Pick<AuditLog, 'events'>, plan?: string): AuditFacts {
  // Oldest first, so that "later" is simply "further on"; ties by id for a stable order.
  const events = [...log.events].sort((a, b) => Date.parse(a.created) - Date.parse(b.created) || a.id.localeCompare(b.id));
  const unattributed: AuditFacts['unattributed'] = [];
  const lastLogin = new Map<string, AuditEvent>();
  const invited = new Map<string, AuditEvent>();
  const removed = new Map<string, AuditEvent>();
  const defaultAccess = new Map<string, AuditEvent>();
  const reAdded: AuditFacts['reAdded'] = [];
  const facts: AuditFacts = {
    lastLogins: [], pendingInvitations: [], defaultAccess: [], twoFactorRequirement: [], userTwoFactorDisabled: [],
    roleChanges: [], reAdded, dataExports: [], userDataDeletions: [], unattributed,
  };
  const unreadable = (e: AuditEvent, why: string) => unattributed.push({ eventId: e.id, type: e.type, why });

  for (const e of events) {
    switch (e.type) {
      case 'session.logged_in': {
        // The person who signed in is the one who acted.
        const email = e.userEmail ?? undefined;
        if (email === undefined) unreadable(e, 'no user_email');
        else lastLogin.set(email, e);
        break;
      }
      case 'invitation.sent': {
        const email = subjectEmail(e);
        if (email === undefined) unreadable(e, 'the invited email is not named (entity_name or payload email)');
        else invited.set(email, e);
        break;
      }
      case 'invitation.accepted':
      case 'organization.user_added': {
        // The person accepting is the actor; an addition names the person added.
        const email = e.type === 'invitation.accepted' ? (e.userEmail ?? subjectEmail(e)) : subjectEmail(e);
        if (email === undefined) {
          unreadable(e, 'the person is not named');
          break;
        }
        const invitation = invited.get(email);
        invited.delete(email);
        // Back in the organization after a removal, whether added (SCIM, an admin) or by accepting a
        // new invitation: a re-add either way. Who let them back in: the adder, or the inviter.
        const gone = removed.get(email);
        if (gone) {
          const by = e.type === 'invitation.accepted' ? invitation?.userEmail : e.userEmail;
          reAdded.push({ email, removedAt: gone.created, removedEventId: gone.id, addedAt: e.created, addedEventId: e.id, ...(by === undefined ? {} : { addedBy: by }) });
          removed.delete(email);
        }
        break;
      }
      case 'organization.user_removed': {
        const email = subjectEmail(e);
        if (email === undefined) unreadable(e, 'the removed person is not named');
        else {
          removed.set(email, e);
          // Whatever the removal was (of a member, or of the invitation itself), no invitation of
          // that address is known to be open after it.
          invited.delete(email);
        }
        break;
      }
      case 'project.default_access_granted':
      case 'project.default_access_revoked':
        if (e.projectId === undefined || e.projectId === null) unreadable(e, 'no project_id');
        else defaultAccess.set(e.projectId, e);
        break;
      case 'organization_access_security.twofactor_enabled':
      case 'organization_access_security.twofactor_disabled':
        facts.twoFactorRequirement.push({ ...ref(e), enabled: e.type.endsWith('_enabled') });
        break;
      case 'user.twofactor_disabled': {
        const email = e.userEmail ?? subjectEmail(e);
        facts.userTwoFactorDisabled.push({ ...ref(e), ...(email === undefined ? {} : { email }) });
        if (email === undefined) unreadable(e, 'no user_email');
        break;
      }
      case 'user.role_changed':
        facts.roleChanges.push(roleChange(e));
        break;
      case 'user_data_deletion.created':
        facts.userDataDeletions.push({ ...ref(e), ...(e.projectId === undefined ? {} : { projectId: e.projectId }) });
        break;
      default:
        if ((DATA_EXPORT_TYPES as readonly string[]).includes(e.type)) {
          facts.dataExports.push({
            ...ref(e), type: e.type,
            ...(e.projectId === undefined ? {} : { projectId: e.projectId }),
            ...(e.entityName === undefined ? {} : { entityName: e.entityName }),
          });
        }
    }
  }
  for (const [email, e] of lastLogin) facts.lastLogins.push({ ...ref(e), email });
  for (const [email, e] of invited) facts.pendingInvitations.push({ ...ref(e), email });
  for (const [projectId, e] of defaultAccess) {
    const role = e.type === 'project.default_access_granted' ? payloadText(e, DEFAULT_ACCESS_ROLE_FIELDS) : undefined;
    facts.defaultAccess.push({ ...ref(e), projectId, granted: e.type === 'project.default_access_granted', ...(role === undefined ? {} : { role }) });
  }
  const newestFirst = <T extends { at: string }>(list: T[]) => list.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  for (const list of [facts.lastLogins, facts.pendingInvitations, facts.defaultAccess, facts.twoFactorRequirement, facts.userTwoFactorDisabled, facts.roleChanges, facts.dataExports, facts.userDataDeletions]) {
    newestFirst(list as { at: string }[]);
  }
  reAdded.sort((a, b) => Date.parse(b.addedAt) - Date.parse(a.addedAt));
  return { ...facts, ...retention(log.events, plan) };
}

/**
 * The log with its coverage and derived facts. `fromMixpanel`: read from the API, so the coverage
 * stops at Mixpanel's retention (known from the entries or the plan, else the shortest of any plan);
 * an export file (a SIEM's copy, say) claims its own window.
 */
export function withAuditFacts(log: AuditLog, plan?: string, fromMixpanel = false): AuditLog {
  const facts = deriveAuditFacts(log, plan);
  const keptDays = fromMixpanel ? (facts.retentionDays ?? MIN_MIXPANEL_RETENTION_DAYS) : undefined;
  return { ...log, coverage: coverageOf(log.window, log.types, keptDays), facts };
}
