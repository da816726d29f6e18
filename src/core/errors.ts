/**
 * Errors that carry an exit code (the exit codes the README lists): 2 bad usage or input, 4 internal. The CLI entry point
 * is the only place that turns them into a process exit.
 */
export class ExitError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
    this.name = new.target.name;
  }
}

/** A problem at a place in an input file. */
export interface InputProblem {
  file: string;
  line?: number;
  column?: number;
  pointer?: string;
  message: string;
}

export function formatProblem(p: InputProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}:${p.column ?? 1}`;
  const pointer = p.pointer !== undefined && p.pointer !== '' ? ` ${p.pointer}` : '';
  return `${where}:${pointer} ${p.message}`;
}

/** Bad input (policy, state, attestation, CSV...): exit 2, nothing written. */
export class InputError extends ExitError {
  constructor(readonly problems: InputProblem[]) {
    super(problems.map(formatProblem).join('\n'), 2);
  }
  static at(file: string, message: string, line?: number, column?: number): InputError {
    return new InputError([{ file, message, ...(line === undefined ? {} : { line, column: column ?? 1 }) }]);
  }
}

/** Bad command line: exit 2. */
export class UsageError extends ExitError {
  constructor(message: string) {
    super(message, 2);
  }
}
