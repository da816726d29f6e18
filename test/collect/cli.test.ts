import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import yargs from 'yargs';
import { collectCommand } from '../../src/cli/commands/collect.js';
import type { CliIo, CommandResult } from '../../src/cli/io.js';
import { collectOptions, optionsFromArgv } from '../../src/collect/cli-options.js';
import { progressReporter } from '../../src/collect/progress.js';
import { UsageError } from '../../src/core/errors.js';
import { loadStateFile } from '../../src/state/load-state.js';
import { FIXTURE_NOW, startFakeMixpanel, type FakeMixpanel } from '../support/fake-mixpanel/index.js';
import { TempFiles } from './inputs/temp-files.js';

let fake: FakeMixpanel;
const tmp = new TempFiles();
beforeAll(async () => {
  fake = await startFakeMixpanel();
});
afterEach(() => {
  fake.faults = {};
});
afterAll(async () => {
  await fake.close();
  tmp.remove();
});

interface Captured {
  io: CliIo;
  out: string[];
  err: string[];
}

function capture(tty: boolean, envOverride: Record<string, string> = {}): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: {
        MIXPANEL_SERVICE_ACCOUNT_USERNAME: fake.credentials.username,
        MIXPANEL_SERVICE_ACCOUNT_SECRET: fake.credentials.secret,
        MIXPANEL_SCIM_TOKEN: fake.credentials.scimToken,
        ...envOverride,
      },
      cwd: tmp.dir,
      stdoutIsTty: false,
      stderrIsTty: tty,
      now: () => FIXTURE_NOW,
    },
  };
}

async function runCollect(c: Captured, args: string[]): Promise<number> {
  const result: CommandResult = { exitCode: -1 };
  await yargs().command(collectCommand(c.io, result)).strict().exitProcess(false).fail((msg, e) => {
    throw e ?? new Error(msg);
  }).parseAsync(['collect', ...args]);
  return result.exitCode;
}

describe('collect command', () => {
  it('writes the snapshot and prints its sha256 in sha256sum form', async () => {
    const c = capture(false);
    const code = await runCollect(c, ['--api-base-url', fake.baseUrl, '--out', 'snap/state.json']);
    expect(code).toBe(0);
    const text = readFileSync(`${tmp.dir}/snap/state.json`, 'utf8');
    const digest = createHash('sha256').update(text).digest('hex');
    expect(c.out).toEqual([`${digest}  snap/state.json\n`]);
    // The lead's loader accepts it, and agrees on the digest the reports will cite.
    expect(loadStateFile(`${tmp.dir}/snap/state.json`).sha256).toBe(digest);
    expect(readdirSync(`${tmp.dir}/snap`)).toEqual(['state.json']);
    // Not a terminal: plain log lines, one per slice, and no page counts.
    expect(c.err[0]).toMatch(/^organization 4242 /);
    expect(c.err.join('')).toMatch(/^ {2}projects: ok$/m);
    expect(c.err.join('')).not.toMatch(/page \d/);
    for (const s of [fake.credentials.secret, fake.credentials.scimToken]) expect(text).not.toContain(s);
  });

  it('exits 3 when a slice could not be read, still writing the snapshot, and says which', async () => {
    fake.faults = { status: { orgServiceAccounts: 403 } };
    const c = capture(false);
    const code = await runCollect(c, ['--api-base-url', fake.baseUrl, '--out', 'forbidden.json']);
    expect(code).toBe(3);
    expect(c.err.join('')).toMatch(/^incomplete: serviceAccounts could not be read; see the reasons in .*forbidden\.json\n$/m);
    expect(loadStateFile(`${tmp.dir}/forbidden.json`).state.slices.serviceAccounts!.status).toBe('forbidden');
    expect(await runCollect(capture(false), ['--api-base-url', fake.baseUrl, '--out', 'forbidden.json', '--allow-incomplete'])).toBe(0);
  });

  it('shows progress on a terminal, without secrets; --quiet silences it', async () => {
    fake.faults = { storms: [{ route: 'me', status: 503, times: 1 }] };
    const c = capture(true);
    await runCollect(c, ['--api-base-url', fake.baseUrl, '--out', 'p.json']);
    const progress = c.err.join('');
    expect(progress).toMatch(/^organization 4242 "Acme Analytics" in region US, 4 projects$/m);
    expect(progress).toMatch(/^ {2}serviceAccounts: ok$/m);
    expect(progress).toMatch(/^ {2}scimUsers: page 3, 7 so far$/m);
    expect(progress).toMatch(/^ {2}retry GET 127\.0\.0\.1:\d+\/us\/api\/app\/me in \d\.\d s \(HTTP 503, attempt 1\)$/m);
    for (const s of [fake.credentials.secret, fake.credentials.scimToken]) expect(progress).not.toContain(s);
    const q = capture(true);
    await runCollect(q, ['--api-base-url', fake.baseUrl, '--out', 'q.json', '--quiet']);
    expect(q.err).toEqual([]);
  });
});

