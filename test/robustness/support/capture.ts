/**
 * Runs the CLI in process like test/support/run-cli.ts, but can present stderr as a terminal, so
 * that the progress display (shown only on a terminal) is captured too.
 */
import { readdirSync, readFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../../src/cli/run.js';
import type { CliIo } from '../../../src/cli/io.js';

export interface Captured {
  argv: string[];
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCaptured(argv: string[], opts: { env: NodeJS.ProcessEnv; cwd: string; now: number; tty?: boolean }): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    env: opts.env,
    cwd: opts.cwd,
    stdoutIsTty: opts.tty === true,
    stderrIsTty: opts.tty === true,
    now: () => opts.now,
  };
  const code = await run(argv, io);
  return { argv, code, stdout, stderr };
}

/** Every regular file under `dir`, recursively, as [path, bytes]; symlinks are listed, not followed. */
export function filesUnder(dir: string): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const st = lstatSync(path);
    if (st.isDirectory()) out.push(...filesUnder(path));
    else if (st.isFile()) out.push([path, readFileSync(path)]);
  }
  return out;
}
