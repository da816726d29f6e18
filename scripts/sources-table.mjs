#!/usr/bin/env node
/**
 * `npm run docs:sources`: regenerates the per-check sources table in docs/sources.md from the
 * bundled policies (src/plan/sources-table.ts), between its markers. With --check it changes
 * nothing and exits 1 when the file is out of date. Expects a build: the npm script builds first.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { loadPolicies } = await import(join(root, 'dist/src/policy/load-policies.js'));
const { sourcesTable, withSourcesTable } = await import(join(root, 'dist/src/plan/sources-table.js'));

const file = join(root, 'docs', 'sources.md');
const before = readFileSync(file, 'utf8');
const after = withSourcesTable(before, sourcesTable(loadPolicies()));
if (process.argv.includes('--check')) {
  if (after !== before) {
    process.stderr.write('docs/sources.md is out of date: run npm run docs:sources\n');
    process.exitCode = 1;
  }
} else if (after !== before) {
  writeFileSync(file, after);
  process.stdout.write('docs/sources.md updated\n');
} else {
  process.stdout.write('docs/sources.md is up to date\n');
}
