import type { Operator } from './operator.js';

/** Numeric comparisons. A non-number on either side cannot be compared: unknown, never a pass. */
function numeric(symbol: string, compare: (a: number, b: number) => boolean): Operator {
  const op: Operator = {
    test(observed, arg) {
      if (typeof observed !== 'number' || typeof arg !== 'number') return 'unknown';
      return compare(observed, arg);
    },
    describe: (arg) => `${symbol} ${String(arg)}`,
  };
  return op;
}

export const gt = numeric('>', (a, b) => a > b);
export const gte = numeric('≥', (a, b) => a >= b);
export const lt = numeric('<', (a, b) => a < b);
export const lte = numeric('≤', (a, b) => a <= b);
