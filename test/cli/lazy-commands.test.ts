import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMAND_TABLE, commandsNamedIn } from '../../src/cli/command-table.js';
import type { CliIo, CommandResult } from '../../src/cli/io.js';
import { buildParser } from '../../src/cli/run.js';
import { runCli } from '../support/run-cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const io: CliIo = { stdout: () => undefined, stderr: () => undefined, env: {}, cwd: ROOT, stdoutIsTty: false, stderrIsTty: false, now: () => 0 };

/** The tool's own modules a command line loads, as paths under dist/src (needs `npm run build`). */
function loadedModules(args: string[]): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'mph-loads-')), 'loads.txt');
  const r = spawnSync(process.execPath, ['--import', join(ROOT, 'test', 'cli', 'support', 'record-loads.mjs'), CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, MPH_RECORD_LOADS: file, NODE_OPTIONS: '' },
  });
  expect(r.status).toBe(0);
  return readFileSync(file, 'utf8').split('\n').filter((u) => u.includes('/dist/src/')).map((u) => u.slice(u.indexOf('/dist/src/') + '/dist/src/'.length));
}

describe('command table', () => {
  it.each(COMMAND_TABLE.map((c) => [c.name, c] as const))('%s: the table says what the module says', async (_name, entry) => {
    const result: CommandResult = { exitCode: 0 };
    const module = await entry.load(io, result, []);
    expect(module.command).toBe(entry.command);
    expect(module.describe).toBe(entry.describe);
    expect(String(module.command).split(' ')[0]).toBe(entry.name);
  });

  it('finds the command after a value-taking global option, and only named ones', () => {
    expect([...commandsNamedIn(['--color', 'always', 'scan', '--demo'])]).toEqual(['scan']);
    expect([...commandsNamedIn(['--version'])]).toEqual([]);
    expect([...commandsNamedIn(['lst'])]).toEqual([]);
  });

  it('--help lists every command, loaded or not', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMAND_TABLE) expect(r.stdout).toContain(`mixpanel-hardening ${c.command}`);
  });

  it('a mistyped command still gets a suggestion and exit 2', async () => {
    const r = await runCli(['lst']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('list');
  });

  it('running a command does not format its help page (yargs would keep one for a showHelp the tool never calls)', async () => {
    const argv = ['list', '--json'];
    const result: CommandResult = { exitCode: 0 };
    const parser = await buildParser(io, result, argv);
    await parser.parseAsync(argv);
    const usage = (parser as unknown as { getInternalMethods(): { getUsageInstance(): { hasCachedHelpMessage(): boolean } } }).getInternalMethods().getUsageInstance();
    expect(result.exitCode).toBe(0);
    expect(usage.hasCachedHelpMessage()).toBe(false);
  });

  it('runs the named command (a stub never stands in for it)', async () => {
    const r = await runCli(['list', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).length).toBeGreaterThan(0);
  });
});

const built = existsSync(CLI);
(built ? describe : describe.skip)('modules loaded by the built CLI', () => {
  it('--version loads no command module', () => {
    const loaded = loadedModules(['--version']);
    expect(loaded).toContain('cli/run.js');
    expect(loaded.filter((m) => m.startsWith('cli/commands/'))).toEqual([]);
    expect(loaded.filter((m) => m.startsWith('engine/') || m.startsWith('collect/') || m.startsWith('report/'))).toEqual([]);
  });

  it('list loads the list command and not scan, collect or the collector', () => {
    const loaded = loadedModules(['list']);
    expect(loaded).toContain('cli/commands/list.js');
    expect(loaded).not.toContain('cli/commands/scan.js');
    expect(loaded).not.toContain('cli/commands/collect.js');
    expect(loaded.filter((m) => m.startsWith('collect/') || m.startsWith('mixpanel/client'))).toEqual([]);
  });
});
