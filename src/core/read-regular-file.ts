import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/**
 * Files the tool reads back from a folder it wrote (an evidence manifest, a bundle's files, an IAM
 * tracker) may have been swapped for something else by whoever else can write there: a FIFO would
 * block a read forever, a link to /dev/zero would never end, a link could point anywhere. They are
 * opened without following a final symbolic link and without blocking, then judged by the opened
 * descriptor itself (no window between a check and the open), and read only up to a bound.
 */

export type NotReadableReason = 'symlink' | 'not-regular' | 'too-large' | 'missing' | 'unreadable';

export class NotReadableError extends Error {
  constructor(readonly reason: NotReadableReason, readonly path: string, detail: string) {
    super(detail);
    this.name = 'NotReadableError';
  }
}

const DESCRIPTIONS: Record<Exclude<NotReadableReason, 'too-large' | 'unreadable'>, string> = {
  symlink: 'is a symbolic link, not a regular file',
  'not-regular': 'is not a regular file (a FIFO, a device or a folder)',
  missing: 'does not exist',
};

export interface ReadOptions {
  /**
   * Follow a final symbolic link (still to a regular file only). For a file the user named
   * explicitly, such as an IAM tracker kept elsewhere; never for a file inside an evidence bundle.
   */
  followSymlink?: boolean;
}

/**
 * Opens `path` for reading if, and only if, it is a regular file (not through a final symlink,
 * unless `followSymlink`). The descriptor and its stats are handed to `use`, and closed afterwards
 * whatever happens.
 */
export function withRegularFile<T>(path: string, use: (fd: number, stats: Stats) => T, opts: ReadOptions = {}): T {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer that never comes.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (opts.followSymlink ? 0 : constants.O_NOFOLLOW));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new NotReadableError('symlink', path, DESCRIPTIONS.symlink);
    if (code === 'ENOENT') throw new NotReadableError('missing', path, DESCRIPTIONS.missing);
    if (code === 'ENXIO' || code === 'EISDIR') throw new NotReadableError('not-regular', path, DESCRIPTIONS['not-regular']);
    throw new NotReadableError('unreadable', path, `cannot be read: ${code ?? (err as Error).message}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new NotReadableError('not-regular', path, DESCRIPTIONS['not-regular']);
    return use(fd, stats);
  } finally {
    closeSync(fd);
  }
}

/** The whole of a regular file of at most `maxBytes` bytes (more: `too-large`, nothing read). */
export function readRegularFile(path: string, maxBytes: number, opts: ReadOptions = {}): Buffer {
  return withRegularFile(path, (fd, stats) => {
    if (stats.size > maxBytes) throw new NotReadableError('too-large', path, `is ${stats.size} bytes, above the ${maxBytes}-byte limit`);
    // The size is read once; a file that grows meanwhile is cut at the bound, never read past it.
    const buf = Buffer.allocUnsafe(Math.min(stats.size, maxBytes) + 1);
    let total = 0;
    for (;;) {
      const n = readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
      if (total === buf.length) break;
    }
    if (total > maxBytes) throw new NotReadableError('too-large', path, `grew above the ${maxBytes}-byte limit while it was read`);
    return buf.subarray(0, total);
  }, opts);
}