describe('optionsFromArgv', () => {
  const io = { env: {}, cwd: '/work/here', stderr: () => undefined, stderrIsTty: false };
  const NOW = Date.parse('2026-06-01T00:00:00Z');

  it('resolves files against cwd, converts seconds, parses the region', () => {
    const o = optionsFromArgv({
      region: 'eu', attestations: 'a.yaml', members: '/abs/m.csv', 'audit-log': 'log.ndjson', roster: 'r.csv', timeout: 2.5,
      'credentials-file': 'creds.yaml', 'lexicon-projects': 0, concurrency: 2, 'experimental-endpoints': true, 'organization-id': '42',
    }, io, NOW);
    expect(o).toMatchObject({
      region: 'EU', timeoutMs: 2500, lexiconProjects: 0, concurrency: 2, experimentalEndpoints: true, organizationId: '42',
      credentialsFile: '/work/here/creds.yaml',
      inputs: { attestations: '/work/here/a.yaml', members: '/abs/m.csv', auditLog: '/work/here/log.ndjson', roster: '/work/here/r.csv' },
    });
    // The clock given is the collection's: nothing else is read.
    expect(o.now.getTime()).toBe(NOW);
  });

  it('rejects a bad region or timeout', () => {
    expect(() => optionsFromArgv({ region: 'APAC' }, io, NOW)).toThrow(UsageError);
    expect(() => optionsFromArgv({ timeout: 0 }, io, NOW)).toThrow(/--timeout must be a positive number of seconds/);
  });

  it('offers no option that could carry a secret', () => {
    expect(Object.keys(collectOptions).filter((k) => /secret|token|password|username/i.test(k))).toEqual([]);
  });

  it('progress: a non-terminal gets plain log lines for each slice, wait, retry and warning, not pages', () => {
    const lines: string[] = [];
    const report = progressReporter({ write: (t) => lines.push(t), isTty: false, quiet: false });
    report({ type: 'slice', slice: 'lexicon', phase: 'done', status: 'ok' });
    report({ type: 'page', slice: 'scimUsers', page: 2, items: 200 });
    report({ type: 'wait', slice: 'lexicon', ms: 12000, why: 'rate limit' });
    report({ type: 'retry', method: 'GET', route: 'me', delayMs: 1000, reason: '503', attempt: 2 });
    report({ type: 'warning', message: 'careful' });
    expect(lines).toEqual(['  lexicon: ok\n', '  lexicon: waiting 12 s (rate limit)\n', '  retry GET me in 1.0 s (503, attempt 2)\n', 'warning: careful\n']);
    const quiet: string[] = [];
    const silent = progressReporter({ write: (t) => quiet.push(t), isTty: false, quiet: true });
    silent({ type: 'warning', message: 'careful' });
    expect(quiet).toEqual([]);
  });
});
