import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { packagePath } from '../../src/core/paths.js';
import { runCli, tempDir } from '../support/run-cli.js';

const NOW = '2026-06-01T00:00:00Z';
const at = Date.parse(NOW);
const SECRET_LINK = 'https://files.example.com/shot.png?token=SeCrEtTok3nValue';

function section(name: string, attestedAt: string, expires: string, facts: string, evidence = 'https://tickets.example.com/SEC-1'): string {
  return `${name}:\n  attestedBy: ciso@example.com\n  attestedAt: ${attestedAt}\n  evidence: "${evidence}"\n  expires: ${expires}\n${facts}`;
}

function file(dir: string, ...sections: string[]): string {
  const path = join(dir, 'attestations.yaml');
  writeFileSync(path, `version: 1\n${sections.join('')}`);
  return path;
}

const attest = (dir: string, args: string[]) => runCli(['attest', '--now', NOW, ...args], { cwd: dir, now: at });

describe('attest --due', () => {
  it('lists attestations expired or ending within the period (by expires or by the age limit); exit 1 when one has expired', async () => {
    const dir = tempDir('mph-due-');
    file(dir,
      section('twoFactor', '2025-06-01', '2026-05-15', '  requiredOrgWide: true\n', SECRET_LINK),
      section('scim', '2026-01-01', '2026-06-20', '  enabled: true\n'),
      section('sso', '2025-06-10', '2027-01-01', '  configured: true\n  enforced: true\n  claimedDomains: []\n  breakGlassAccounts: []\n'),
      section('accessReview', '2026-05-01', '2027-01-01', '  lastCompleted: 2026-05-01\n'));
    const run = await attest(dir, ['--due']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/expired\s+twoFactor\s+ended 2026-05-15T00:00:00Z, by its expires date/);
    expect(run.stdout).toMatch(/due\s+sso\s+ends 2026-06-10T00:00:00Z \(in 9 day\(s\)\), by the P365D age limit/);
    expect(run.stdout).toMatch(/due\s+scim\s+ends 2026-06-20/);
    expect(run.stdout).not.toContain('accessReview');
    // Evidence is never printed: a link may carry a token.
    expect(run.stdout + run.stderr).not.toContain('SeCrEt');
  });

  it('exit 0 when nothing has expired; the period is the one given', async () => {
    const dir = tempDir('mph-due-');
    file(dir, section('scim', '2026-01-01', '2026-06-20', '  enabled: true\n'));
    const soon = await attest(dir, ['--due', 'P30D']);
    expect(soon.code).toBe(0);
    expect(soon.stdout).toMatch(/due\s+scim/);
    const week = await attest(dir, ['--due', 'P7D']);
    expect(week.code).toBe(0);
    expect(week.stdout).toMatch(/No attestation in attestations\.yaml has expired or ends within P7D/);
  });

  it('--json prints the list for scripts, with the same exit code; --json without --due is bad usage', async () => {
    const dir = tempDir('mph-due-');
    file(dir, section('scim', '2025-09-01', '2026-05-20', '  enabled: true\n'));
    const run = await attest(dir, ['--due', '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      file: 'attestations.yaml', now: NOW, within: 'P30D',
      attestations: [{ section: 'scim', attestedBy: 'ciso@example.com', ends: '2026-05-20T00:00:00Z', by: 'expires', state: 'expired', daysLeft: -12 }],
    });
    expect((await attest(dir, ['--json'])).code).toBe(2);
  });

  it('warns when an evidence file no longer matches its recorded sha256', async () => {
    const dir = tempDir('mph-due-');
    writeFileSync(join(dir, 'shot.png'), 'original');
    const sha = createHash('sha256').update('original').digest('hex');
    file(dir, section('scim', '2026-01-01', '2027-01-01', '  enabled: true\n', `shot.png sha256:${sha}`));
    expect((await attest(dir, ['--due'])).stderr).toBe('');
    writeFileSync(join(dir, 'shot.png'), 'replaced');
    expect((await attest(dir, ['--due'])).stderr).toMatch(/evidence file of section "scim" \(shot\.png\) no longer matches its recorded sha256/);
  });

  it('bad input is exit 2: a period that is no duration, no file, a file with a mistake (file:line:col)', async () => {
    const dir = tempDir('mph-due-');
    expect((await attest(dir, ['--due'])).code).toBe(2);
    file(dir, section('scim', '2026-01-01', '2027-01-01', '  enabled: yes please\n'));
    const bad = await attest(dir, ['--due']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/attestations\.yaml:7:12: \/scim\/enabled must be boolean/);
    expect((await attest(dir, ['--due', 'P3X'])).stderr).toMatch(/ISO 8601 duration/);
  });
});

