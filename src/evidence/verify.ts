import { lstatSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { relevantErrors, describeError, validator } from '../core/schema-validator.js';
import { NotReadableError, readRegularFile } from '../core/read-regular-file.js';
import { MAX_INPUT_BYTES } from '../core/structured-file.js';
import { hashFile, sha256Hex } from './bundle.js';
import { isSafeBundlePath, MANIFEST_FILE, MAX_MANIFEST_BYTES, type EvidenceManifest } from './manifest.js';
import { terminalText } from '../core/text-safety.js';

export interface Problem {
  /** `beside`: a report next to the bundle (same name, in the folder holding it) is not the bundle's copy: another run's. */
  kind: 'changed' | 'missing' | 'extra' | 'manifest' | 'beside';
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
function walk(root: string, rel = ''): { path: string; regular: boolean; size: number }[] {
  const out: { path: string; regular: boolean; size: number }[] = [];
  for (const name of readdirSync(join(root, rel)).sort()) {
    const path = rel === '' ? name : `${rel}/${name}`;
    const st = lstatSync(join(root, path));
    if (st.isDirectory()) out.push(...walk(root, path));
    else out.push({ path, regular: st.isFile(), size: st.size });
  }
  return out;
}

function readManifest(dir: string): { manifest?: EvidenceManifest; sha256?: string; problem?: Problem } {
  let text: string;
  try {
    text = readRegularFile(join(dir, MANIFEST_FILE), MAX_MANIFEST_BYTES).toString('utf8');
  } catch (err) {
    if (err instanceof NotReadableError && err.reason !== 'missing') {
      return { problem: { kind: 'manifest', path: MANIFEST_FILE, detail: `the manifest ${err.message}, so nothing can be verified` } };
    }
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
  const present = new Map(walk(dir).map((e) => [e.path, e]));
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
    const entry = present.get(f.path);
    if (entry === undefined) {
      problems.push({ kind: 'missing', path: f.path, detail: `listed in the manifest (${f.role}) but not in the bundle` });
      continue;
    }
    if (!entry.regular) {
      problems.push({ kind: 'changed', path: f.path, detail: 'is no longer a regular file (a link or device)' });
      continue;
    }
    // A size that differs settles it without reading a byte (a file grown to gigabytes is not hashed).
    if (entry.size !== f.bytes) {
      problems.push({ kind: 'changed', path: f.path, detail: `is ${entry.size} bytes, the manifest says ${f.bytes}` });
      continue;
    }
    let actual: ReturnType<typeof hashFile>;
    try {
      actual = hashFile(join(dir, ...f.path.split('/')));
    } catch (err) {
      // Swapped for a link, FIFO or device after the folder was listed.
      if (!(err instanceof NotReadableError)) throw err;
      problems.push({ kind: 'changed', path: f.path, detail: err.message });
      continue;
    }
    if (actual.sha256 !== f.sha256) problems.push({ kind: 'changed', path: f.path, detail: `sha256 ${actual.sha256} differs from the manifest's ${f.sha256} (${actual.bytes} bytes, manifest says ${f.bytes})` });
  }
  for (const [path] of present) {
    if (path !== MANIFEST_FILE && !listed.has(path)) problems.push({ kind: 'extra', path, detail: 'not listed in the manifest' });
  }
  if (problems.length === 0) problems.push(...crossCheck(dir, manifest));
  problems.push(...besideCheck(dir, manifest));
  return { dir: dirArg, intact: problems.length === 0, ...(sha256 ? { manifestSha256: sha256 } : {}), files: manifest.files.length, problems };
}

/**
 * With every hash right, the parts must still agree: the state snapshot is the one the manifest and
 * the JSON report cite, and the report describes the same scan. A manifest edited by hand to cover
 * a swapped file fails here unless every digest was forged consistently.
 */
function textDigestOf(path: string): string | undefined {
  try {
    return hashFile(path).textSha256;
  } catch (err) {
    if (err instanceof NotReadableError) return undefined;
    throw err;
  }
}

function crossCheck(dir: string, manifest: EvidenceManifest): Problem[] {
  const problems: Problem[] = [];
  const read = (path: string) => readRegularFile(join(dir, ...path.split('/')), MAX_INPUT_BYTES);
  const state = manifest.files.filter((f) => f.role === 'state');
  if (state.length !== 1) problems.push({ kind: 'manifest', path: MANIFEST_FILE, detail: `expected one state snapshot, found ${state.length}` });
  else if (textDigestOf(join(dir, ...state[0]!.path.split('/'))) !== manifest.scan.stateSha256) {
    problems.push({ kind: 'manifest', path: state[0]!.path, detail: `is not the snapshot the manifest cites (stateSha256 ${manifest.scan.stateSha256})` });
  }
  const json = manifest.files.find((f) => f.path === 'reports/report.json');
  if (json) {
    try {
      const report = JSON.parse(read(json.path).toString('utf8')) as { scan?: { stateSha256?: string; policiesSha256?: string; now?: string } };
      const mismatched = (['stateSha256', 'policiesSha256', 'now'] as const).filter((k) => report.scan?.[k] !== manifest.scan[k]);
      if (mismatched.length > 0) problems.push({ kind: 'manifest', path: json.path, detail: `describes a different scan than the manifest (${mismatched.join(', ')})` });
    } catch (err) {
      problems.push({ kind: 'manifest', path: json.path, detail: err instanceof NotReadableError ? err.message : 'is not valid JSON' });
    }
  }
  return problems;
}

/** Text for the terminal: paths and details quote the bundle's own (untrusted) contents, so they are made inert. */
/**
 * `scan` writes its bundle into `<out>/evidence` beside the reports, and replaces both together.
 * Should that ever be interrupted, or a report be replaced by hand, the folder would show reports
 * of one run beside evidence of another that still verifies. So each report the bundle holds is
 * compared with the file of the same name in the folder that holds the bundle, if there is one.
 */
function besideCheck(dir: string, manifest: EvidenceManifest): Problem[] {
  const problems: Problem[] = [];
  const parent = dirname(dir);
  for (const f of manifest.files) {
    const m = /^reports\/([^/]+)$/.exec(f.path);
    if (f.role !== 'report' || !m) continue;
    const beside = join(parent, m[1]!);
    let st;
    try {
      st = lstatSync(beside);
    } catch {
      continue;
    }
    let same = false;
    try {
      same = st.isFile() && st.size === f.bytes && hashFile(beside).sha256 === f.sha256;
    } catch (err) {
      if (!(err instanceof NotReadableError)) throw err;
    }
    if (!same) problems.push({ kind: 'beside', path: `../${m[1]}`, detail: `the ${m[1]} beside the bundle is not the one in it (sha256 ${f.sha256}): the folder holds reports of another run` });
  }
  return problems;
}

export function renderVerification(v: Verification): string {
  const lines = [`Evidence bundle ${terminalText(v.dir)}: ${v.intact ? 'intact' : 'NOT intact'} (${v.files} files listed${v.manifestSha256 ? `; manifest sha256 ${v.manifestSha256}` : ''})`];
  for (const p of v.problems) lines.push(`  ${p.kind.padEnd(8)} ${terminalText(p.path)}: ${terminalText(p.detail)}`);
  return `${lines.join('\n')}\n`;
}
