import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yargs from 'yargs';
import type { Terminal } from '../../src/attest/terminal-asker.js';
import { attestCommand } from '../../src/cli/commands/attest.js';
import type { CliIo, CommandResult } from '../../src/cli/io.js';
import { loadAttestations } from '../../src/collect/inputs/attestations.js';
import { tempDir } from '../support/run-cli.js';

const NOW = '2026-06-01T00:00:00Z';

/** A terminal whose person types the given lines. */
function typing(lines: string[], interactive = true): Terminal & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    interactive: () => interactive,
    asker: (write) => ({ ask: async (q) => { write(q); asked.push(q); return lines.shift(); }, close: () => undefined }),
  };
}

async function attest(dir: string, terminal: Terminal, args: string[] = []) {
  let out = '';
  const io: CliIo = { stdout: (t) => { out += t; }, stderr: (t) => { out += t; }, env: {}, cwd: dir, stdoutIsTty: true, stderrIsTty: true, now: () => Date.parse(NOW) };
  const result: CommandResult = { exitCode: -1 };
  await yargs().command(attestCommand(io, result, terminal)).strict().exitProcess(false).fail((msg, e) => {
    throw e ?? new Error(msg);
  }).parseAsync(['attest', '--now', NOW, '--level', 'L1', ...args]);
  return { code: result.exitCode, out };
}

describe('attest on a terminal', () => {
  it('asks section by section, writes what was answered (valid for scan) and drafts the rest', async () => {
    const dir = tempDir('mph-tty-');
    // L1 without a report: sso, twoFactor, ... in the policy order; answer no to sso, attest twoFactor.
    const t = typing(['no', 'yes', 'ciso@example.com', '', 'https://t.example.com/SEC-2', '', 'yes']);
    const run = await attest(dir, t);
    expect(run.code).toBe(0);
    expect(t.asked[0]).toMatch(/^Attest "sso" now\?/);
    expect(run.out).toMatch(/Organization Settings -> Access Security/);
    const file = join(dir, 'attestations.yaml');
    const loaded = loadAttestations(file, NOW);
    expect(loaded.slices.twoFactor?.data).toEqual({ requiredOrgWide: true });
    expect(loaded.slices.twoFactor?.provenance.attestation).toEqual({ attestedBy: 'ciso@example.com', attestedAt: '2026-06-01T00:00:00Z', evidence: 'https://t.example.com/SEC-2', expires: '2027-06-01T00:00:00Z' });
    expect(loaded.slices.sso).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toContain('# ---- attest: sso ----');
    expect(run.out).toContain('End of input');
  });

  it('renews an expired section only after a yes, keeping the comments around it', async () => {
    const dir = tempDir('mph-tty-');
    const file = join(dir, 'attestations.yaml');
    const old = '# Owned by the security team.\nversion: 1\n# Checked in the 2025 review.\ntwoFactor:\n  attestedBy: old@example.com\n  attestedAt: 2025-01-01\n  evidence: https://t.example.com/OLD\n  expires: 2026-01-01\n  requiredOrgWide: true\n';
    writeFileSync(file, old);
    const declined = await attest(dir, typing(['no', 'no']), ['--template']);
    expect(declined.code).toBe(0);
    // --template asks nothing: the expired section stays, a Renew draft follows it.
    expect(readFileSync(file, 'utf8').startsWith(old.trimEnd())).toBe(true);
    writeFileSync(file, old);
    const t = typing(['no', 'yes', 'new@example.com', '', 'https://t.example.com/NEW', '', 'no']);
    const renewed = await attest(dir, t);
    expect(renewed.code).toBe(0);
    expect(t.asked[1]).toMatch(/^Renew "twoFactor" \(the attestation of section "twoFactor" by old@example.com expired/);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# Owned by the security team.');
    expect(text).toContain('# Checked in the 2025 review.');
    expect(loadAttestations(file, NOW).slices.twoFactor?.data).toEqual({ requiredOrgWide: false });
    expect(text).not.toContain('old@example.com');
  });

  it('not a terminal: asks nothing and writes drafts', async () => {
    const dir = tempDir('mph-tty-');
    const t = typing(['yes'], false);
    expect((await attest(dir, t)).code).toBe(0);
    expect(t.asked).toEqual([]);
    expect(loadAttestations(join(dir, 'attestations.yaml'), NOW).slices).toEqual({});
  });
});
