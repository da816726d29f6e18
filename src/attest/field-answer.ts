/**
 * Reads a typed answer to one field's question into the value the attestations file holds, or
 * says why it cannot be used. Nothing is guessed: an answer that is not clearly one of the kind's
 * forms is refused and asked again.
 */
import { readInstant } from '../core/instant.js';
import { parseYesNo } from '../collect/inputs/input-values.js';
import type { FieldKind } from './section-guide.js';

export type Answer = { ok: true; value: unknown } | { ok: false; reason: string };

const EMAIL = /^[^@\s]+@[^@\s]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function date(text: string): Answer {
  const t = text.trim();
  if (!DATE.test(t) || !readInstant(t).ok) return { ok: false, reason: `"${t}" is not a date like 2026-05-31` };
  return { ok: true, value: t };
}

function list(text: string, each: (item: string) => string | undefined): Answer {
  const t = text.trim();
  if (t.toLowerCase() === 'none') return { ok: true, value: [] };
  const items = t.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) return { ok: false, reason: 'give the items separated by commas, or "none"' };
  for (const item of items) {
    const why = each(item);
    if (why) return { ok: false, reason: why };
  }
  return { ok: true, value: items };
}

/** How the kind is answered, for the prompt. */
export function answerForm(kind: Exclude<FieldKind, 'records'>): string {
  return {
    boolean: 'yes/no',
    date: 'YYYY-MM-DD',
    'date-or-never': 'YYYY-MM-DD or "never"',
    text: 'text',
    integer: 'a whole number',
    emails: 'emails separated by commas, or "none"',
    texts: 'items separated by commas, or "none"',
    ids: 'project ids separated by commas, or "none"',
  }[kind];
}

export function readAnswer(kind: Exclude<FieldKind, 'records'>, text: string): Answer {
  const t = text.trim();
  switch (kind) {
    case 'boolean': {
      const b = parseYesNo(t);
      return b === undefined ? { ok: false, reason: 'answer yes or no' } : { ok: true, value: b };
    }
    case 'date':
      return date(t);
    case 'date-or-never':
      return t.toLowerCase() === 'never' ? { ok: true, value: null } : date(t);
    case 'text':
      return t === '' ? { ok: false, reason: 'an answer is needed' } : { ok: true, value: t };
    case 'integer':
      return /^\d{1,5}$/.test(t) ? { ok: true, value: Number(t) } : { ok: false, reason: `"${t}" is not a whole number` };
    case 'emails':
      return list(t, (i) => (EMAIL.test(i) ? undefined : `"${i}" is not an email`));
    case 'texts':
      return list(t, () => undefined);
    case 'ids':
      return list(t, (i) => (/^[A-Za-z0-9_-]{1,200}$/.test(i) ? undefined : `"${i}" is not a project id`));
  }
}
