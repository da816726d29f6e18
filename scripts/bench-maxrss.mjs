#!/usr/bin/env node
/**
 * Runs a Node script in this process and, when the process exits, writes its peak resident set
 * size (kilobytes, from process.resourceUsage().maxRSS) to REPORT_FILE. The benchmark uses it to
 * measure peak memory where /usr/bin/time is not installed.
 *
 *   node scripts/bench-maxrss.mjs REPORT_FILE SCRIPT [ARGS...]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [report, script, ...args] = process.argv.slice(2);
if (!report || !script) {
  process.stderr.write('usage: bench-maxrss.mjs REPORT_FILE SCRIPT [ARGS...]\n');
  process.exit(2);
}
process.on('exit', () => {
  writeFileSync(report, `${process.resourceUsage().maxRSS}\n`);
});
// The script sees the command line it would have seen if run directly.
process.argv = [process.argv[0], resolve(script), ...args];
await import(pathToFileURL(resolve(script)).href);
