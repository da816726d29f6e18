import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runCli, tempDir } from '../support/run-cli.js';

const FIXTURE = join(process.cwd(), 'test', 'fixtures', 'state.json');

describe('a snapshot from the earlier collector (state schema 1.0)', () => {
  it('is refused with exit 2 at its schemaVersion, saying why and what to do; nothing is written', async () => {
    const dir = tempDir('mph-old-state-');
    const old = readFileSync(FIXTURE, 'utf8').replace('"schemaVersion": "1.1"', '"schemaVersion": "1.0"');
    expect(old).toContain('"schemaVersion": "1.0"');
    const file = join(dir, 'old.json');
    writeFileSync(file, old);
    const r = await runCli(['scan', '--state', file, '--out', join(dir, 'out'), '--now', '2026-06-01T00:00:00Z']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/old\.json:\d+:\d+: \/schemaVersion state schema 1\.0 was written by an earlier collector .*collect the snapshot again \(schema 1\.1\)/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('the same snapshot at the current schema version is evaluated', async () => {
    const dir = tempDir('mph-old-state-');
    const r = await runCli(['scan', '--state', FIXTURE, '--out', join(dir, 'out'), '--now', '2026-06-01T00:00:00Z', '--fail-on', 'none', '--allow-incomplete', '--no-evidence']);
    expect(r.code).toBe(0);
  });
});
