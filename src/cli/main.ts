#!/usr/bin/env node
import { processIo, redactingIo } from './io.js';
import { run } from './run.js';

// One sink for the whole process: run() and the last-resort handlers below share its redactor, so
// even an error that escapes run() is printed without the secrets collection registered.
const io = redactingIo(processIo());

function lastResort(err: unknown): void {
  io.stderr(`internal error: ${err instanceof Error ? err.message : 'unknown'}\n`);
  process.exitCode = 4;
}

// An error thrown outside the awaited chain (a stray callback) would otherwise reach Node's own
// printer, which writes the message and stack to stderr unredacted.
process.on('uncaughtException', (err) => {
  lastResort(err);
  process.exit(4);
});
process.on('unhandledRejection', (err) => {
  lastResort(err);
  process.exit(4);
});

// The only place that ends the process: set the code and let pending output drain.
run(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  lastResort,
);
