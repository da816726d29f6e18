import type { Operator } from './operator.js';

/** Numeric comparisons. A non-number on either side cannot be compared: unknown, never a pass. */
function numeric(symbol: string, test: (a: number, b: number) => boolean): Operator {
  return {
    apply(observed, arg) {
      const expected = `${symbol} ${String(arg)}`;
      if (typeof observed !== 'number' || typeof arg !== 'number') return { truth: 'unknown', expected };
      return { truth: test(observed, arg), expected };
    },
  };
}

export const gt = numeric('>', (a, b) => a > b);
export const gte = numeric('≥', (a, b) => a >= b);
export const lt = numeric('<', (a, b) => a < b);
export const lte = numeric('≤', (a, b) => a <= b);
