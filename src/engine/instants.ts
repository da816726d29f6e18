/**
 * Dates as the engine reads them. A state's dates (`lastActive`, `created`, `expires`) are read by
 * several checks, each once per item; parsing the same string again for every check was a large
 * share of evaluation. The scan keeps one map from date text to instant (runChecks creates it),
 * so each distinct text is parsed once per scan.
 */
import { toInstant } from '../core/duration.js';
import type { EvalContext } from './context.js';

/** Epoch milliseconds of a date or date-time string, or undefined when the value is not one. */
export function instantOf(value: unknown, ctx: EvalContext): number | undefined {
  if (typeof value !== 'string') return undefined;
  const cache = ctx.instants;
  if (!cache) return toInstant(value);
  let ms = cache.get(value);
  if (ms === undefined) {
    ms = toInstant(value) ?? Number.NaN;
    cache.set(value, ms);
  }
  return Number.isNaN(ms) ? undefined : ms;
}
