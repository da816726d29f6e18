import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const BUILT_CLI = join(process.cwd(), 'dist', 'src', 'cli', 'main.js');

export interface SpawnedRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI as its own process (the way users run it): real argv, real environment,
 * real exit code. `npm test` builds dist/ before jest runs.
 */
export function spawnCli(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<SpawnedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], {
      cwd: opts.cwd ?? process.cwd(),
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not finish within ${opts.timeoutMs ?? 60000} ms: ${args.join(' ')}\n${stderr}`));
    }, opts.timeoutMs ?? 60000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
