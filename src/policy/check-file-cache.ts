/**
 * Check files loaded once per process while they are unchanged. A CLI process loads the pack once
 * anyway; a long-lived caller that runs the CLI in process many times (the test suite runs it
 * hundreds of times) would otherwise parse, validate and lint the same 45 files on every run, which
 * is most of a short run's time.
 *
 * A file counts as unchanged while its device, inode, size and modification and change times (in
 * nanoseconds) are; any write changes them. Each caller gets its own deep copy, so no run can
 * change a check another run reads.
 */
import { statSync } from 'node:fs';
import type { Check } from '../language/check.js';

interface Entry {
  stamp: string;
  check: Check;
}

const cache = new Map<string, Entry>();

function stampOf(file: string): string | undefined {
  try {
    const s = statSync(file, { bigint: true });
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    // Unreadable now: let the loader read it and say why.
    return undefined;
  }
}

/** `load(file)` unless the same unchanged file was loaded before; throws whatever `load` throws. */
export function cachedCheckFile(file: string, load: (file: string) => Check): Check {
  const stamp = stampOf(file);
  const hit = cache.get(file);
  if (stamp !== undefined && hit?.stamp === stamp) return structuredClone(hit.check);
  const check = load(file);
  if (stamp !== undefined) cache.set(file, { stamp, check: structuredClone(check) });
  return check;
}
