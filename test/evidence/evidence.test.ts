import { describe, expect, it } from '@jest/globals';
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redactArgv, REDACTED } from '../../src/evidence/redact.js';
import { verifyBundle } from '../../src/evidence/verify.js';
import { validator } from '../../src/core/schema-validator.js';
import type { EvidenceManifest } from '../../src/evidence/manifest.js';
import { hashFile, planBundle, sha256Hex, writeBundle } from '../../src/evidence/bundle.js';
import type { ScanReport } from '../../src/report/report.js';
import { cli, FIXTURES, POLICIES, SCAN_ARGS, tempDir } from '../fixtures/harness.js';

const EXCEPTIONS = join(FIXTURES, 'exceptions.yaml');

/** A fresh bundle from a fixture scan with an exceptions file; returns the output folder. */
async function freshBundle(extra: string[] = []): Promise<string> {
  const out = tempDir();
  const run = await cli([...SCAN_ARGS, '--format', 'all', '--out', out, '--exceptions', EXCEPTIONS, ...extra]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return out;
}

function manifestOf(dir: string): EvidenceManifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as EvidenceManifest;
}

describe('the evidence bundle', () => {
  it('holds the state, the policy files used, the inputs, every report and a manifest of sha256s', async () => {
    const out = await freshBundle();
    const dir = join(out, 'evidence');
    const m = manifestOf(dir);
    expect(validator('evidence-manifest')(m)).toBe(true);
    expect(m.files.map((f) => f.path)).toEqual([
      'inputs/exceptions/exceptions.yaml',
      'policies/MP-9.1.1.yaml', 'policies/MP-9.1.2.yaml', 'policies/MP-9.1.3.yaml', 'policies/MP-9.1.4.yaml', 'policies/MP-9.1.5.yaml', 'policies/MP-9.1.6.yaml',
      'reports/report.csv', 'reports/report.defectdojo.json', 'reports/report.html', 'reports/report.json', 'reports/report.junit.xml', 'reports/report.md', 'reports/report.ocsf.jsonl', 'reports/report.oscal.json', 'reports/report.sarif',
      'state/state.json',
    ]);
    for (const f of m.files) expect(sha256Hex(readFileSync(join(dir, f.path)))).toBe(f.sha256);
    expect(readFileSync(join(dir, 'state/state.json'))).toEqual(readFileSync(join(FIXTURES, 'state.json')));
    expect(readFileSync(join(dir, 'reports/report.json'), 'utf8')).toBe(readFileSync(join(out, 'report.json'), 'utf8'));
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { scan: { stateSha256: string; policiesSha256: string; exceptionsSha256: string } };
    expect(m.scan).toMatchObject({ now: '2026-06-01T00:00:00Z', level: 'L3', stateSha256: report.scan.stateSha256, policiesSha256: report.scan.policiesSha256, exceptionsSha256: report.scan.exceptionsSha256 });
    expect(m.tool.name).toBe('mixpanel-hardening');
    expect(m.command.slice(0, 2)).toEqual(['mixpanel-hardening', 'scan']);
  });

  it('always includes report.json, even when only HTML was asked for', async () => {
    const out = tempDir();
    const run = await cli([...SCAN_ARGS, '--format', 'html', '--out', out]);
    expect(run.code).toBe(0);
    expect(existsSync(join(out, 'report.json'))).toBe(false);
    expect(manifestOf(join(out, 'evidence')).files.filter((f) => f.role === 'report').map((f) => f.path)).toEqual(['reports/report.html', 'reports/report.json']);
  });

  it('verify-evidence passes on a fresh bundle (exit 0)', async () => {
    const out = await freshBundle();
    const run = await cli(['verify-evidence', join(out, 'evidence')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: intact \(17 files listed; manifest sha256 [0-9a-f]{64}\)/);
  });

  it('names the file after one byte of it changes (exit 1)', async () => {
    const out = await freshBundle();
    const dir = join(out, 'evidence');
    const file = join(dir, 'reports', 'report.csv');
    const bytes = readFileSync(file);
    bytes[10] = bytes[10]! ^ 0x01;
    writeFileSync(file, bytes);
    const run = await cli(['verify-evidence', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('NOT intact');
    expect(run.stdout).toMatch(/\n {2}changed +reports\/report\.csv: sha256 /);
    expect(run.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('names missing and extra files, and refuses a manifest pointing outside the bundle', async () => {
    const out = await freshBundle();
    const dir = join(out, 'evidence');
    rmSync(join(dir, 'policies', 'MP-9.1.3.yaml'));
    writeFileSync(join(dir, 'notes.txt'), 'added later');
    const v = verifyBundle(dir);
    expect(v.intact).toBe(false);
    expect(v.problems.map((p) => [p.kind, p.path])).toEqual([['missing', 'policies/MP-9.1.3.yaml'], ['extra', 'notes.txt']]);

    const m = manifestOf(dir);
    m.files.push({ path: '../outside.txt', role: 'input', sha256: 'a'.repeat(64), bytes: 1 });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    expect(verifyBundle(dir).problems.some((p) => p.kind === 'manifest' && p.path === '../outside.txt')).toBe(true);

    rmSync(join(dir, 'manifest.json'));
    const none = await cli(['verify-evidence', dir]);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('missing  manifest.json');
    expect((await cli(['verify-evidence', join(out, 'no-such-folder')])).code).toBe(2);
  });

  it('catches a swapped state snapshot whose manifest hash was rewritten to match', async () => {
    const out = await freshBundle();
    const dir = join(out, 'evidence');
    const state = join(dir, 'state', 'state.json');
    appendFileSync(state, ' ');
    const m = manifestOf(dir);
    const entry = m.files.find((f) => f.path === 'state/state.json')!;
    entry.sha256 = sha256Hex(readFileSync(state));
    entry.bytes += 1;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    const v = verifyBundle(dir);
    expect(v.intact).toBe(false);
    expect(v.problems).toEqual([expect.objectContaining({ kind: 'manifest', path: 'state/state.json' })]);
  });

  it('replaces an earlier bundle wholesale and refuses a folder that is not one', async () => {
    const out = await freshBundle();
    writeFileSync(join(out, 'evidence', 'stale.txt'), 'from before');
    const again = await cli([...SCAN_ARGS, '--format', 'json', '--out', out]);
    expect(again.code).toBe(0);
    expect(existsSync(join(out, 'evidence', 'stale.txt'))).toBe(false);
    expect(verifyBundle(join(out, 'evidence')).intact).toBe(true);

    const other = tempDir();
    writeFileSync(join(other, 'precious.txt'), 'keep me');
    const refused = await cli([...SCAN_ARGS, '--out', join(other, 'reports'), '--evidence', other]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('would replace the report folder');
    const refused2 = await cli([...SCAN_ARGS, '--out', tempDir(), '--evidence', other]);
    expect(refused2.code).toBe(2);
    expect(refused2.stderr).toContain('holds no evidence bundle');
    expect(readFileSync(join(other, 'precious.txt'), 'utf8')).toBe('keep me');
  });

  it('--no-evidence writes none; --evidence DIR writes it there', async () => {
    const out = tempDir();
    expect((await cli([...SCAN_ARGS, '--out', out, '--no-evidence'])).code).toBe(0);
    expect(existsSync(join(out, 'evidence'))).toBe(false);
    const ev = join(tempDir(), 'bundle');
    expect((await cli([...SCAN_ARGS, '--out', out, '--evidence', ev])).code).toBe(0);
    expect(verifyBundle(ev).intact).toBe(true);
  });

  it('files each input under its role, by file name only', async () => {
    const out = await freshBundle(['--config', join(FIXTURES, 'config.yaml')]);
    const m = manifestOf(join(out, 'evidence'));
    expect(m.files.filter((f) => f.path.startsWith('inputs/')).map((f) => [f.path, f.role, f.source])).toEqual([
      ['inputs/config/config.yaml', 'config', 'config.yaml'],
      ['inputs/exceptions/exceptions.yaml', 'exceptions', 'exceptions.yaml'],
    ]);
  });
});

describe('writing a bundle', () => {
  it('refuses a state file that is not the one the report cites, and leaves the earlier bundle alone', async () => {
    const out = await freshBundle();
    const dir = join(out, 'evidence');
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ScanReport;
    const changed = join(tempDir(), 'state.json');
    writeFileSync(changed, `${readFileSync(join(FIXTURES, 'state.json'), 'utf8')} `);
    const plan = planBundle({ report, argv: [], stateFile: changed, policies: { dir: POLICIES, checkIds: [] }, inputs: [], reports: [] });
    expect(() => writeBundle(dir, plan)).toThrow(/is not the file the report cites/);
    expect(verifyBundle(dir).intact).toBe(true);
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('hashes a file in chunks to the same digest as in one piece, with and without a byte-order mark', () => {
    const file = join(tempDir(), 'big.json');
    const body = Buffer.alloc(3 * (1 << 20) + 17, 'a');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]));
    const h = hashFile(file);
    expect(h.bytes).toBe(body.length + 3);
    expect(h.sha256).toBe(sha256Hex(readFileSync(file)));
    expect(h.textSha256).toBe(sha256Hex(body));
  });
});

describe('report.json in the bundle', () => {
  it('is the one rendering of the scan: the bundle and the history keep the same bytes, also when json is not a chosen format', async () => {
    const out = tempDir();
    const history = join(tempDir(), 'history');
    const run = await cli([...SCAN_ARGS, '--format', 'html', '--out', out, '--history', history]);
    expect(run.code).toBe(0);
    expect(existsSync(join(out, 'report.json'))).toBe(false);
    const kept = readdirSync(history).filter((n) => n.endsWith('.json'));
    expect(kept).toHaveLength(1);
    const bundled = readFileSync(join(out, 'evidence', 'reports', 'report.json'));
    expect(bundled.equals(readFileSync(join(history, kept[0]!)))).toBe(true);
    // The manifest's digest and size are those of the bytes written (taken from memory, not read back).
    const entry = manifestOf(join(out, 'evidence')).files.find((f) => f.path === 'reports/report.json')!;
    expect([entry.sha256, entry.bytes]).toEqual([sha256Hex(bundled), bundled.length]);
    expect(verifyBundle(join(out, 'evidence')).intact).toBe(true);
  });
});

describe('command-line redaction', () => {
  it('redacts values of secret-looking options and URL credentials, nothing else', () => {
    expect(redactArgv(['scan', '--api-secret', 's3cr3t', '--token=abc', '--state', 'x.json', '--password', '--out', 'r', 'https://user:pw@host/x', '--no-auth-check'])).toEqual([
      'scan', '--api-secret', REDACTED, `--token=${REDACTED}`, '--state', 'x.json', '--password', '--out', 'r', `https://${REDACTED}@host/x`, '--no-auth-check',
    ]);
  });
});

describe('reading back from the bundle folder (src/core/read-regular-file.ts)', () => {
  it('refuses a FIFO, a symlink and an oversize file by what the open descriptor is, without blocking', async () => {
    const { spawnSync } = await import('node:child_process');
    const { symlinkSync } = await import('node:fs');
    const { NotReadableError, readRegularFile } = await import('../../src/core/read-regular-file.js');
    const dir = tempDir();
    const fifo = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    symlinkSync('/dev/zero', join(dir, 'zero'));
    writeFileSync(join(dir, 'big'), 'x'.repeat(11));
    const reason = (f: () => unknown) => {
      try {
        f();
        return 'read';
      } catch (err) {
        return err instanceof NotReadableError ? err.reason : String(err);
      }
    };
    // hashFile is what verify-evidence hashes each listed file with: the same checks apply.
    expect(reason(() => hashFile(fifo))).toBe('not-regular');
    expect(reason(() => hashFile(join(dir, 'zero')))).toBe('symlink');
    expect(reason(() => readRegularFile(join(dir, 'big'), 10))).toBe('too-large');
    expect(readRegularFile(join(dir, 'big'), 11).toString()).toBe('x'.repeat(11));
    expect(reason(() => readRegularFile(join(dir, 'absent'), 10))).toBe('missing');
  });
});
