#!/usr/bin/env node
/**
 * The collection section of `npm run bench`: runs test/bench/collect-scale.ts (the loopback fake
 * Mixpanel and the real collector, both TypeScript under test/) with tsx, a dev dependency, and
 * passes on the one JSON object it prints ({ text, targets, runs }).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const script = join(ROOT, 'test', 'bench', 'collect-scale.ts');
if (!existsSync(join(ROOT, 'node_modules', 'tsx'))) {
  process.stderr.write('tsx (a dev dependency) is not installed: run npm ci\n');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...process.argv.slice(2)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26, timeout: 1_200_000 });
if (r.status !== 0) {
  process.stderr.write(`${(r.stderr || r.stdout || String(r.error ?? r.signal)).trim().split('\n').slice(0, 5).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(r.stdout);
