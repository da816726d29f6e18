import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useColor } from '../../src/cli/color.js';
import { closest, withOptionSuggestions } from '../../src/cli/suggest.js';
import { packagePath } from '../../src/core/paths.js';
import { cli, SCAN_ARGS, tempDir } from '../fixtures/harness.js';

const ESC = '\u001b[';
const demo = (out: string, ...more: string[]) => ['scan', '--demo', '--out', out, '--no-evidence', '--fail-on', 'none', '--allow-incomplete', ...more];

describe('colour', () => {
  it('auto colours only a terminal, and FORCE_COLOR, NO_COLOR and TERM=dumb are respected', () => {
    expect(useColor('auto', {}, true)).toBe(true);
    expect(useColor('auto', {}, false)).toBe(false);
    expect(useColor('auto', { TERM: 'dumb' }, true)).toBe(false);
    expect(useColor('auto', { NO_COLOR: '1' }, true)).toBe(false);
    expect(useColor('auto', { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(useColor('auto', { FORCE_COLOR: 'false' }, true)).toBe(false);
    expect(useColor('auto', { FORCE_COLOR: '1' }, false)).toBe(true);
    expect(useColor('never', { FORCE_COLOR: '1' }, true)).toBe(false);
    expect(useColor('always', { NO_COLOR: '1', TERM: 'dumb' }, false)).toBe(true);
  });

  it('--color always colours the summary, --no-color and --color never do not, whatever the environment', async () => {
    const always = await cli(demo(tempDir(), '--color', 'ALWAYS'));
    expect(always.code).toBe(0);
    expect(always.stdout).toContain(ESC);
    for (const flag of [['--no-color'], ['--color', 'never']]) {
      const r = await cli(demo(tempDir(), ...flag));
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain(ESC);
    }
    const bad = await cli(demo(tempDir(), '--color', 'purple'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Choices: "auto", "always", "never"/);
  });
});

describe('usage help', () => {
  it('with no command, names every command', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    for (const c of ['scan', 'collect', 'validate', 'list', 'diff', 'verify-evidence', 'offboard', 'attest']) expect(r.stderr).toContain(c);
  });

  it('suggests the command or option meant', async () => {
    const cmd = await cli(['scna', '--demo']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toContain('Did you mean scan?');
    const opt = await cli(['scan', '--demo', '--fromat', 'json']);
    expect(opt.code).toBe(2);
    expect(opt.stderr).toContain('--fromat: did you mean --format?');
    expect(closest('xyzzy', ['format', 'out'])).toBeUndefined();
    expect(withOptionSuggestions('Unknown argument: zzzzzzz', ['format'])).toBe('Unknown argument: zzzzzzz');
  });

  it('enum values are case-insensitive and stored canonically', async () => {
    const out = tempDir();
    const r = await cli([...SCAN_ARGS.filter((a, i, all) => a !== '--fail-on' && all[i - 1] !== '--fail-on'), '--level', 'l1', '--fail-on', 'High', '--format', 'JSON', '--out', out, '--no-evidence']);
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    expect(readdirSync(out)).toEqual(['report.json']);
    expect((await cli(['list', '--framework', 'SOC2', '--level', 'l2'])).code).toBe(0);
    expect((await cli(['scan', '--demo', '--level', 'L9', '--out', tempDir()])).code).toBe(2);
  });

  it('scan --help is grouped, with examples; offboard plan offers no Lexicon option', async () => {
    const scan = await cli(['scan', '--help']);
    const order = ['Inputs:', 'Collection (live scans):', 'Outputs:', 'Gates:', 'Examples:'].map((h) => scan.stdout.indexOf(h));
    for (const at of order) expect(at).toBeGreaterThanOrEqual(0);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const plan = await cli(['offboard', 'plan', '--help']);
    expect(plan.stdout).toContain('--email');
    expect(plan.stdout).not.toContain('--lexicon-projects');
    expect((await cli(['offboard', 'plan', '--email', 'a@example.com', '--lexicon-projects', '3'])).code).toBe(2);
  });
});

describe('an unusable --out is bad usage (exit 2), before anything is read', () => {
  it('a path through a file, or a file in the folder\'s place', async () => {
    const dir = tempDir();
    const file = join(dir, 'report.json');
    writeFileSync(file, '{}');
    for (const out of [join(file, 'sub'), file]) {
      const r = await cli([...SCAN_ARGS, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--out .*(a file is in the way|is a file, not a folder)/);
    }
    const collect = await cli(['collect', '--out', join(file, 'state.json')]);
    expect(collect.code).toBe(2);
    expect(existsSync(join(dir, 'state.json'))).toBe(false);
  });
});

describe('validate checks every input file kind', () => {
  const ex = (f: string) => packagePath('examples', f);

  it('accepts the examples of each kind and names each valid file', async () => {
    const r = await cli(['validate', '--no-cases', '--config', ex('config.example.yaml'), '--exceptions', ex('exceptions.example.yaml'), '--attestations', ex('attestations.example.yaml'), '--members', ex('members.example.csv'), '--roster', ex('roster.example.yaml'), '--audit-log', ex('audit-log.example.ndjson')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const kind of ['config', 'exceptions', 'attestations', 'members', 'roster', 'audit log']) expect(r.stdout).toContain(`valid: ${kind} `);
  });

  it('reports the problems of every bad file at once (exit 2)', async () => {
    const dir = tempDir();
    const bad = (name: string, text: string) => {
      const f = join(dir, name);
      writeFileSync(f, text);
      return f;
    };
    const r = await cli(['validate', '--no-cases',
      '--config', bad('config.yaml', 'params: { NOPE-1: { x: 1 } }\n'),
      '--exceptions', bad('exceptions.yaml', 'exceptions: [ {\n'),
      '--attestations', bad('att.yaml', 'sso: nonsense\n'),
      '--members', bad('members.csv', 'not,a,members,export\n1,2,3,4\n'),
      '--roster', bad('roster.yaml', '- 42\n'),
      '--audit-log', bad('audit.ndjson', '{not json\n')]);
    expect(r.code).toBe(2);
    for (const f of ['config.yaml', 'exceptions.yaml', 'att.yaml', 'members.csv', 'roster.yaml', 'audit.ndjson']) expect([f, r.stderr.includes(f)]).toEqual([f, true]);
  });
});

describe('diff', () => {
  it('says when a file is not a report, instead of parse errors', async () => {
    const out = tempDir();
    expect((await cli([...SCAN_ARGS, '--format', 'json,html,sarif', '--out', out, '--no-evidence'])).code).toBe(0);
    for (const other of ['report.html', 'report.sarif']) {
      const r = await cli(['diff', join(out, other), join(out, 'report.json')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${join(out, other)}: not a report.json written by mixpanel-hardening scan`);
    }
    expect((await cli(['diff', join(out, 'report.json'), join(out, 'report.json')])).code).toBe(0);
  });
});
