/**
 * One audit-log entry in the state's form, from the platform API's `AuditLog` object (the NDJSON
 * export has the same fields). The HTTP request and response headers of the entry are dropped on
 * purpose: they can hold other callers' credentials, and no check reads them.
 */
import type { AuditEvent } from '../state/org-state.js';
import { instant, isRecord, lowerEmail, optionalId, optionalString, type JsonRecord } from './wire.js';

export type AuditEventResult = { ok: true; event: AuditEvent } | { ok: false; problem: string };

/** `<entity_type>.<action>` from `entity.type`, else its parts, else a flat `type`. */
function typeOf(raw: JsonRecord, entity: JsonRecord): string | undefined {
  const direct = optionalString(entity.type);
  if (direct) return direct;
  const entityType = optionalString(entity.entity_type);
  const action = optionalString(entity.action);
  if (entityType && action) return `${entityType}.${action}`;
  return optionalString(raw.type) || undefined;
}

/** `{ [key]: value }` when the source gave a readable value or an explicit null; `{}` otherwise. */
function nullable<K extends string>(key: K, v: unknown, read: (v: unknown) => string | undefined): { [P in K]?: string | null } {
  if (v === null) return { [key]: null } as { [P in K]?: string | null };
  const value = read(v);
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string | null };
}

export function auditEventFrom(raw: JsonRecord, fallbackId?: string): AuditEventResult {
  const entity = isRecord(raw.entity) ? raw.entity : {};
  const eventId = optionalId(raw.id) ?? fallbackId;
  if (eventId === undefined) return { ok: false, problem: 'missing "id"' };
  const created = instant(raw.created);
  if (created === undefined) return { ok: false, problem: `"created" is missing or not a date-time` };
  const type = typeOf(raw, entity);
  if (type === undefined) return { ok: false, problem: 'missing the event type ("entity.type", or "entity.entity_type" and "entity.action")' };
  const payload = isRecord(entity.payload) ? entity.payload : undefined;
  const ttl = instant(raw.ttl_timestamp);
  return {
    ok: true,
    event: {
      id: eventId,
      created,
      type,
      // null only where the source said null; a field it left out stays unknown.
      ...nullable('userEmail', raw.user_email, lowerEmail),
      ...nullable('userId', raw.user_id, optionalId),
      // Always sent (a string); organization-level events carry "", i.e. no project.
      ...nullable('projectId', raw.project_id === '' ? null : raw.project_id, optionalId),
      ...nullable('entityName', entity.entity_name, optionalString),
      ...(payload === undefined ? {} : { payload }),
      ...(ttl === undefined ? {} : { ttl }),
    },
  };
}

/** Newest first, then by id, so that snapshots of the same events are byte-identical. */
export function sortEvents(events: AuditEvent[]): AuditEvent[] {
  return events.sort((a, b) => Date.parse(b.created) - Date.parse(a.created) || a.id.localeCompare(b.id));
}
