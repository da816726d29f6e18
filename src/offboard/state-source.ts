import { basename, resolve } from 'node:path';
import { collectFromArgv, type CollectArgs, type CollectIo } from '../collect/cli-options.js';
import { loadRoster } from '../collect/inputs/roster.js';
import { okSlice } from '../collect/slice-result.js';
import { formatInstant } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import { readInputText } from '../core/structured-file.js';
import { loadStateFile, serializeState, sha256 } from '../state/load-state.js';
import type { OrgState } from '../state/org-state.js';
import { collectionTime } from '../state/data-clock.js';
import type { StateReference } from './plan.js';

export interface StateSourceArgs extends CollectArgs {
  state?: string;
}

export interface ObtainedState {
  state: OrgState;
  /** For live collection `file` is null until the caller names the snapshot it writes. */
  ref: StateReference;
  /** For live collection: the snapshot's bytes, written beside the document so its sha256 can be checked. */
  snapshot?: string;
}

/** Live-only options: with --state they would be silently ignored, so they are refused. */
const LIVE_ONLY = ['region', 'organization-id', 'api-base-url', 'credentials-file', 'attestations', 'members', 'audit-log', 'lexicon'] as const;

/**
 * A saved snapshot (`--state`), with the roster replaced by `--roster` when given. The roster
 * file's sha256 is recorded beside the snapshot's, because the document no longer rests on the
 * snapshot alone.
 */
export function offlineState(args: StateSourceArgs & { state: string }, cwd: string, now: number): ObtainedState {
  const extra = LIVE_ONLY.filter((k) => args[k] !== undefined);
  if (extra.length > 0) throw new UsageError(`--state reads a saved snapshot; ${extra.map((k) => `--${k}`).join(', ')} only apply to live collection`);
  const loaded = loadStateFile(resolve(cwd, args.state));
  // A plan or verification dated before its snapshot was collected would judge data from its own future.
  const collected = collectionTime(loaded.state);
  if (collected !== undefined && now < collected) {
    throw new UsageError(`--now ${formatInstant(now)} is before the snapshot ${args.state} was collected (${formatInstant(collected)}): give a time at or after the collection`);
  }
  const ref: StateReference = { sha256: loaded.sha256, file: args.state, generatedAt: loaded.state.generatedAt, origin: 'file' };
  if (args.roster === undefined) return { state: loaded.state, ref };
  const file = resolve(cwd, args.roster);
  const roster = loadRoster(file);
  const state: OrgState = {
    ...loaded.state,
    slices: { ...loaded.state.slices, roster: okSlice(roster.entries, { source: 'export', collectedAt: formatInstant(now), detail: basename(file) }) },
  };
  return { state, ref: { ...ref, inputs: [{ slice: 'roster', file: args.roster, sha256: sha256(readInputText(file)) }] } };
}

/** Reads the organization live (the collection layer's options), keeping the snapshot as evidence. */
export async function liveState(args: StateSourceArgs, io: CollectIo, now: number): Promise<ObtainedState> {
  // Every audit event type: any event by the person after the removal is activity.
  const state = await collectFromArgv(args, io, now, { auditAllTypes: true });
  const snapshot = serializeState(state);
  return { state, snapshot, ref: { sha256: sha256(snapshot), file: null, generatedAt: state.generatedAt, origin: 'live' } };
}

export async function obtainState(args: StateSourceArgs, io: CollectIo, now: number): Promise<ObtainedState> {
  return args.state === undefined ? liveState(args, io, now) : offlineState({ ...args, state: args.state }, io.cwd, now);
}
