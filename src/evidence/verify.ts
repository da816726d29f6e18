import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { relevantErrors, describeError, validator } from '../io/schema-validator.js';
import { inert } from '../report/console-summary.js';
import { hashFile, sha256Hex } from './bundle.js';
import { isSafeBundlePath, MANIFEST_FILE, type EvidenceManifest } from './manifest.js';

export interface Problem {
  kind: 'changed' | 'missing' | 'extra' | 'manifest';
  path: string;
  detail: string;
}

export interface Verification {
  dir: string;
  intact: boolean;
  /** sha256 of manifest.json as found; compare it with the one printed when the bundle was made. */
  manifestSha256?: string;
  files: number;
  problems: Problem[];
}

/** Every entry under `root`, as `/`-separated relative paths; symbolic links are listed, never followed. */
function walk(root: string, rel = ''): { path: string; regular: boolean }[] {
  const out: { path: string; regular: boolean }[] = [];
  for (const name of readdirSync(join(root, rel)).sort()) {
    const path = rel === '' ? name : `${rel}/${name}`;
    const st = lstatSync(join(root, path));
    if (st.isDirectory()) out.push(...walk(root, path));
    else out.push({ path, regular: st.isFile() });
  }
  return out;
}

function readManifest(dir: string): { manifest?: EvidenceManifest; sha256?: string; problem?: Problem } {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    return { problem: { kind: 'missing', path: MANIFEST_FILE, detail: 'the manifest is missing, so nothing can be verified' } };
  }
  const sha256 = sha256Hex(text);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { sha256, problem: { kind: 'manifest', path: MANIFEST_FILE, detail: `not valid JSON: ${(err as Error).message}` } };
  }
  const validate = validator('evidence-manifest');
  if (!validate(data)) {
    const why = relevantErrors(validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '/'} ${describeError(e)}`).join('; ');
    return { sha256, problem: { kind: 'manifest', path: MANIFEST_FILE, detail: `does not match the manifest schema: ${why}` } };
  }
  return { manifest: data as EvidenceManifest, sha256 };
}

/**
 * Recomputes the sha256 of every file the manifest lists and names each file that changed, is
 * missing, or is not listed (extra). Only `manifest.json` itself is not hashed; its own sha256 is
 * returned so it can be compared with the value recorded when the bundle was made.
 */
export function verifyBundle(dirArg: string): Verification {
  const dir = resolve(dirArg);
  let isDir = false;
  try {
    isDir = lstatSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new UsageError(`${dirArg} is not a folder`);

  const { manifest, sha256, problem } = readManifest(dir);
  if (!manifest) return { dir: dirArg, intact: false, ...(sha256 ? { manifestSha256: sha256 } : {}), files: 0, problems: [problem!] };

  const problems: Problem[] = [];
  const listed = new Set<string>();
  const present = new Map(walk(dir).map((e) => [e.path, e.regular]));
  for (const f of manifest.files) {
    if (!isSafeBundlePath(f.path) || f.path === MANIFEST_FILE) {
      problems.push({ kind: 'manifest', path: f.path, detail: 'the manifest names a path outside the bundle' });
      continue;
    }
    if (listed.has(f.path)) {
      problems.push({ kind: 'manifest', path: f.path, detail: 'listed twice in the manifest' });
      continue;
    }
    listed.add(f.path);
    const regular = present.get(f.path);
    if (regular === undefined) {
      problems.push({ kind: 'missing', path: f.path, detail: `listed in the manifest (${f.role}) but not in the bundle` });
      continue;
    }
    if (!regular) {
      problems.push({ kind: 'changed', path: f.path, detail: 'is no longer a regular file (a link or device)' });
      continue;
    }
    const actual = hashFile(join(dir, ...f.path.split('/')));
    if (actual.sha256 !== f.sha256) problems.push({ kind: 'changed', path: f.path, detail: `sha256 ${actual.sha256} differs from the manifest's ${f.sha256} (${actual.bytes} bytes, manifest says ${f.bytes})` });
  }
  for (const [path] of present) {
    if (path !== MANIFEST_FILE && !listed.has(path)) problems.push({ kind: 'extra', path, detail: 'not listed in the manifest' });
  }
  if (problems.length === 0) problems.push(...crossCheck(dir, manifest));
  return { dir: dirArg, intact: problems.length === 0, ...(sha256 ? { manifestSha256: sha256 } : {}), files: manifest.files.length, problems };
}

/**
 * With every hash right, the parts must still agree: the state snapshot is the one the manifest and
 * the JSON report cite, and the report describes the same scan. A manifest edited by hand to cover
 * a swapped file fails here unless every digest was forged consistently.
 */
function crossCheck(dir: string, manifest: EvidenceManifest): Problem[] {
  const problems: Problem[] = [];
  const read = (path: string) => readFileSync(join(dir, ...path.split('/')));
  const state = manifest.files.filter((f) => f.role === 'state');
  if (state.length !== 1) problems.push({ kind: 'manifest', path: MANIFEST_FILE, detail: `expected one state snapshot, found ${state.length}` });
  else if (hashFile(join(dir, ...state[0]!.path.split('/'))).textSha256 !== manifest.scan.stateSha256) {
    problems.push({ kind: 'manifest', path: state[0]!.path, detail: `is not the snapshot the manifest cites (stateSha256 ${manifest.scan.stateSha256})` });
  }
  const json = manifest.files.find((f) => f.path === 'reports/report.json');
  if (json) {
    try {
      const report = JSON.parse(read(json.path).toString('utf8')) as { scan?: { stateSha256?: string; policiesSha256?: string; now?: string } };
      const mismatched = (['stateSha256', 'policiesSha256', 'now'] as const).filter((k) => report.scan?.[k] !== manifest.scan[k]);
      if (mismatched.length > 0) problems.push({ kind: 'manifest', path: json.path, detail: `describes a different scan than the manifest (${mismatched.join(', ')})` });
    } catch {
      problems.push({ kind: 'manifest', path: json.path, detail: 'is not valid JSON' });
    }
  }
  return problems;
}

export function renderVerification(v: Verification): string {
  const lines = [`Evidence bundle ${v.dir}: ${v.intact ? 'intact' : 'NOT intact'} (${v.files} files listed${v.manifestSha256 ? `; manifest sha256 ${v.manifestSha256}` : ''})`];
  for (const p of v.problems) lines.push(`  ${p.kind.padEnd(8)} ${inert(p.path)}: ${p.detail}`);
  return `${lines.join('\n')}\n`;
}
