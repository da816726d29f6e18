import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, constants, lstatSync, mkdirSync, mkdtempSync, readdirSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { ExitError, InputError, UsageError } from '../core/errors.js';
import type { OutputFile } from '../core/write-atomic.js';
import type { ScanReport } from '../report/report.js';
import { readRegularFile, withRegularFile } from '../core/read-regular-file.js';
import { MANIFEST_FILE, MANIFEST_VERSION, MAX_MANIFEST_BYTES, type EvidenceFile, type EvidenceManifest, type EvidenceRole } from './manifest.js';
import { redactArgv } from './redact.js';

/**
 * One file of a bundle: either copied from an input file or written from memory (a report, or a
 * snapshot a live scan collected). Bytes in memory are the ones rendered or evaluated: they are
 * written once and hashed from memory, never read back. Input files are copied by the kernel and
 * hashed from the copy in fixed-size chunks, then checked against the digest the report cites
 * (taken of the bytes evaluated), so a 200 MB snapshot is not held in memory through the scan.
 */
export interface BundleFile {
  path: string;
  role: EvidenceRole;
  source?: string;
  from?: string;
  content?: string | Buffer;
}

export interface BundleInput {
  report: ScanReport;
  /** The arguments the tool was run with (argv after the program name); redacted here. */
  argv: readonly string[];
  /** The snapshot file scanned, or (for a live scan that collected it) its name and bytes. */
  stateFile: string | { name: string; content: Buffer };
  policies: { dir: string; checkIds: string[] };
  /** Other inputs given: config, exceptions, baseline, attestations. Never secrets. */
  inputs: { role: EvidenceRole; file: string }[];
  /** The rendered reports, exactly as written. */
  reports: OutputFile[];
}

/** What goes into a bundle, before anything is read or written. */
export interface BundlePlan {
  report: ScanReport;
  command: string[];
  files: BundleFile[];
  warnings: string[];
}

export function sha256Hex(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

function hasBom(b: Buffer): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

/** The digest a report cites for an input is of its text (a UTF-8 byte-order mark is not part of it). */
export function textDigest(bytes: Buffer): string {
  return sha256Hex(hasBom(bytes) ? bytes.subarray(3) : bytes);
}

/**
 * sha256 of a file's bytes and of its text (without a byte-order mark), read in 1 MiB chunks so
 * memory stays flat however large the file is. Only a regular file is read (no symlink, FIFO or
 * device: src/core/read-regular-file.ts), and never more than its size when opened.
 */
export function hashFile(path: string): { sha256: string; textSha256: string; bytes: number } {
  return withRegularFile(path, (fd, stats) => {
    const buf = Buffer.allocUnsafe(1 << 20);
    const bytesHash = createHash('sha256');
    // Without a byte-order mark the text digest is the bytes digest: hash a 200 MB state once, not twice.
    let textHash: ReturnType<typeof createHash> | undefined;
    let total = 0;
    while (total < stats.size) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, stats.size - total), null);
      if (n === 0) break;
      const chunk = buf.subarray(0, n);
      bytesHash.update(chunk);
      if (total === 0 && hasBom(chunk)) textHash = createHash('sha256').update(chunk.subarray(3));
      else textHash?.update(chunk);
      total += n;
    }
    const sha256 = bytesHash.digest('hex');
    return { sha256, textSha256: textHash ? textHash.digest('hex') : sha256, bytes: total };
  });
}

/** The policy files behind the selected checks (`<id>.yaml` or `<id>.yml` in the policy folder). */
function policyFiles(dir: string, checkIds: string[], warnings: string[]): BundleFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    warnings.push(`policy folder ${basename(dir)} could not be listed; policy files not included`);
    return [];
  }
  const byId = new Map<string, string>();
  for (const n of names) if (/\.ya?ml$/.test(n)) byId.set(n.replace(/\.ya?ml$/, ''), n);
  const out: BundleFile[] = [];
  for (const id of [...checkIds].sort()) {
    const name = byId.get(id);
    if (!name) warnings.push(`no policy file found for check ${id}`);
    else out.push({ path: `policies/${name}`, role: 'policy', from: join(dir, name), source: name });
  }
  return out;
}

