import { plainLine } from '../core/text-safety.js';

/**
 * Text from an organization (names, resource ids, messages) goes into Markdown that GitHub renders
 * in job summaries and pull request comments. It must stay text: no HTML tags, no links or images,
 * no table breaks, and no @mentions that would notify people. These helpers make it so; which
 * characters may appear at all is decided in src/core/text-safety.ts.
 */

/**
 * Words that GitHub would turn into a link or a notification even with every Markdown character
 * escaped: an @mention or an email address (a backslash does not stop either), a bare URL or
 * `www.` host (GFM's extended autolinks), a `mailto:`/`xmpp:` address, an issue reference. GitHub
 * links none of them inside a code span, and a code span keeps the word exactly as it is, so a
 * copied address still works (no invisible characters inserted).
 */
const LINKABLE = /@|:\/\/|www\.|mailto:|xmpp:|#\d|gh-\d/i;

function escapeWord(word: string): string {
  if (LINKABLE.test(word)) return mdCode(word);
  return word
    .replace(/[\\`*_{}[\]()!|<>~]/g, (c) => `\\${c}`)
    // Character references (&lt;) would otherwise be decoded into the characters escaped above.
    .replace(/&/g, '&amp;');
}

/** One line of inline text, with Markdown and HTML syntax escaped and linkable words in code spans. */
export function mdText(value: string): string {
  return plainLine(value).split(' ').map(escapeWord).join(' ');
}

/**
 * An identifier as inline code: safe from formatting, links and mentions. Backticks are replaced;
 * a pipe is escaped because GFM splits table cells on it even inside code spans.
 */
export function mdCode(value: string): string {
  const clean = plainLine(value).replace(/`/g, "'").replace(/\|/g, '\\|');
  return clean === '' ? '' : `\`${clean}\``;
}

export function mdTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
