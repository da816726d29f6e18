/**
 * Parameter bounds (`paramBounds` in a check): a config override, a case's parameter and the
 * check's own default must lie within them, so that `minOwners: -5` or `maxUnused: P99999Y` is
 * refused as bad input instead of quietly turning a check into a pass.
 */
import { isDuration, shift } from '../core/duration.js';
import type { ParamBounds, ParamValue } from '../language/check.js';

/** Durations compare by their length from one fixed instant, so months and years count as calendar units. */
const ORIGIN = Date.UTC(2000, 0, 1);

function length(duration: string): number {
  return shift(ORIGIN, duration, 1) - ORIGIN;
}

/** The kind of bounds a parameter's default calls for, or undefined for one that takes none (a boolean). */
export function boundsKind(value: ParamValue): 'number' | 'duration' | 'list' | undefined {
  if (typeof value === 'number') return 'number';
  if (Array.isArray(value)) return 'list';
  if (isDuration(value)) return 'duration';
  return undefined;
}

const KEYS = { number: ['min', 'max'], duration: ['minDuration', 'maxDuration'], list: ['minItems', 'maxItems'] } as const;

/** What is wrong with a parameter's declared bounds, given its default (both ends, of the right kind). */
export function boundsDeclarationProblem(value: ParamValue, bounds: ParamBounds | undefined): string | undefined {
  const kind = boundsKind(value);
  if (kind === undefined) return bounds === undefined ? undefined : 'takes no bounds (it is neither a number, a duration nor a list)';
  const [lo, hi] = KEYS[kind];
  if (!bounds || bounds[lo] === undefined || bounds[hi] === undefined) return `needs bounds: ${lo} and ${hi}`;
  const wrong = Object.keys(bounds).filter((k) => k !== lo && k !== hi);
  if (wrong.length > 0) return `a ${kind} parameter takes ${lo} and ${hi}, not ${wrong.join(', ')}`;
  const low = kind === 'duration' ? length(bounds.minDuration!) : (bounds[lo] as number);
  const high = kind === 'duration' ? length(bounds.maxDuration!) : (bounds[hi] as number);
  if (low > high) return `${lo} is above ${hi}`;
  if (kind === 'duration' && low <= 0) return 'minDuration must be longer than zero';
  return undefined;
}

/** Why a value breaks a parameter's bounds (or its default's type), or undefined when it is within them. */
export function outOfBounds(value: ParamValue, declared: ParamValue, bounds: ParamBounds | undefined): string | undefined {
  const kind = boundsKind(declared);
  if (kind === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a finite number';
    if (bounds?.min !== undefined && value < bounds.min) return `must be >= ${bounds.min}`;
    if (bounds?.max !== undefined && value > bounds.max) return `must be <= ${bounds.max}`;
  } else if (kind === 'duration') {
    if (!isDuration(value)) return 'must be an ISO 8601 duration such as P90D or PT24H';
    const n = length(value);
    if (bounds?.minDuration !== undefined && n < length(bounds.minDuration)) return `must be at least ${bounds.minDuration}`;
    if (bounds?.maxDuration !== undefined && n > length(bounds.maxDuration)) return `must be at most ${bounds.maxDuration}`;
  } else if (kind === 'list') {
    if (!Array.isArray(value)) return 'must be a list';
    if (bounds?.minItems !== undefined && value.length < bounds.minItems) return `must have at least ${bounds.minItems} item(s)`;
    if (bounds?.maxItems !== undefined && value.length > bounds.maxItems) return `must have at most ${bounds.maxItems} items`;
  }
  return undefined;
}
