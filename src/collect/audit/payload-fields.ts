/**
 * The payload field names the derived facts read. Mixpanel's audit-log reference documents the event
 * types and the entry's envelope (`user_email`, `project_id`, `entity.entity_name`), but not what an
 * entity's `payload` holds: every name below is an assumption, kept here so that there is one
 * place to correct when a real payload shows otherwise. A payload that holds none of them leaves
 * the value unknown (a role change whose new role is unknown is never ruled harmless).
 */

/** Where an event names the person it is about, after `entity.entity_name` (tried first). */
export const SUBJECT_EMAIL_FIELDS = ['email', 'user_email', 'target_email', 'invitee_email'] as const;

/** `user.role_changed`: the role given, and the role held before. */
export const NEW_ROLE_FIELDS = ['new_role', 'role', 'to_role', 'role_name'] as const;
export const PREVIOUS_ROLE_FIELDS = ['old_role', 'previous_role', 'from_role'] as const;

/** `project.default_access_granted`: the role every member gets. */
export const DEFAULT_ACCESS_ROLE_FIELDS = ['role', 'default_role', 'role_name'] as const;

/**
 * The organization role a role change names as its new role, compared lower-cased. A role change
 * is about the organization when the entry's `project_id` is null or empty (an organization-level
 * setting) and about a project when it names one; project roles are not organization ownership.
 */
export const ORG_OWNER_ROLE = 'owner';
