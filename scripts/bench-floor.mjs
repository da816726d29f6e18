#!/usr/bin/env node
/**
 * The benchmark's floor: what any tool must pay to handle a state file at all. Reads it, parses it
 * and serializes it again in the format `collect` writes (2-space indented JSON, as serializeState
 * does), and nothing else. A scan's time and memory are reported as multiples of this.
 *
 *   node scripts/bench-floor.mjs STATE_FILE
 */
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: bench-floor.mjs STATE_FILE\n');
  process.exit(2);
}
const text = readFileSync(file, 'utf8');
const out = `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
// Use the result, so that no engine could skip the work.
process.stdout.write(`${out.length}\n`);
