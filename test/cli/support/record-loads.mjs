// Preloaded with --import: records every module URL the process resolves, one per line, in the file
// named by MPH_RECORD_LOADS, so that a test can see which parts of the tool a command line loaded.
import { register } from 'node:module';

register(new URL('./record-loads-hooks.mjs', import.meta.url), { data: { file: process.env.MPH_RECORD_LOADS } });
