import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ExitError } from '../errors.js';

export interface OutputFile {
  name: string;
  content: string | Buffer;
}

/**
 * Writes a set of files into one folder so that a crash leaves no half-written file: every file is
 * first written to a fresh temporary name (created exclusively, so a planted symlink is never
 * followed), and only when all are written are they renamed into place. A rename replaces a symlink
 * at the target instead of writing through it.
 */
export function writeFilesAtomically(dir: string, files: OutputFile[]): string[] {
  const outDir = resolve(dir);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (err) {
    throw new ExitError(`cannot create output folder ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 4);
  }
  const staged: { tmp: string; target: string }[] = [];
  try {
    for (const f of files) {
      if (basename(f.name) !== f.name || f.name.startsWith('.')) throw new ExitError(`refusing to write outside the output folder: ${f.name}`, 4);
      const target = join(outDir, f.name);
      const existing = lstatOrUndefined(target);
      if (existing?.isDirectory()) throw new ExitError(`cannot write ${target}: a folder is in the way`, 4);
      const tmp = join(outDir, `.${f.name}.${randomBytes(6).toString('hex')}.tmp`);
      writeFileSync(tmp, f.content, { flag: 'wx', mode: 0o644 });
      staged.push({ tmp, target });
    }
    for (const s of staged) renameSync(s.tmp, s.target);
  } catch (err) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    if (err instanceof ExitError) throw err;
    throw new ExitError(`cannot write reports to ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 4);
  }
  return staged.map((s) => s.target);
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
