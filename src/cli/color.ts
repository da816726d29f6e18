import { Chalk, type ChalkInstance } from 'chalk';
import { UsageError } from '../core/errors.js';
import { COLOR_CHOICES, type ColorMode } from './color-option.js';

export { COLOR_CHOICES, colorOption, type ColorMode } from './color-option.js';

/** `--color` as given (`--no-color` arrives as false), case-insensitively. */
export function colorMode(value: unknown): ColorMode {
  if (value === false) return 'never';
  if (value === true || value === undefined || value === '') return value === true ? 'always' : 'auto';
  const v = String(value).toLowerCase();
  if ((COLOR_CHOICES as readonly string[]).includes(v)) return v as ColorMode;
  throw new UsageError(`--color must be one of ${COLOR_CHOICES.join(', ')} (got "${String(value)}")`);
}

/**
 * Whether to colour a stream. An explicit --color always/never wins; then FORCE_COLOR (0 or
 * false: no colour; any other value: colour, even into a pipe), then NO_COLOR (any non-empty
 * value), then TERM=dumb; otherwise colour only on a terminal.
 */
export function useColor(mode: ColorMode, env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  if (mode !== 'auto') return mode === 'always';
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTty;
}

export function chalkFor(mode: ColorMode, env: NodeJS.ProcessEnv, isTty: boolean): ChalkInstance {
  return new Chalk({ level: useColor(mode, env, isTty) ? 1 : 0 });
}
