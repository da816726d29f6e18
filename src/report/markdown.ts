/**
 * Text from an organization (names, resource ids, messages) goes into Markdown that GitHub renders
 * in job summaries and pull request comments. It must stay text: no HTML tags, no links or images,
 * no table breaks, and no @mentions that would notify people. These helpers make it so.
 */

/** One line of inline text, with Markdown and HTML syntax escaped. */
export function mdText(value: string): string {
  return value
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x1f\x7f]+/g, ' ')
    .replace(/[\\`*_{}[\]()!|<>~]/g, (c) => `\\${c}`)
    // Character references (&lt;) would otherwise be decoded into the characters escaped above.
    .replace(/&/g, '&amp;')
    // A backslash does not stop a mention; a zero-width joiner after @ does, and stays invisible.
    .replace(/@/g, '@\u200d')
    .trim();
}

/**
 * An identifier as inline code: safe from formatting and mentions. Backticks are replaced; a pipe
 * is escaped because GFM splits table cells on it even inside code spans.
 */
export function mdCode(value: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\x00-\x1f\x7f]+/g, ' ').replace(/`/g, "'").replace(/\|/g, '\\|').trim();
  return clean === '' ? '' : `\`${clean}\``;
}

export function mdTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