describe('attest writing the file', () => {
  it('without a report: a draft for every section an attestation could decide; the file is valid', async () => {
    const dir = tempDir('mph-attest-');
    const run = await attest(dir, []);
    expect(run.code).toBe(0);
    const text = readFileSync(join(dir, 'attestations.yaml'), 'utf8');
    expect(text.match(/^# ---- attest: \w+ ----$/gm)).toHaveLength(12);
    expect(text).toContain('no scan given');
    expect((await runCli(['validate', '--no-cases', '--attestations', join(dir, 'attestations.yaml')], { cwd: dir })).code).toBe(0);
  });

  it('keeps an existing file (the bundled example, comments and all) byte for byte, adding only drafts', async () => {
    const dir = tempDir('mph-attest-');
    const original = readFileSync(packagePath('examples', 'attestations.example.yaml'), 'utf8');
    writeFileSync(join(dir, 'attestations.yaml'), original);
    // Fresh: nothing to add, nothing changed.
    expect((await runCli(['attest', '--now', '2026-06-15T00:00:00Z'], { cwd: dir, now: at })).stdout).toContain('is up to date');
    expect(readFileSync(join(dir, 'attestations.yaml'), 'utf8')).toBe(original);
    // Expired: each section gets a draft marked Renew after the file; the file itself is untouched.
    const run = await runCli(['attest', '--now', '2027-06-01T00:00:00Z'], { cwd: dir, now: at });
    expect(run.code).toBe(0);
    const after = readFileSync(join(dir, 'attestations.yaml'), 'utf8');
    expect(after.startsWith(original.trimEnd())).toBe(true);
    expect(after.match(/^# Renew: the attestation of section "\w+" by .* expired on 2027-05-01/gm)).toHaveLength(12);
    const again = await runCli(['attest', '--now', '2027-06-01T00:00:00Z'], { cwd: dir, now: at });
    expect(again.stdout).toContain('is up to date');
    expect(readFileSync(join(dir, 'attestations.yaml'), 'utf8')).toBe(after);
  });

  it('records the sha256 of an evidence file a person named in a filled-in section, and says so', async () => {
    const dir = tempDir('mph-attest-');
    writeFileSync(join(dir, 'review.pdf'), 'signed review');
    const path = file(dir, section('accessReview', '2026-05-01', '2027-01-01', '  lastCompleted: 2026-05-01\n', 'review.pdf'));
    const run = await attest(dir, []);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Recorded the sha256 of the evidence file of: accessReview');
    expect(parseDocument(readFileSync(path, 'utf8')).getIn(['accessReview', 'evidence'])).toBe(`review.pdf sha256:${createHash('sha256').update('signed review').digest('hex')}`);
  });

  it('refuses a JSON attestations file and a report with a mistake (exit 2), and writes nothing', async () => {
    const dir = tempDir('mph-attest-');
    expect((await attest(dir, ['--attestations', 'att.json'])).code).toBe(2);
    writeFileSync(join(dir, 'report.json'), '{"schemaVersion": "1.1",\n "results": 3}');
    const bad = await attest(dir, ['--report', 'report.json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/report\.json:\d+:\d+: /);
    expect(existsSync(join(dir, 'attestations.yaml'))).toBe(false);
  });
});
