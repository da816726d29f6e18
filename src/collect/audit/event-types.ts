/**
 * The audit-log event types the derived facts read, with the first day Mixpanel records each (the
 * "Available Since" column of Mixpanel's audit-log reference, docs/access-security/audit-log-reference).
 * An event type cannot be absent from a span it was not yet recorded in, so a fact that rests on
 * "no such event" holds only from that day on.
 */

/** The day each type the scanner reads became available, as an instant (start of that UTC day). */
export const AUDIT_TYPE_AVAILABLE_SINCE = {
  'session.logged_in': '2026-04-05T00:00:00Z',
  'invitation.sent': '2026-05-20T00:00:00Z',
  'invitation.accepted': '2026-05-20T00:00:00Z',
  'organization.user_added': '2026-05-20T00:00:00Z',
  'organization.user_removed': '2026-05-20T00:00:00Z',
  'project.default_access_granted': '2026-05-20T00:00:00Z',
  'project.default_access_revoked': '2026-05-20T00:00:00Z',
  'organization_access_security.twofactor_enabled': '2026-05-20T00:00:00Z',
  'organization_access_security.twofactor_disabled': '2026-05-20T00:00:00Z',
  'user.twofactor_enabled': '2026-04-05T00:00:00Z',
  'user.twofactor_disabled': '2026-08-16T00:00:00Z',
  'user.role_changed': '2026-05-20T00:00:00Z',
  'event_export.downloaded': '2026-04-05T00:00:00Z',
  'raw_event_export.requested': '2026-05-20T00:00:00Z',
  'profile_export.downloaded': '2026-04-05T00:00:00Z',
  'board.exported': '2026-04-05T00:00:00Z',
  'board.public_access_updated': '2026-04-05T00:00:00Z',
  'user_data_deletion.created': '2026-04-05T00:00:00Z',
} as const;

export type ReadAuditType = keyof typeof AUDIT_TYPE_AVAILABLE_SINCE;

/** Every type the derived facts need: the audit-log query asks for these alone (`types`). */
export const READ_AUDIT_TYPES = Object.keys(AUDIT_TYPE_AVAILABLE_SINCE) as ReadAuditType[];

/** The data-export events the guide's "monitor data exports" (4.1) asks to watch. */
export const DATA_EXPORT_TYPES: readonly ReadAuditType[] = [
  'event_export.downloaded', 'raw_event_export.requested', 'profile_export.downloaded', 'board.exported', 'board.public_access_updated',
];

export function isReadAuditType(type: string): type is ReadAuditType {
  return Object.hasOwn(AUDIT_TYPE_AVAILABLE_SINCE, type);
}

/**
 * How long Mixpanel keeps audit records, by plan (Mixpanel's audit-log page: 90 days on Free and
 * Growth, 2 years on Enterprise). Matched on the plan's name, lower-cased; any other name is unknown.
 */
export function retentionDaysOfPlan(plan: string | undefined): number | undefined {
  const p = plan?.trim().toLowerCase();
  if (p === undefined) return undefined;
  if (p === 'free' || p === 'growth') return 90;
  if (p === 'enterprise') return 730;
  return undefined;
}
