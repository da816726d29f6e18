/**
 * What a live scan saves, `scan --state` must load. The rule: collection keeps a slice only when the
 * loader would take it (its part of schemas/org-state.schema.json, the nesting limit of
 * src/core/structured-file.ts) and the saved snapshot stays within the loader's size limit. A slice
 * that breaks the rule becomes `error` with the reason, its data dropped, and the rest of the
 * snapshot is kept and evaluated: one bad value costs its slice, never the scan (no exit 4), and the
 * state evaluated in memory is the state saved.
 */
import { partProblems } from '../core/schema-validator.js';
import { MAX_INPUT_BYTES, MAX_NESTING, unsafeValue } from '../core/structured-file.js';
import { SLICE_NAMES, type OrgState, type Slice, type SliceName } from './org-state.js';

/** The schema's limit for a slice's `reason`. */
const MAX_REASON = 2000;

/** Levels above a slice's own object in a snapshot: the state, then `slices`. */
const SLICE_DEPTH = 2;

function unloadable(slice: Slice<unknown>, reason: string): Slice<unknown> {
  const text = `the data read cannot be kept: ${reason}`;
  return {
    status: 'error',
    provenance: { source: slice.provenance.source, collectedAt: slice.provenance.collectedAt },
    reason: text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 3)}...` : text,
  };
}

/** Why the loader would refuse this slice, or undefined. */
export function sliceRefusal(name: SliceName, slice: unknown): string | undefined {
  // Depth first: the schema validator recurses, and what is too deep is refused anyway.
  const deep = unsafeValue(slice, true, SLICE_DEPTH);
  if (deep) return `${deep.pointer || '/'} ${deep.message} (a snapshot holds at most ${MAX_NESTING})`;
  const problems = partProblems('org-state', `/properties/slices/properties/${name}`, slice);
  if (problems.length > 0) return `it does not match schemas/org-state.schema.json: ${problems.join('; ')}`;
  return undefined;
}

/** The state with each slice the loader would refuse replaced by an `error` slice saying why. */
export function loadableSlices(state: OrgState): { state: OrgState; replaced: SliceName[] } {
  const slices = { ...state.slices } as Record<SliceName, Slice<unknown> | undefined>;
  const replaced: SliceName[] = [];
  for (const name of SLICE_NAMES) {
    const slice = slices[name];
    if (slice === undefined) continue;
    const refusal = sliceRefusal(name, slice);
    if (refusal === undefined) continue;
    slices[name] = unloadable(slice, refusal);
    replaced.push(name);
  }
  return { state: replaced.length === 0 ? state : { ...state, slices: slices as OrgState['slices'] }, replaced };
}

/** The bytes a snapshot is saved as; its sha256 is what reports cite. */
export function serializeState(state: OrgState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

/**
 * Serializes a snapshot within the loader's size limit: while it is over, the largest readable
 * slice becomes `error` ("too large to save") and the rest is kept. Costs one serialization when
 * the snapshot fits, which is always but for extreme organizations or windows.
 */
export function serializeLoadable(state: OrgState, maxBytes = MAX_INPUT_BYTES): { state: OrgState; content: string; replaced: SliceName[] } {
  let current = state;
  const replaced: SliceName[] = [];
  for (;;) {
    const content = serializeState(current);
    const bytes = Buffer.byteLength(content, 'utf8');
    if (bytes <= maxBytes) return { state: current, content, replaced };
    let largest: { name: SliceName; size: number } | undefined;
    for (const name of SLICE_NAMES) {
      const slice = current.slices[name] as Slice<unknown> | undefined;
      if (slice === undefined || slice.data === undefined) continue;
      const size = Buffer.byteLength(JSON.stringify(slice.data, null, 2), 'utf8');
      if (largest === undefined || size > largest.size) largest = { name, size };
    }
    // Nothing left to drop: the snapshot is too large without any data, which no organization is.
    if (largest === undefined) throw new Error(`internal error: the snapshot is ${bytes} bytes without any slice's data, above the ${maxBytes}-byte limit`);
    const slice = current.slices[largest.name] as Slice<unknown>;
    const reason = `the snapshot would be ${bytes} bytes, above the ${maxBytes}-byte limit \`scan --state\` loads, and this slice holds ${largest.size} bytes of it`
      + (largest.name === 'auditLog' ? '; read a shorter --audit-window' : '');
    current = { ...current, slices: { ...current.slices, [largest.name]: unloadable(slice, reason) } };
    replaced.push(largest.name);
  }
}
