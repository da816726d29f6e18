/**
 * The pipeline's save step: a collected state becomes the snapshot file a later `scan --state`
 * loads. Collecting (src/collect), saving (here) and loading (src/state/load-state.ts) are separate
 * steps, so loading never collects and a live scan's state goes through the same save as `collect`.
 */
import { basename, dirname } from 'node:path';
import { writeFilesAtomically } from '../core/write-atomic.js';
import { serializeLoadable, sha256, type LoadedState } from '../state/load-state.js';
import type { OrgState } from '../state/org-state.js';

/**
 * Writes `collected` to `target` atomically (a crash leaves the old file or none). Slices are
 * trimmed to the loader's limits first, so that what is saved is what `scan --state` takes; the
 * returned state is that saved one and its sha256 is over the bytes written, which the report cites.
 */
export function saveSnapshot(target: string, collected: OrgState): LoadedState {
  const { state, content } = serializeLoadable(collected);
  const [file = target] = writeFilesAtomically(dirname(target), [{ name: basename(target), content }]);
  return { state, sha256: sha256(content), file };
}
