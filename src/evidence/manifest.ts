import type { Level } from '../language/check.js';

/**
 * The evidence bundle's table of contents (`manifest.json`, `schemas/evidence-manifest.schema.json`):
 * what each file is and its sha256, plus what was scanned, with which tool and policy set, when,
 * and by which command. `verify-evidence` recomputes every hash from it.
 */

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_VERSION = '1';
/** A manifest lists a few hundred files at most; anything far larger is not one of ours. */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

export type EvidenceRole = 'state' | 'policy' | 'config' | 'exceptions' | 'baseline' | 'attestations' | 'input' | 'report';

export interface EvidenceFile {
  /** Relative to the bundle folder, `/`-separated. */
  path: string;
  role: EvidenceRole;
  sha256: string;
  bytes: number;
  /** The file's name where it was read from (inputs only; folders are not recorded). */
  source?: string;
}

export interface EvidenceManifest {
  manifestVersion: typeof MANIFEST_VERSION;
  tool: { name: string; version: string };
  scan: {
    now: string;
    level: Level;
    organization: { id: string; name: string; region: string };
    stateSha256: string;
    policiesSha256: string;
    exceptionsSha256?: string;
  };
  /** The command line, with the values of secret-looking options redacted. */
  command: string[];
  files: EvidenceFile[];
  warnings?: string[];
}

/**
 * A path inside a bundle must stay inside it: relative, `/`-separated, no empty, `.` or `..`
 * segments, no backslashes or NULs. A manifest naming anything else is treated as tampered.
 */
export function isSafeBundlePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || /[\\\0]/.test(path) || /^[A-Za-z]:/.test(path)) return false;
  return path.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}
