import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';

/**
 * Refuses an output folder that cannot be one before anything is collected or written: a file in
 * its place, a file on the way to it (`--out report.json/x`), or a parent that cannot be written.
 * That is bad usage (exit 2) with the path named, not an internal error after a long collection.
 */
export function assertUsableFolder(dir: string, option: string, shown: string): void {
  let path = resolve(dir);
  for (;;) {
    let isDirectory: boolean | undefined;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') throw new UsageError(`${option} ${shown}: a file is in the way (a path through a file cannot be a folder)`);
      if (code !== 'ENOENT') throw new UsageError(`${option} ${shown}: cannot use ${path} (${code ?? 'unreadable'})`);
    }
    if (isDirectory === false) {
      throw new UsageError(path === resolve(dir) ? `${option} ${shown}: it is a file, not a folder` : `${option} ${shown}: ${path} is a file, not a folder`);
    }
    if (isDirectory === true) {
      try {
        accessSync(path, constants.W_OK);
      } catch {
        throw new UsageError(`${option} ${shown}: ${path} is not writable`);
      }
      return;
    }
    const parent = dirname(path);
    if (parent === path) return;
    path = parent;
  }
}
