import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { runCli, tempDir, type CliRun } from '../support/run-cli.js';
import { validator } from '../../src/core/schema-validator.js';

const SMALL = join(process.cwd(), 'test', 'fixtures', 'small-state.yaml');
const NOW = '2026-06-01T00:00:00Z';

/**
 * The default scan of the small state (json and html, exit 1), run once: several cases read its
 * output (the report's validity, HTML escaping, determinism, the verdict a config override changes).
 */
let base: { out: string; run: CliRun };
beforeAll(async () => {
  const out = tempDir();
  base = { out, run: await runCli(['scan', '--state', SMALL, '--out', out, '--now', NOW]) };
});

describe('scan --state', () => {
  it('writes a schema-valid JSON report and an HTML report, exit 1 on failures', () => {
    const { out, run: r } = base;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(validator('report')(report)).toBe(true);
    const sa = report.results.find((x: { id: string }) => x.id === 'MP-3.1.1');
    expect(sa.status).toBe('fail');
    expect(sa.resources[0].observed).toBeNull();
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });

  it('is byte-identical for the same state, policies and --now', async () => {
    // The base run wrote the default formats, json and html; this one names them.
    const a = base.out;
    const b = tempDir();
    await runCli(['scan', '--state', SMALL, '--out', b, '--now', NOW, '--format', 'json,html']);
    expect(readFileSync(join(a, 'report.json'), 'utf8')).toBe(readFileSync(join(b, 'report.json'), 'utf8'));
    expect(readFileSync(join(a, 'report.html'), 'utf8')).toBe(readFileSync(join(b, 'report.html'), 'utf8'));
  });

  it('escapes organization data in HTML and allows no remote or unhashed script', () => {
    const html = readFileSync(join(base.out, 'report.html'), 'utf8');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;');
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('--fail-on gates by severity and none never fails', async () => {
    const out = tempDir();
    expect((await runCli(['scan', '--state', SMALL, '--out', out, '--now', NOW, '--fail-on', 'critical'])).code).toBe(0);
    expect((await runCli(['scan', '--state', SMALL, '--out', out, '--now', NOW, '--fail-on', 'high'])).code).toBe(1);
    expect((await runCli(['scan', '--state', SMALL, '--out', out, '--now', NOW, '--fail-on', 'none'])).code).toBe(0);
  });

  it('an unreadable slice makes the scan incomplete: exit 3 unless --allow-incomplete', async () => {
    const dir = tempDir();
    const file = join(dir, 'state.yaml');
    writeFileSync(file, readFileSync(SMALL, 'utf8').replace(/ {2}serviceAccounts:\n {4}status: ok/, '  serviceAccounts:\n    status: forbidden\n    reason: "403: lacks the owner/admin role"'));
    const r = await runCli(['scan', '--state', file, '--out', join(dir, 'out'), '--now', NOW, '--fail-on', 'none']);
    expect(r.code).toBe(3);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(report.scan.complete).toBe(false);
    const sa = report.results.find((x: { id: string }) => x.id === 'MP-3.1.1');
    expect(sa.status).toBe('error');
    expect(sa.message).toContain('403');
    expect((await runCli(['scan', '--state', file, '--out', join(dir, 'out'), '--now', NOW, '--fail-on', 'none', '--allow-incomplete'])).code).toBe(0);
  });

  it('--level L1 runs only L1 checks', async () => {
    const out = tempDir();
    await runCli(['scan', '--state', SMALL, '--out', out, '--now', NOW, '--level', 'L1']);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.results.length).toBeGreaterThan(0);
    expect(report.results.every((x: { level: string }) => x.level === 'L1')).toBe(true);
  });
});

describe('bad input: file:line:col, exit 2, nothing written', () => {
  it('rejects a state that does not validate, naming pointer and position', async () => {
    const dir = tempDir();
    const file = join(dir, 'state.yaml');
    writeFileSync(file, readFileSync(SMALL, 'utf8').replace('orgRole: owner', 'orgRole: superuser'));
    const out = join(dir, 'out');
    const r = await runCli(['scan', '--state', file, '--out', out, '--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:11:\\d+: /slices/members/data/0/orgRole must be one of`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects YAML syntax errors and duplicate keys with positions', async () => {
    const dir = tempDir();
    const file = join(dir, 'state.yaml');
    writeFileSync(file, 'schemaVersion: "1.0"\nschemaVersion: "1.0"\n');
    const r = await runCli(['scan', '--state', file, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/state\.yaml:2:1: .*[Uu]nique/);
  });

  it('rejects an invalid policy with file:line:col and writes nothing', async () => {
    const dir = tempDir();
    const policies = join(dir, 'checks');
    mkdirSync(policies);
    const source = join(process.cwd(), 'policies', 'checks', 'MP-2.3.1.yaml');
    copyFileSync(source, join(policies, 'MP-2.3.1.yaml'));
    writeFileSync(join(policies, 'MP-2.3.1.yaml'), readFileSync(source, 'utf8').replace('severity: high', 'severity: severe').replace('nist-800-53: [AC-6(1), AC-6(5)]', 'nist-800-53: [AC-6(1), AC-99]'));
    const out = join(dir, 'out');
    const r = await runCli(['scan', '--state', SMALL, '--policies', policies, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/MP-2\.3\.1\.yaml:4:11: \/severity must be one of/);
    expect(existsSync(out)).toBe(false);
    const lint = await runCli(['validate', '--policies', policies]);
    expect(lint.code).toBe(2);
  });

  it('reports a policy whose id does not match its file, and an undeclared parameter', async () => {
    const dir = tempDir();
    const source = readFileSync(join(process.cwd(), 'policies', 'checks', 'MP-2.3.1.yaml'), 'utf8');
    writeFileSync(join(dir, 'MP-9.9.9.yaml'), source.replace('{ param: maxOwners }', '{ param: maxOwnerz }'));
    const r = await runCli(['validate', '--policies', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not match the file name');
    expect(r.stderr).toContain('parameter "maxOwnerz" is not declared');
  });

  it('rejects a config that overrides an unknown parameter', async () => {
    const dir = tempDir();
    const config = join(dir, 'config.yaml');
    writeFileSync(config, 'params:\n  MP-2.3.1:\n    maxOwnerz: 4\n');
    const r = await runCli(['scan', '--state', SMALL, '--config', config, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/config\.yaml:3:\d+: .*no parameter "maxOwnerz"/);
    expect(readdirSync(dir)).toEqual(['config.yaml']);
  });

  it('a config override changes the verdict', async () => {
    const dir = tempDir();
    const config = join(dir, 'config.yaml');
    // The fixture has one owner: MP-2.3.2 (at least two) fails by default and passes at minOwners 1.
    const before = JSON.parse(readFileSync(join(base.out, 'report.json'), 'utf8'));
    expect(before.results.find((x: { id: string }) => x.id === 'MP-2.3.2').status).toBe('fail');
    writeFileSync(config, 'params:\n  MP-2.3.2:\n    minOwners: 1\n');
    await runCli(['scan', '--state', SMALL, '--config', config, '--out', join(dir, 'out'), '--now', NOW]);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    const owners = report.results.find((x: { id: string }) => x.id === 'MP-2.3.2');
    expect(owners.status).toBe('pass');
    expect(owners.params.minOwners).toBe(1);
  });

  it('rejects an unknown format and a --now without a zone', async () => {
    expect((await runCli(['scan', '--state', SMALL, '--format', 'pdf'])).code).toBe(2);
    const r = await runCli(['scan', '--state', SMALL, '--now', '2026-06-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--now');
  });
});

describe('list and validate', () => {
  it('lists checks filtered by level and framework', async () => {
    const all = JSON.parse((await runCli(['list', '--json'])).stdout);
    const l1 = JSON.parse((await runCli(['list', '--json', '--level', 'L1'])).stdout);
    expect(l1.length).toBeGreaterThan(0);
    expect(l1.length).toBeLessThan(all.length);
    const cis = JSON.parse((await runCli(['list', '--json', '--framework', 'cis-v8'])).stdout);
    expect(cis.every((c: { frameworks: Record<string, string[]> }) => (c.frameworks['cis-v8'] ?? []).length > 0)).toBe(true);
    // The guide's citations are listed apart from the assessed mappings, with each parameter's bounds.
    const owners = all.find((c: { id: string }) => c.id === 'MP-3.1.3');
    expect(owners.guideFrameworks['nist-800-53']).toEqual(['SC-12']);
    expect(owners.frameworks['nist-800-53']).not.toContain('SC-12');
    expect(all.find((c: { id: string }) => c.id === 'MP-2.3.2').paramBounds).toEqual({ minOwners: { min: 1, max: 100 } });
  });

  it('validate runs every case of the bundled pack', async () => {
    const r = await runCli(['validate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d+ checks valid, \d+ cases pass/);
  });
});

describe('examples', () => {
  it('the example config is valid against the bundled policy pack and takes effect', async () => {
    const out = tempDir();
    const r = await runCli(['scan', '--state', SMALL, '--config', join(process.cwd(), 'examples', 'config.example.yaml'), '--out', out, '--now', NOW, '--fail-on', 'none']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.results.find((x: { id: string }) => x.id === 'MP-5.1.1').params.maxInactivity).toBe('P60D');
  });
});

describe('the demo as npm run demo runs it', () => {
  it('shows all six statuses and an exceptions register with active, expiring and expired entries', async () => {
    const out = tempDir();
    const r = await runCli(['scan', '--demo', '--exceptions', join(process.cwd(), 'demo', 'exceptions.yaml'), '--format', 'all', '--out', out, '--fail-on', 'none', '--allow-incomplete']);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    for (const status of ['pass', 'fail', 'manual', 'not_applicable', 'error', 'excepted']) {
      expect([status, report.summary.byStatus[status] > 0]).toEqual([status, true]);
    }
    const states = Object.fromEntries(report.exceptions.map((e: { id: string; state: string; expiresSoon: boolean }) => [e.id, `${e.state}${e.expiresSoon ? '+soon' : ''}`]));
    expect(states).toEqual({ 'HF-RISK-014': 'active', 'HF-RISK-017': 'active+soon', 'HF-RISK-009': 'expired' });
    expect(readdirSync(out).sort()).toEqual(['evidence', 'report.csv', 'report.defectdojo.json', 'report.html', 'report.json', 'report.junit.xml', 'report.md', 'report.ocsf.jsonl', 'report.oscal.json', 'report.sarif']);
  });
});
