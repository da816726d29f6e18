/**
 * Cell and field values as administrators write them in exports and YAML: dates with or without a
 * time, yes/no words, emails in any case. Each parser returns undefined for "cannot read", so the
 * caller can report the place in the file.
 */
import { formatInstant } from '../../engine/duration.js';

/** `2026-01-31` (midnight UTC) or a date-time with a zone (or without one, read as UTC). */
export function parseInstant(text: string): string | undefined {
  const t = text.trim();
  let iso: string;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) iso = `${t}T00:00:00Z`;
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t)) iso = `${t.replace(' ', 'T')}Z`;
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(t)) iso = t.replace(' ', 'T');
  else return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : formatInstant(ms);
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'enabled', 'on', '1', 'active']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'disabled', 'off', '0', 'inactive']);

export function parseYesNo(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return undefined;
}

/** Words an export uses for "no date": the person never signed in, the engagement has no end. */
const NEVER_WORDS = new Set(['never', '-', 'n/a', 'na', 'none', 'null']);

export function isNeverWord(text: string): boolean {
  return NEVER_WORDS.has(text.trim().toLowerCase());
}

export function normalizeEmail(text: string): string | undefined {
  const e = text.trim().toLowerCase();
  return /^[^@\s]+@[^@\s]+$/.test(e) ? e : undefined;
}

/** Lower-cases a value that looks like an email; keeps anything else as written. */
export function lowerIfEmail(text: string): string {
  return normalizeEmail(text) ?? text;
}