/** Lays out the bundle: which file goes where. Reads nothing but the policy folder's listing. */
export function planBundle(input: BundleInput): BundlePlan {
  const warnings: string[] = [];
  const files: BundleFile[] = [];
  if (typeof input.stateFile === 'string') {
    files.push({ path: `state/${basename(input.stateFile)}`, role: 'state', from: input.stateFile, source: basename(input.stateFile) });
  } else {
    const name = basename(input.stateFile.name);
    files.push({ path: `state/${name}`, role: 'state', content: input.stateFile.content, source: name });
  }
  files.push(...policyFiles(input.policies.dir, input.policies.checkIds, warnings));
  const used = new Set<string>();
  for (const { role, file } of input.inputs) {
    // Two inputs of one role may share a file name (folders are not recorded): number the later ones.
    let name = basename(file);
    for (let n = 2; used.has(`${role}/${name}`); n++) name = `${basename(file, extname(file))}-${n}${extname(file)}`;
    used.add(`${role}/${name}`);
    files.push({ path: `inputs/${role}/${name}`, role, from: file, source: basename(file) });
  }
  for (const r of input.reports) files.push({ path: `reports/${r.name}`, role: 'report', content: r.content });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { report: input.report, command: ['mixpanel-hardening', ...redactArgv(input.argv)], files, warnings };
}

function manifestFor(plan: BundlePlan, entries: EvidenceFile[]): EvidenceManifest {
  const s = plan.report.scan;
  const o = s.organization;
  return {
    manifestVersion: MANIFEST_VERSION,
    tool: { name: plan.report.tool.name, version: plan.report.tool.version },
    scan: {
      now: s.now,
      level: s.level,
      organization: { id: o.id, name: o.name, region: o.region },
      stateSha256: s.stateSha256,
      policiesSha256: s.policiesSha256,
      ...(s.exceptionsSha256 ? { exceptionsSha256: s.exceptionsSha256 } : {}),
    },
    command: plan.command,
    files: entries,
    ...(plan.warnings.length > 0 ? { warnings: plan.warnings } : {}),
  };
}

