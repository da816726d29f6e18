// The global --color option alone, without chalk: every command line parses it, few paint with it.
export const COLOR_CHOICES = ['auto', 'always', 'never'] as const;
export type ColorMode = (typeof COLOR_CHOICES)[number];

/** The global `--color` option; `--no-color` is yargs' negation of it (false). */
export const colorOption = {
  type: 'string',
  describe: 'Colour the terminal output: auto (a terminal that is not TERM=dumb, unless NO_COLOR or FORCE_COLOR say otherwise), always or never; --no-color is never',
  default: 'auto',
  choices: [...COLOR_CHOICES],
  // Runs before yargs checks the choices: --no-color (false) is never, any case is accepted.
  coerce: (v: unknown) => (v === false ? 'never' : v === true ? 'always' : typeof v === 'string' ? v.toLowerCase() : v),
} as const;

