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

export function auditEventFrom(raw: JsonRecord, fallbackId?: string): AuditEventResult {
  const entity = isRecord(raw.entity) ? raw.entity : {};
  const eventId = optionalId(raw.id) ?? fallbackId;
  if (eventId === undefined) return { ok: false, problem: 'missing "id"' };
  const created = instant(raw.created);
  if (created === undefined) return { ok: false, problem: `"created" is missing or not a date-time` };
  const type = typeOf(raw, entity);
  if (type === undefined) return { ok: false, problem: 'missing the event type ("entity.type", or "entity.entity_type" and "entity.action")' };
  const payload = isRecord(entity.payload) ? entity.payload : undefined;
  const entityName = optionalString(entity.entity_name);
  return {
    ok: true,
    event: {
      id: eventId,
      created,
      type,
      userEmail: lowerEmail(raw.user_email) ?? null,
      userId: optionalId(raw.user_id) ?? null,
      projectId: optionalId(raw.project_id) ?? null,
      entityName: entityName ?? null,
      ...(payload === undefined ? {} : { payload }),
    },
  };
}

/** Newest first, then by id, so that snapshots of the same events are byte-identical. */
export function sortEvents(events: AuditEvent[]): AuditEvent[] {
  return events.sort((a, b) => Date.parse(b.created) - Date.parse(a.created) || a.id.localeCompare(b.id));
}
