#!/usr/bin/env node
/**
 * Runs a Node script in this process and, when the process exits, writes its peak resident set
 * size (kilobytes) and CPU time (user and system, microseconds), from process.resourceUsage(), to
 * REPORT_FILE as JSON. The benchmark uses it where /usr/bin/time is not installed; the figures then
 * include this wrapper's own few milliseconds.
 *
 *   node scripts/bench-maxrss.mjs REPORT_FILE SCRIPT [ARGS...]     (SCRIPT may be -e CODE)
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
  const u = process.resourceUsage();
  writeFileSync(report, `${JSON.stringify({ maxRSS: u.maxRSS, userCPUTime: u.userCPUTime, systemCPUTime: u.systemCPUTime })}\n`);
});
if (script === '-e') {
  // `node -e 0`, the startup floor: nothing to import.
} else {
  // The script sees the command line it would have seen if run directly.
  process.argv = [process.argv[0], resolve(script), ...args];
  await import(pathToFileURL(resolve(script)).href);
}
