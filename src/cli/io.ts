/** The process edges a command may touch; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Whether stdout and stderr are terminals (for colors and progress). */
  stdoutIsTty: boolean;
  stderrIsTty: boolean;
  /** The wall clock, read only here at the edge. */
  now: () => number;
}

export function processIo(): CliIo {
  // A reader that goes away (`scan ... | head`) is not an error of ours: stop writing quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    now: () => Date.now(),
  };
}

/** What a command handler leaves for the entry point: the exit code. */
export interface CommandResult {
  exitCode: number;
}
