/**
 * The undocumented org routes are untyped: a list may come bare, enveloped in `results`, or under a
 * named key inside `results`. This finds the list in any of those places, or says it could not.
 */
import { isRecord, ShapeError } from '../../wire.js';

export function listPayload(body: unknown, key: string, what: string): unknown[] {
  if (Array.isArray(body)) return body;
  if (!isRecord(body)) throw new ShapeError(what, 'the response is neither a list nor an object');
  if (body.status === 'error') throw new ShapeError(what, 'Mixpanel reported an error');
  for (const holder of [body.results, body]) {
    if (Array.isArray(holder)) return holder;
    if (isRecord(holder) && Array.isArray(holder[key])) return holder[key] as unknown[];
  }
  // Some routes key their items by id.
  if (isRecord(body.results) && Object.values(body.results).every(isRecord)) return Object.values(body.results);
  throw new ShapeError(what, `no list of ${key} found (top-level keys: ${Object.keys(body).slice(0, 10).join(', ') || 'none'})`);
}

/** The first of several candidate fields that is present. */
export function firstOf(rec: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const k of keys) if (rec[k] !== undefined && rec[k] !== null) return rec[k];
  return undefined;
}
