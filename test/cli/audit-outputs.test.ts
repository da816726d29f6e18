import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { create } from 'xmlbuilder2';
import { verifyBundle } from '../../src/evidence/verify.js';
import { packagePath } from '../../src/core/paths.js';
import type { ScanReport } from '../../src/report/report.js';
import { cli, FIXTURES, NOW, oscalValidator, POLICIES, sarifValidator, SCAN_ARGS, STATE, tempDir } from '../fixtures/harness.js';

const ALL = ['report.csv', 'report.defectdojo.json', 'report.html', 'report.json', 'report.junit.xml', 'report.md', 'report.ocsf.jsonl', 'report.oscal.json', 'report.sarif'];

function reportFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith('report.')).sort();
}

/** Every file under a folder with its bytes, for whole-tree comparison. */
function tree(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, tree(dir, p));
    else out[p] = readFileSync(join(dir, p)).toString('base64');
  }
  return out;
}

describe('scan --format', () => {
  it('all writes the nine formats, each valid for its consumer', async () => {
    const out = tempDir();
    const run = await cli([...SCAN_ARGS, '--format', 'all', '--out', out]);
    expect(run.code).toBe(0);
    expect(reportFiles(out)).toEqual(ALL);
    expect(oscalValidator()(JSON.parse(readFileSync(join(out, 'report.oscal.json'), 'utf8')))).toBe(true);
    expect(sarifValidator()(JSON.parse(readFileSync(join(out, 'report.sarif'), 'utf8')))).toBe(true);
    expect(() => parse(readFileSync(join(out, 'report.csv'), 'utf8'), { columns: true })).not.toThrow();
    expect(() => create(readFileSync(join(out, 'report.junit.xml'), 'utf8'))).not.toThrow();
  });

  it('takes any list of formats', async () => {
    const out = tempDir();
    expect((await cli([...SCAN_ARGS, '--format', 'sarif, md,junit', '--out', out])).code).toBe(0);
    expect(reportFiles(out)).toEqual(['report.junit.xml', 'report.md', 'report.sarif']);
  });

  it('refuses an unknown format before writing anything (exit 2)', async () => {
    const out = tempDir();
    const run = await cli([...SCAN_ARGS, '--format', 'json,pdf', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown format "pdf"; choose from json, html, sarif, csv, junit, oscal, md, defectdojo, ocsf or all');
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('reproducibility', () => {
  it('scan --state S --now T twice gives identical report.json, every other format and the evidence bundle', async () => {
    const a = tempDir();
    const b = tempDir();
    // Same relative --out in two working folders, so even the recorded command line is the same.
    const argv = ['scan', '--policies', POLICIES, '--state', STATE, '--now', NOW, '--exceptions', join(FIXTURES, 'exceptions.yaml'), '--format', 'all', '--out', 'out', '--fail-on', 'none', '--allow-incomplete', '--quiet'];
    expect((await cli(argv, a)).code).toBe(0);
    expect((await cli(argv, b)).code).toBe(0);
    expect(readFileSync(join(a, 'out', 'report.json'), 'utf8')).toBe(readFileSync(join(b, 'out', 'report.json'), 'utf8'));
    expect(tree(join(a, 'out'))).toEqual(tree(join(b, 'out')));
  });
});

describe('scan --exceptions', () => {
  it('applies active, expired and unused exceptions and warns about the ones needing attention', async () => {
    const out = tempDir();
    const run = await cli(['scan', '--policies', POLICIES, '--state', STATE, '--now', NOW, '--allow-incomplete', '--exceptions', join(FIXTURES, 'exceptions.yaml'), '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      'warning: exception EX-PARTIAL (MP-9.1.2) expires soon: 20 day(s) left (expires 2026-06-20)',
      expect.stringMatching(/^warning: exception EX-EXPIRED \(MP-9\.1\.1\) expired: expired at 2026-03-01T00:00:00Z/),
      expect.stringMatching(/^warning: exception EX-UNUSED \(MP-9\.1\.4\) is unused: matches nothing/),
    ]);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ScanReport;
    expect(report.exceptions!.map((e) => [e.id, e.state, e.effect])).toEqual([
      ['EX-ACTIVE', 'active', 'check'], ['EX-PARTIAL', 'active', 'resources'], ['EX-EXPIRED', 'expired', 'none'], ['EX-UNUSED', 'unused', 'none'],
    ]);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const state of ['active', 'expired', 'unused']) expect(html).toContain(`data-state="${state}"`);
  });

  it('rejects an invalid exceptions file with file:line:col and writes nothing (exit 2)', async () => {
    const out = tempDir();
    const file = join(tempDir(), 'ex.yaml');
    writeFileSync(file, 'exceptions:\n  - id: EX-1\n    check: MP-9.1.2\n    justification: short\n    owner: o\n    created: 2026-01-01\n    expires: 2026-03-01\n');
    const run = await cli([...SCAN_ARGS, '--out', out, '--exceptions', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:4:20: /exceptions/0/justification must NOT have fewer than 10 characters`);
    expect(readdirSync(out)).toEqual([]);
  });

  it('enforces the configured maximum duration', async () => {
    const file = join(tempDir(), 'long.yaml');
    writeFileSync(file, 'exceptions:\n  - { id: EX-1, check: MP-9.1.2, justification: Long enough to count as one, owner: o, created: 2026-01-01, expires: 2027-01-20 }\n');
    expect((await cli([...SCAN_ARGS, '--out', tempDir(), '--exceptions', file])).code).toBe(2);
    expect((await cli([...SCAN_ARGS, '--out', tempDir(), '--exceptions', file, '--config', join(FIXTURES, 'config.yaml')])).code).toBe(0);
  });
});

describe('help and usage', () => {
  it('lists the new commands and the exit codes', async () => {
    const run = await cli(['--help']);
    expect(run.stdout).toContain('diff <old> <new>');
    expect(run.stdout).toContain('verify-evidence <dir>');
    expect(run.stdout).toContain('Exit codes:');
    const scan = await cli(['scan', '--help']);
    for (const opt of ['--exceptions', '--baseline', '--fail-on-new', '--evidence']) expect(scan.stdout).toContain(opt);
  });

  it('--evidence without a folder is a usage error', async () => {
    const run = await cli([...SCAN_ARGS, '--out', tempDir(), '--evidence']);
    expect(run.code).toBe(2);
  });
});

const demoExists = existsSync(packagePath('demo', 'org-state.json'));

(demoExists ? describe : describe.skip)('the bundled demo', () => {
  it('scan --demo --format all writes nine valid formats and an intact evidence bundle', async () => {
    const out = tempDir();
    const run = await cli(['scan', '--demo', '--format', 'all', '--out', out, '--fail-on', 'none', '--allow-incomplete', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(reportFiles(out)).toEqual(ALL);
    const validateOscal = oscalValidator();
    expect(validateOscal(JSON.parse(readFileSync(join(out, 'report.oscal.json'), 'utf8')))).toBe(true);
    const validateSarif = sarifValidator();
    expect(validateSarif(JSON.parse(readFileSync(join(out, 'report.sarif'), 'utf8')))).toBe(true);
    const rows = parse(readFileSync(join(out, 'report.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(verifyBundle(join(out, 'evidence')).intact).toBe(true);
  });
});
