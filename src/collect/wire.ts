/**
 * Readers for JSON that came over the wire. Mixpanel's payloads are only partly specified (ids are
 * sometimes numbers, sometimes strings; fields may be null or absent), so each reader accepts the
 * variants seen in the specs and notes, and throws a ShapeError naming the field otherwise.
 */
import { MixpanelApiError } from '../mixpanel/api-error.js';
import { formatInstant } from '../engine/duration.js';

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
 * An instant in the state's form (`2026-01-02T03:04:05Z`). Mixpanel's timestamps are UTC; one
 * without a zone is read as UTC rather than in the scanner's local zone.
 */
export function instant(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) {
    // Epoch seconds or milliseconds.
    return formatInstant(v < 1e12 ? v * 1000 : v);
  }
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  let text = v.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) text += 'T00:00:00Z';
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) text = `${text.replace(' ', 'T')}Z`;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : formatInstant(ms);
}

/** Like `instant`, but a value that is present and unreadable is an error, not "unknown". */
export function instantField(v: unknown, what: string, field: string): string | null | undefined {
  if (v === null) return null;
  if (v === undefined) return undefined;
  const at = instant(v);
  if (at === undefined) throw new ShapeError(what, `${field} is not a date-time`);
  return at;
}

export function lowerEmail(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const e = v.trim().toLowerCase();
  return /^[^@\s]+@[^@\s]+$/.test(e) ? e : undefined;
}