export function renderManifest(manifest: EvidenceManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Writing a bundle replaces its folder, so the folder must be new, empty, or an earlier bundle
 * (it has our manifest). Anything else is refused before any report is written: pointing
 * `--evidence` at a folder of other files must never delete them.
 */
export function assertBundleTarget(dir: string): void {
  const target = resolve(dir);
  const st = lstatOrUndefined(target);
  if (!st) return;
  if (st.isSymbolicLink()) throw new UsageError(`evidence folder ${dir} is a symbolic link; give a real folder`);
  if (!st.isDirectory()) throw new UsageError(`evidence folder ${dir} exists and is not a folder`);
  const entries = readdirSync(target);
  if (entries.length === 0) return;
  let manifest: { tool?: { name?: string }; manifestVersion?: string } | undefined;
  try {
    // Read as verify-evidence reads it: a regular file only, bounded (a FIFO or a link to a device
    // planted there must not hang or exhaust the scan).
    manifest = JSON.parse(readRegularFile(join(target, MANIFEST_FILE), MAX_MANIFEST_BYTES).toString('utf8')) as typeof manifest;
  } catch {
    manifest = undefined;
  }
  if (manifest?.tool?.name !== 'mixpanel-hardening' || typeof manifest.manifestVersion !== 'string') {
    throw new UsageError(`evidence folder ${dir} is not empty and holds no evidence bundle; give a new or empty folder (a bundle replaces its folder's contents)`);
  }
}

/** The digest of bytes already in memory: what was written, without reading the file back. */
function memoryDigest(content: string | Buffer): { sha256: string; textSha256: string; bytes: number } {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const sha256 = sha256Hex(bytes);
  return { sha256, textSha256: hasBom(bytes) ? sha256Hex(bytes.subarray(3)) : sha256, bytes: bytes.length };
}

/** Puts one file into the staging folder; copies refuse to overwrite, like the exclusive writes. */
function stage(root: string, f: BundleFile): void {
  const path = join(root, ...f.path.split('/'));
  mkdirSync(dirname(path), { recursive: true });
  if (f.from !== undefined) {
    try {
      copyFileSync(f.from, path, constants.COPYFILE_EXCL);
    } catch (err) {
      throw InputError.at(f.from, `cannot copy into the evidence bundle: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  } else {
    writeFileSync(path, f.content ?? '', { flag: 'wx', mode: 0o644 });
  }
}

/** A bundle written in full beside its target, not yet in place (see `stageBundle`). */
export interface StagedBundle {
  manifest: EvidenceManifest;
  /** sha256 of manifest.json: it identifies the whole bundle, worth recording in the CI log. */
  sha256: string;
  /** Swaps the staged folder into place of the old bundle (renames only: no space needed). */
  commit(): void;
  /** Removes the staged folder; the old bundle stays. */
  abort(): void;
}

function writeError(dir: string, err: unknown): Error {
  if (err instanceof ExitError) return err;
  return new ExitError(`cannot write the evidence bundle to ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 4);
}

/**
 * Writes the bundle into a fresh temporary folder beside the target and hashes what was written;
 * `commit` then swaps it into place, so a bundle is never half-written and never mixes files of two
 * scans. The state and exceptions copies must have the digests the report cites; otherwise the
 * files changed during the scan and the bundle would not be evidence of it (exit 2, nothing
 * replaced). `scan` stages its reports and the bundle first and commits both only when both are
 * written, so a full disk leaves the old reports beside the old bundle, never new reports beside
 * an old bundle that still verifies.
 */
export function stageBundle(dir: string, plan: BundlePlan): StagedBundle {
  const target = resolve(dir);
  assertBundleTarget(target);
  const s = plan.report.scan;
  let tmp: string | undefined;
  try {
    mkdirSync(dirname(target), { recursive: true });
    tmp = mkdtempSync(join(dirname(target), `.${basename(target)}.tmp-`));
    const entries: EvidenceFile[] = [];
    for (const f of plan.files) {
      stage(tmp, f);
      const h = f.content !== undefined ? memoryDigest(f.content) : hashFile(join(tmp, ...f.path.split('/')));
      const cited = f.role === 'state' ? s.stateSha256 : f.role === 'exceptions' ? s.exceptionsSha256 : undefined;
      if (cited !== undefined && h.textSha256 !== cited) {
        throw InputError.at(f.from ?? f.path, 'is not the file the report cites (its sha256 differs; did it change while the scan ran?); run the scan again');
      }
      entries.push({ path: f.path, role: f.role, sha256: h.sha256, bytes: h.bytes, ...(f.source ? { source: f.source } : {}) });
    }
    const manifest = manifestFor(plan, entries);
    const manifestText = renderManifest(manifest);
    writeFileSync(join(tmp, MANIFEST_FILE), manifestText, { flag: 'wx', mode: 0o644 });
    chmodSync(tmp, 0o755);
    const staged = tmp;
    let done = false;
    return {
      manifest,
      sha256: sha256Hex(manifestText),
      commit() {
        if (done) return;
        try {
          const old = lstatOrUndefined(target) ? `${staged}.old` : undefined;
          if (old) renameSync(target, old);
          try {
            renameSync(staged, target);
          } catch (err) {
            if (old) renameSync(old, target);
            throw err;
          }
          done = true;
          if (old) rmSync(old, { recursive: true, force: true });
        } catch (err) {
          rmSync(staged, { recursive: true, force: true });
          throw writeError(dir, err);
        }
      },
      abort() {
        if (!done) rmSync(staged, { recursive: true, force: true });
        done = true;
      },
    };
  } catch (err) {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    throw writeError(dir, err);
  }
}

/** Stages and commits a bundle at once; returns the manifest and its sha256. */
export function writeBundle(dir: string, plan: BundlePlan): { manifest: EvidenceManifest; sha256: string } {
  const staged = stageBundle(dir, plan);
  staged.commit();
  return { manifest: staged.manifest, sha256: staged.sha256 };
}
