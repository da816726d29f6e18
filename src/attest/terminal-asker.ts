/**
 * Questions on a terminal: written through the command's (redacting) output, answers read a line
 * at a time from standard input with node:readline. A line-by-line reader is all the prompts need
 * (typed values, yes/no), so no prompt library is added for it.
 */
import { createInterface } from 'node:readline';
import type { Asker } from './prompt-session.js';

export interface TerminalAsker extends Asker {
  close(): void;
}

export function terminalAsker(input: NodeJS.ReadableStream, write: (text: string) => void): TerminalAsker {
  const rl = createInterface({ input, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  return {
    ask: async (question) => {
      write(question);
      const next = await lines.next();
      return next.done ? undefined : next.value;
    },
    close: () => rl.close(),
  };
}

/** Whether to ask, and how: the process's terminal, or a test's stand-in. */
export interface Terminal {
  /** Standard input and output are a terminal a person answers at. */
  interactive(stdoutIsTty: boolean): boolean;
  asker(write: (text: string) => void): TerminalAsker;
}

export const processTerminal: Terminal = {
  interactive: (stdoutIsTty) => stdoutIsTty && process.stdin.isTTY === true,
  asker: (write) => terminalAsker(process.stdin, write),
};
