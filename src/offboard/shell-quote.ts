/**
 * Quotes a value for a POSIX shell command line shown to people (the HTML reports print commands
 * built from organization data). Plain values stay readable; anything else goes in single quotes,
 * so an address like `a@x.com; rm -rf ~` is one argument, never a second command.
 */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9@%+=:,./_-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
