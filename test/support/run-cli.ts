import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import type { CliIo } from '../../src/cli/io.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output and no terminal. */
export async function runCli(argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; now?: number; waitFor?: (delayMs: number) => number } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    env: opts.env ?? { NO_COLOR: '1' },
    cwd: opts.cwd ?? process.cwd(),
    stdoutIsTty: false,
    stderrIsTty: false,
    now: () => opts.now ?? Date.parse('2026-06-01T00:00:00Z'),
    ...(opts.waitFor ? { waitFor: opts.waitFor } : {}),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

export function tempDir(prefix = 'mph-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
