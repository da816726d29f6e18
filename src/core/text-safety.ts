import { stripVTControlCharacters } from 'node:util';

/**
 * The one place that decides which characters of outside text (organization data, file contents,
 * server answers) may reach a reader. Every output that shows such text calls one of these: the
 * terminal (`terminalText`), Markdown (`plainLine`, through src/report/markdown.ts), CSV
 * (`csvCell`, through src/core/csv-text.ts), the HTML pages (`displayText` over the rendered page),
 * offboarding notices (`plainLine`).
 *
 * What is never shown, anywhere:
 * - C0 and C1 control characters (ESC starts terminal sequences; the others move the cursor, ring,
 *   or are invisible), DEL;
 * - bidirectional controls (U+202A-U+202E embeddings and overrides, U+2066-U+2069 isolates,
 *   U+200E/U+200F marks, U+061C): they make text read differently from what it is (a name that
 *   displays as "admin" but is not, a reversed file extension).
 * Line breaks (LF, CR, U+2028, U+2029) are dropped or kept depending on the output: a table cell
 * in CSV may hold them (quoted); a terminal line or a Markdown cell may not.
 */

/** Bidirectional formatting characters (Unicode's Bidi_Control property). */
const BIDI = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
/** Controls other than tab, LF and CR; DEL; C1. */
const CONTROLS = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f';
const LINE_BREAKS = '\\n\\r\\u2028\\u2029';

const UNSAFE = new RegExp(`[${CONTROLS}${BIDI}]`, 'g');
const UNSAFE_OR_BREAK = new RegExp(`[\\t${LINE_BREAKS}${CONTROLS}${BIDI}]+`, 'g');

/** Terminal escape sequences removed whole; the scan is skipped when no ESC or CSI could start one (a large page has none). */
function withoutEscapes(text: string): string {
  return text.includes('\u001b') || text.includes('\u009b') ? stripVTControlCharacters(text) : text;
}

/**
 * Text for a multi-line display (a CSV cell, an HTML page): terminal escape sequences (CSI, OSC
 * and the rest, as Node's own `util` recognises them) removed whole, so `ESC[2J` leaves nothing
 * behind rather than `[2J`; then every control but tab, CR and LF, and every bidirectional
 * control, removed; U+2028/U+2029 become LF.
 */
export function displayText(text: string): string {
  return withoutEscapes(text).replace(UNSAFE, '').replace(/[\u2028\u2029]/g, '\n');
}

/**
 * Text for a terminal: as `displayText`, without carriage returns (which would let a line
 * overwrite itself). Tabs and line feeds stay.
 */
export function terminalText(text: string): string {
  return displayText(text).replace(/\r/g, '');
}

/**
 * One line of plain text (a Markdown cell, a notice value, a mail header): escape sequences
 * removed, and every run of tabs, line breaks and controls becomes one space; trimmed.
 */
export function plainLine(text: string): string {
  return withoutEscapes(text).replace(UNSAFE_OR_BREAK, ' ').replace(/ {2,}/g, ' ').trim();
}

/**
 * Characters that make a spreadsheet read a cell as a formula when they lead it (OWASP's list,
 * with the full-width forms some spreadsheets also honour).
 */
const FORMULA_START = /^[\s\u00a0\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20]/;

/**
 * A CSV cell: `displayText`, then made inert for spreadsheets (CSV injection). A cell is prefixed
 * with an apostrophe, which makes it text, when it starts with a formula character, also after
 * leading whitespace or line breaks (" =1", "\r@SUM(1)": some spreadsheets trim them first), or
 * when it starts with a tab, CR or LF at all. Quoting is the writer's business (src/core/csv-text.ts).
 */
export function csvCell(text: string): string {
  const clean = displayText(text);
  return FORMULA_START.test(clean) || /^[\t\r\n]/.test(clean) ? `'${clean}` : clean;
}
