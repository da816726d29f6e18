import type { Status } from '../language/check.js';

/** How many results have each status: the unit of every summary, rollup and history entry. */
export type StatusCounts = Record<Status, number>;
