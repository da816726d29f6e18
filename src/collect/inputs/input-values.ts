/**
 * Cell and field values as administrators write them in exports and YAML: dates with or without a
 * time, yes/no words, emails in any case. Each parser returns undefined for "cannot read", so the
 * caller can report the place in the file.
 */
import { formatInstant, NOT_A_DATE_SHAPE, readInstant } from '../../core/instant.js';

/**
 * `2026-01-31` (midnight UTC) or a date-time with a zone (or without one, read as UTC), in the
 * state's form; or the reason it is refused. Strict and bounded (src/core/instant.ts): `2026-02-31`
 * and a UTC year outside 0000-9999 are not dates.
 */
export function readInstantText(text: string): { ok: true; text: string } | { ok: false; reason: string } {
  const r = readInstant(text);
  return r.ok ? { ok: true, text: formatInstant(r.ms) } : r;
}

/** `": <reason>"` when the reason says more than "not a date" (a day that does not exist, a year out of range). */
export function dateReason(reason: string): string {
  return reason === NOT_A_DATE_SHAPE ? '' : `: ${reason}`;
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
