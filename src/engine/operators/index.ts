import { after } from './after.js';
import { before } from './before.js';
import { gt, gte, lt, lte } from './compare.js';
import { domainIn } from './domain-in.js';
import { eq } from './eq.js';
import { exists } from './exists.js';
import { inList } from './in.js';
import { intersects } from './intersects.js';
import { matches } from './matches.js';
import { ne } from './ne.js';
import { newerThan } from './newer-than.js';
import { notIn } from './not-in.js';
import { olderThan } from './older-than.js';
import type { Operator } from './operator.js';

/**
 * The scalar operators by name; `size`, `some`, `every` and `none` are structural (compile-predicate.ts),
 * and `supplied` reads whether a path was given, not its value (supplied.ts).
 */
export const SCALAR_OPERATORS = {
  exists, eq, ne, in: inList, notIn, intersects, gt, gte, lt, lte,
  olderThan, newerThan, before, after, matches, domainIn,
} satisfies Record<string, Operator>;

export type ScalarOperatorName = keyof typeof SCALAR_OPERATORS;

export function isScalarOperator(name: string): name is ScalarOperatorName {
  return Object.prototype.hasOwnProperty.call(SCALAR_OPERATORS, name);
}
