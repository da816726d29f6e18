/**
 * Enumerated values in a snapshot file are normalised before they are judged (src/state/normalize-enums.ts),
 * through the real CLI: a project role " Admin " is admin, so MP-3.1.3 fails instead of turning
 * manual. A value still unknown afterwards is refused where it stands, never dropped.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runCli, tempDir } from '../support/run-cli.js';

const SMALL = readFileSync(join(process.cwd(), 'test', 'fixtures', 'small-state.yaml'), 'utf8');
const NO_GRANTS = 'lastUsed: "2026-05-01T00:00:00Z", projects: [] }';

function stateWith(grant: string): string {
  if (!SMALL.includes(NO_GRANTS)) throw new Error('small-state.yaml changed: update this test');
  return SMALL.replace(NO_GRANTS, `lastUsed: "2026-05-01T00:00:00Z", projects: [ ${grant} ] }`);
}

async function scan(state: string) {
  const dir = tempDir('mph-enum-');
  const file = join(dir, 'state.yaml');
  writeFileSync(file, state);
  const out = join(dir, 'out');
  const run = await runCli(['scan', '--state', file, '--out', out, '--now', '2026-06-01T00:00:00Z', '--fail-on', 'none', '--format', 'json', '--no-evidence']);
  return { file, out, run };
}

describe('enumerated values in a snapshot file', () => {
  it.each([' Admin ', 'ADMIN', 'admin'])('a project role "%s" is admin: MP-3.1.3 fails', async (role) => {
    const { out, run } = await scan(stateWith(`{ projectId: "1", role: "${role}", hasSensitiveAccess: false, targetType: " Individual" }`));
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { results: { id: string; status: string }[] };
    expect(report.results.find((r) => r.id === 'MP-3.1.3')?.status).toBe('fail');
  });

  it('an unknown target type stays visible: refused at its place, not dropped', async () => {
    const { file, run } = await scan(stateWith('{ projectId: "1", role: analyst, hasSensitiveAccess: false, targetType: robot }'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: /slices/serviceAccounts/data/0/projects/0/targetType must be one of`));
  });
});
