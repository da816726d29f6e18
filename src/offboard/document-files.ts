import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFilesAtomically, type OutputFile } from '../core/write-atomic.js';
import { sha256 } from '../state/load-state.js';

/** `2026-06-01T00:00:00Z` -> `20260601T000000Z`: sortable and safe in a file name. */
function stamp(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d+/, '');
}

/** A file-name-safe hint from a ticket or an address: letters, digits and dashes, at most 40. */
export function slug(text: string): string {
  const s = text.toLowerCase().replace(/@.*$/, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return s || 'person';
}

/**
 * A base name no earlier document in `dir` uses. Evidence is never overwritten: a tracker row cites
 * the sha256 of its evidence file, so replacing that file would break the earlier row.
 */
export function freshBaseName(dir: string, kind: 'plan' | 'verify', at: string, hint: string): string {
  const base = `${kind}-${stamp(at)}-${slug(hint)}`;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!['.json', '.html', '-state.json'].some((ext) => existsSync(join(dir, `${candidate}${ext}`)))) return candidate;
  }
}

export interface WrittenDocument {
  json: string;
  html: string;
  /** sha256 of the JSON bytes as written. */
  sha256: string;
  extra: string[];
}

/** Writes a document's JSON, its HTML and any extra file (a live snapshot) in one atomic batch. */
export function writeDocument(dir: string, base: string, json: string, html: string, extra: OutputFile[] = []): WrittenDocument {
  const written = writeFilesAtomically(resolve(dir), [{ name: `${base}.json`, content: json }, { name: `${base}.html`, content: html }, ...extra]);
  return { json: written[0]!, html: written[1]!, sha256: sha256(json), extra: written.slice(2) };
}
