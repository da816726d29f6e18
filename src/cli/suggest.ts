/**
 * "Did you mean ...?" for a mistyped option: the known names within a small edit distance.
 * (yargs' recommendCommands() does the same for commands.)
 */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The closest known name to `word`, if it is close enough to be a typo (at most 2 edits, fewer for short words). */
export function closest(word: string, known: readonly string[]): string | undefined {
  const limit = word.length <= 4 ? 1 : 2;
  let best: { name: string; d: number } | undefined;
  for (const name of known) {
    const d = editDistance(word.toLowerCase(), name.toLowerCase());
    if (d <= limit && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}

/** yargs' "Unknown argument(s): a, b" with a suggestion for each that is close to a known option. */
export function withOptionSuggestions(message: string, knownOptions: readonly string[]): string {
  const m = /^Unknown arguments?: (.+)$/.exec(message);
  if (!m) return message;
  const hints = m[1]!.split(', ').map((arg) => {
    const name = closest(arg.replace(/^-+/, ''), knownOptions);
    return name ? `--${arg.replace(/^-+/, '')}: did you mean --${name}?` : undefined;
  }).filter(Boolean);
  return hints.length > 0 ? `${message}\n${hints.join('\n')}` : message;
}

/** The no-command message, naming every command the parser knows. */
export function nameACommand(commands: readonly string[]): string {
  const names = commands.map((c) => c.split(' ')[0]!);
  return `Name a command: ${names.slice(0, -1).join(', ')}${names.length > 1 ? ' or ' : ''}${names.at(-1) ?? ''}.`;
}
