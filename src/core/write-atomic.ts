import { randomBytes } from 'node:crypto';
import { closeSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ExitError } from './errors.js';

export interface OutputFile {
  name: string;
  content: string | Buffer;
}

/**
 * Files written to temporary names, not yet in place. `commit` renames them into place (a rename
 * needs no free space, so a full disk strikes while staging, never half-way through the commit);
 * `abort` removes them. Lets a caller stage several sets (reports and the evidence bundle) and put
 * them in place only when every set is written.
 */
export interface StagedFiles {
  commit(): string[];
  abort(): void;
}

/**
 * Writes a set of files into one folder so that a crash leaves no half-written file: every file is
 * first written to a fresh temporary name (created exclusively, so a planted symlink is never
 * followed), and only when all are written are they renamed into place. A rename replaces a symlink
 * at the target instead of writing through it.
 */
export function writeFilesAtomically(dir: string, files: OutputFile[]): string[] {
  return stageFiles(dir, files).commit();
}

/** The staging half of `writeFilesAtomically`: nothing is replaced until `commit`. */
export function stageFiles(dir: string, files: OutputFile[]): StagedFiles {
  const outDir = resolve(dir);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (err) {
    throw new ExitError(`cannot create output folder ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 4);
  }
  const staged: { tmp: string; target: string }[] = [];
  const abort = () => {
    for (const s of staged) rmSync(s.tmp, { force: true });
  };
  const fail = (err: unknown): never => {
    abort();
    if (err instanceof ExitError) throw err;
    throw new ExitError(`cannot write reports to ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 4);
  };
  try {
    for (const f of files) {
      if (basename(f.name) !== f.name || f.name.startsWith('.')) throw new ExitError(`refusing to write outside the output folder: ${f.name}`, 4);
      const target = join(outDir, f.name);
      const existing = lstatOrUndefined(target);
      if (existing?.isDirectory()) throw new ExitError(`cannot write ${target}: a folder is in the way`, 4);
      const tmp = join(outDir, `.${f.name}.${randomBytes(6).toString('hex')}.tmp`);
      const fd = openSync(tmp, 'wx', 0o644);
      staged.push({ tmp, target });
      try {
        writeAll(fd, f.content);
      } finally {
        closeSync(fd);
      }
    }
  } catch (err) {
    fail(err);
  }
  return {
    commit: () => {
      try {
        for (const s of staged) renameSync(s.tmp, s.target);
      } catch (err) {
        fail(err);
      }
      return staged.map((s) => s.target);
    },
    abort,
  };
}

// writeFileSync turns a string into one Buffer of its full size first: with every format of a
// large organization written in turn (a 33 MB SARIF, a 17 MB CSV, ...), those buffers piled up
// until the next garbage collection. Strings are written in pieces of a million characters
// instead (never splitting a surrogate pair: the same bytes).
const WRITE_CHUNK = 1 << 20;

function writeBuffer(fd: number, buf: Buffer): void {
  for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
}

function writeAll(fd: number, content: string | Buffer): void {
  if (typeof content !== 'string') {
    writeBuffer(fd, content);
    return;
  }
  for (let i = 0; i < content.length;) {
    let end = Math.min(i + WRITE_CHUNK, content.length);
    const last = content.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff && end < content.length) end++;
    const chunk = content.slice(i, end);
    // A string is encoded by Node into a temporary buffer of its own, freed as soon as written.
    const written = writeSync(fd, chunk, null, 'utf8');
    const size = Buffer.byteLength(chunk, 'utf8');
    if (written < size) writeBuffer(fd, Buffer.from(chunk, 'utf8').subarray(written));
    i = end;
  }
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
