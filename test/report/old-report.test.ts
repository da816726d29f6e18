import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runCli, tempDir } from '../support/run-cli.js';
import { REPORT_SCHEMA_VERSION } from '../../src/report/report.js';

const STATE = join(process.cwd(), 'test', 'fixtures', 'state.json');
const NOW = '2026-06-01T00:00:00Z';

describe('a report.json from the earlier version (report schema 1.0)', () => {
  it('as a baseline or a side of diff: exit 2 at /schemaVersion saying what to do, not a list of missing fields', async () => {
    const dir = tempDir('mph-old-report-');
    const scan = await runCli(['scan', '--state', STATE, '--out', join(dir, 'now'), '--now', NOW, '--format', 'json', '--fail-on', 'none', '--allow-incomplete', '--no-evidence']);
    expect(scan.code).toBe(0);
    const current = readFileSync(join(dir, 'now', 'report.json'), 'utf8');
    expect(current).toContain(`"schemaVersion": "${REPORT_SCHEMA_VERSION}"`);
    const old = join(dir, 'old.json');
    writeFileSync(old, current.replace(`"schemaVersion": "${REPORT_SCHEMA_VERSION}"`, `"schemaVersion": "1.0"`));
    const diff = await runCli(['diff', old, join(dir, 'now', 'report.json')]);
    expect(diff.code).toBe(2);
    expect(diff.stderr).toMatch(/old\.json:\d+:\d+: \/schemaVersion report schema 1\.0 was written by an earlier version/);
    const base = await runCli(['scan', '--state', STATE, '--out', join(dir, 'next'), '--now', NOW, '--baseline', old, '--fail-on', 'none', '--allow-incomplete', '--no-evidence']);
    expect(base.code).toBe(2);
    expect(base.stderr).toContain('run one scan without --baseline');
    // The current report diffs cleanly against itself.
    expect((await runCli(['diff', join(dir, 'now', 'report.json'), join(dir, 'now', 'report.json')])).code).toBe(0);
  });
});
