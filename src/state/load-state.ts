import { createHash } from 'node:crypto';
import { assertValid, refuseSchemaVersion } from '../core/schema-validator.js';
import { loadStructuredFile, readStructuredText } from '../core/structured-file.js';
import { normalizeEnums } from './normalize-enums.js';
import { STATE_SCHEMA_VERSION, type OrgState } from './org-state.js';

export interface LoadedState {
  state: OrgState;
  /** sha256 of the file's bytes: the report cites it as the evidence it was computed from. */
  sha256: string;
  file: string;
}

// Hashing a string first makes a UTF-8 copy of all of it: for a 200 MB snapshot, 200 MB more just
// when memory peaks. Hashed in pieces of a million characters (never splitting a surrogate pair,
// so the bytes hashed are the same), the copy stays small.
const HASH_CHUNK = 1 << 20;

export function sha256(content: string | Buffer): string {
  const hash = createHash('sha256');
  if (typeof content !== 'string' || content.length <= HASH_CHUNK) return hash.update(content).digest('hex');
  for (let i = 0; i < content.length;) {
    let end = Math.min(i + HASH_CHUNK, content.length);
    const last = content.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff && end < content.length) end++;
    hash.update(content.slice(i, end), 'utf8');
    i = end;
  }
  return hash.digest('hex');
}

/** Loads a JSON or YAML state snapshot and validates it; problems come with file:line:col. */
export function loadStateFile(file: string): LoadedState {
  const text = readStructuredText(file);
  const source = loadStructuredFile(file, text);
  // Enumerated values as the collector would have saved them (" Admin" is admin), before validation.
  normalizeEnums(source.data);
  // A 1.0 snapshot's collector wrote defaults for facts no source gave: a verdict could rest on them.
  refuseSchemaVersion(source, '1.0', `state schema 1.0 was written by an earlier collector that filled some unknown fields with defaults (a project's sensitive: false and environment: null, a data view's hasAllOrgMembers: false, a member's status: active); a verdict from it could rest on a guess, so it is not evaluated: collect the snapshot again (schema ${STATE_SCHEMA_VERSION})`);
  const state = assertValid<OrgState>('org-state', source);
  return { state, sha256: sha256(text), file };
}

export { serializeLoadable, serializeState } from './loadable-state.js';
