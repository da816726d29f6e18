/** Test helper: input files written to a fresh temporary folder. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class TempFiles {
  readonly dir = mkdtempSync(join(tmpdir(), 'mph-inputs-'));

  write(name: string, text: string): string {
    const p = join(this.dir, name);
    writeFileSync(p, text);
    return p;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The problems of an InputError as `file:line:col message` lines, with the folder stripped. */
export function problemsOf(fn: () => unknown, dir: string): string[] {
  try {
    fn();
  } catch (err) {
    return (err as Error).message.split('\n').map((l) => l.split(`${dir}/`).join(''));
  }
  throw new Error('expected an input error');
}
