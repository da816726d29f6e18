import type { OperatorName } from '../../language/check.js';
import { after } from './after.js';
import { before } from './before.js';
import { gt, gte, lt, lte } from './compare.js';
import { contains } from './contains.js';
import { domainIn } from './domain-in.js';
import { eq } from './eq.js';
import { exists } from './exists.js';
import { inList } from './in.js';
import { matches } from './matches.js';
import { ne } from './ne.js';
import { newerThan } from './newer-than.js';
import { notContains } from './not-contains.js';
import { notIn } from './not-in.js';
import { olderThan } from './older-than.js';
import type { Operator } from './operator.js';
import { every, none, some } from './quantifiers.js';
import { size } from './size.js';

export const OPERATORS: Record<OperatorName, Operator> = {
  exists, eq, ne, in: inList, notIn, contains, notContains, gt, gte, lt, lte,
  olderThan, newerThan, before, after, matches, domainIn, size, some, every, none,
};
