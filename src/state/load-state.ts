import { createHash } from 'node:crypto';
import { assertValid } from '../io/schema-validator.js';
import { loadStructuredFile, readInputText } from '../io/structured-file.js';
import type { OrgState } from './org-state.js';

export interface LoadedState {
  state: OrgState;
  /** sha256 of the file's bytes: the report cites it as the evidence it was computed from. */
  sha256: string;
  file: string;
}

export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Loads a JSON or YAML state snapshot and validates it; problems come with file:line:col. */
export function loadStateFile(file: string): LoadedState {
  const text = readInputText(file);
  const state = assertValid<OrgState>('org-state', loadStructuredFile(file, text));
  return { state, sha256: sha256(text), file };
}

/** The bytes a snapshot is saved as; its sha256 is what reports cite. */
export function serializeState(state: OrgState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}
