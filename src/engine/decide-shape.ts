/**
 * Whether a predicate is a `decideIf` (decide-node.ts). Kept apart from the node so that memo.ts,
 * which the evaluation context imports, can recognise the shape without importing the engine.
 */
import type { DecideIf, Predicate } from '../language/check.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Whether a predicate is a `decideIf` (the loader has checked its shape against the schema). */
export function isDecideIf(pred: Predicate): pred is DecideIf {
  const p = pred as Record<string, unknown>;
  return isObject(p.decideIf) && (p.then === undefined || isObject(p.then)) && typeof p.because === 'string';
}
