/**
 * The process edges a command may touch; tests pass their own.
 *
 * Output is structural about secrets: `run` wraps whatever CliIo it is given with `redactingIo`, so
 * every line any command writes to stdout or stderr (progress, warnings, errors, stack traces with
 * --debug, help) passes through the one Redactor that live collection registers its credentials in
 * the moment it reads them. A command has no other way to write: nothing in src/ writes to
 * process.stdout or process.stderr except `processIo` below (a test checks it).
 */
import { Redactor } from '../mixpanel/redactor.js';

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
  /** The secrets known so far; `redactingIo` supplies one when the caller did not. */
  redactor?: Redactor;
  /**
   * Maps a retry wait the HTTP client computed (ms) to the time actually waited (ClientOptions'
   * `waitFor`). Absent for the process (`processIo`): every wait is waited in full. Tests pass
   * `() => 1` to run every attempt of a retry storm without sleeping through the back-off.
   */
  waitFor?: (delayMs: number) => number;
}

/** A CliIo whose two output streams redact every write with its (shared) redactor. */
export function redactingIo(io: CliIo): CliIo & { redactor: Redactor } {
  const redactor = io.redactor ?? new Redactor();
  return {
    ...io,
    redactor,
    stdout: (t) => io.stdout(redactor.redact(t)),
    stderr: (t) => io.stderr(redactor.redact(t)),
  };
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
