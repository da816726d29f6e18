/**
 * Observed and expected values as an auditor reads them in the HTML report: sentences and short
 * lists, never raw JSON cut mid-word. A long list shows its first items and its size, with every
 * item the report holds one click away (a <details> in the template).
 */

/** Items shown before a list is summarised. */
export const LIST_PREVIEW = 5;
/** Characters of one text before it is cut (at a word boundary). */
export const MAX_TEXT = 300;

export interface ValueView {
  /** The sentence shown in the cell. */
  text: string;
  /** Every item the report holds, when `text` summarises a longer list. */
  full?: string[];
  /** Said under the full list: where the rest is when the report itself holds only the first items. */
  fullNote?: string;
}

/** Cuts at the last space before `max` characters, saying how much was left out. */
export function cutText(text: string, max = MAX_TEXT): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const space = head.lastIndexOf(' ');
  const kept = space > max / 2 ? head.slice(0, space) : head;
  return `${kept} … (${text.length - kept.length} more characters in report.json)`;
}

function scalar(v: unknown): string {
  if (v === null) return 'no value';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return 'an empty record';
    return entries.map(([k, x]) => `${k} ${scalar(x)}`).join(', ');
  }
  return String(v);
}

/** "a", "a and b", "a, b and c" (or "or"). */
export function joinWords(items: string[], word: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${word} ${items.at(-1)}`;
}

function listView(items: unknown[], total: number, word: 'and' | 'or' = 'and'): ValueView {
  const words = items.map((x) => cutText(scalar(x)));
  if (total === 0) return { text: 'none (an empty list)' };
  if (total <= LIST_PREVIEW) return { text: joinWords(words, word) };
  const shown = words.slice(0, LIST_PREVIEW).join(', ');
  return {
    text: `${total} items: ${shown} and ${total - LIST_PREVIEW} more`,
    full: words,
    ...(words.length < total ? { fullNote: `The report holds the first ${words.length} of ${total}; every one is in the state snapshot the scan read.` } : {}),
  };
}

function isAbbreviated(v: unknown): v is { length: number; first: unknown[] } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 2 && typeof (v as { length?: unknown }).length === 'number' && Array.isArray((v as { first?: unknown }).first);
}

/** An observed value in words: absent, no value, a list with its size, a record as "field value" pairs. */
export function observedView(value: unknown, status?: string): ValueView {
  // A finding a person must check (manual) with no value: the data did not say, which is not "no".
  if (value === undefined || (value === null && status === 'manual')) return { text: 'not known: the source did not give it' };
  if (isAbbreviated(value)) return listView(value.first, value.length);
  if (Array.isArray(value)) return listView(value, value.length);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return { text: 'nothing recorded' };
    // One sentence part per field; a list field is shortened in place.
    const parts = entries.map(([k, v]) => {
      const inner = isAbbreviated(v) ? listView(v.first, v.length) : Array.isArray(v) ? listView(v, v.length) : { text: scalar(v) };
      return `${k} is ${inner.text}`;
    });
    return { text: cutText(parts.join('; ')) };
  }
  return { text: cutText(scalar(value)) };
}

/**
 * The expected text with its JSON lists (`one of ["a","b"]`) in words: short lists written out with
 * "or" (any one value meets it), long ones as their size and first items with the full list aside.
 */
export function expectedView(expected: string): ValueView {
  let full: string[] | undefined;
  // The engine shortens long lists in place as `["a","b",… (40 values)]`; the count is kept.
  const text = expected.replace(/\[((?:"(?:[^"\\]|\\.)*"(?:,"(?:[^"\\]|\\.)*")*)?)(?:,… \((\d+) values\))?\]/g, (json, body: string | undefined, count: string | undefined) => {
    let items: unknown[];
    try {
      items = JSON.parse(`[${body ?? ''}]`) as unknown[];
    } catch {
      return json;
    }
    const total = count ? Number(count) : items.length;
    const view = listView(items, total, 'or');
    if (view.full && !full) full = view.full;
    return view.full ? `${total} values (${items.slice(0, LIST_PREVIEW).map(scalar).join(', ')} …)` : view.text;
  });
  return { text: cutText(text), ...(full ? { full } : {}) };
}
