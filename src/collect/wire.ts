/**
 * Readers for JSON that came over the wire. Mixpanel's payloads are only partly specified (ids are
 * sometimes numbers, sometimes strings; fields may be null or absent), so each reader accepts the
 * variants seen in the specs and notes, and throws a ShapeError naming the field otherwise.
 */
import { MixpanelApiError } from '../mixpanel/api-error.js';
import { formatInstant, readEpoch, readInstant, type InstantReading } from '../core/instant.js';

export class ShapeError extends MixpanelApiError {
  constructor(what: string, detail: string) {
    super('malformed', `unexpected answer while ${what}: ${detail}`);
    this.name = 'ShapeError';
  }
}

export type JsonRecord = Record<string, unknown>;

export function isRecord(v: unknown): v is JsonRecord {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function record(v: unknown, what: string, field: string): JsonRecord {
  if (!isRecord(v)) throw new ShapeError(what, `${field} is not an object`);
  return v;
}

export function array(v: unknown, what: string, field: string): unknown[] {
  if (!Array.isArray(v)) throw new ShapeError(what, `${field} is not a list`);
  return v;
}

/** An id as a string, from a number or a non-empty string. */
export function id(v: unknown, what: string, field: string): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  throw new ShapeError(what, `${field} is not an id`);
}

export function optionalId(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  return undefined;
}

export function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function optionalBoolean(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

/**
 * Reads an instant as Mixpanel sends it: epoch seconds or milliseconds, or an ISO 8601 date or
 * date-time. Mixpanel's timestamps are UTC; one without a zone is read as UTC rather than in the
 * scanner's local zone. Strict and bounded (src/core/instant.ts): `2026-02-31` and a UTC year outside
 * 0000-9999 are refused with the reason.
 */
function readWireInstant(v: unknown): InstantReading | undefined {
  if (typeof v === 'number') return readEpoch(v);
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  return readInstant(v);
}

/** An instant in the state's form (`2026-01-02T03:04:05Z`), or undefined when absent or unreadable. */
export function instant(v: unknown): string | undefined {
  const r = readWireInstant(v);
  return r?.ok ? formatInstant(r.ms) : undefined;
}

/** Like `instant`, but a value that is present and unreadable is an error, not "unknown". */
export function instantField(v: unknown, what: string, field: string): string | null | undefined {
  if (v === null) return null;
  if (v === undefined) return undefined;
  const r = readWireInstant(v);
  if (r === undefined) throw new ShapeError(what, `${field} is not a date-time`);
  if (!r.ok) throw new ShapeError(what, `${field} is not a usable date-time: ${r.reason}`);
  return formatInstant(r.ms);
}

export function lowerEmail(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const e = v.trim().toLowerCase();
  return /^[^@\s]+@[^@\s]+$/.test(e) ? e : undefined;
}
