#!/usr/bin/env node
import { processIo } from './io.js';
import { run } from './run.js';

// The only place that ends the process: set the code and let pending output drain.
run(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`internal error: ${(err as Error).message}\n`);
    process.exitCode = 4;
  },
);
