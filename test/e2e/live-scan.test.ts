import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { FIXTURE_NOW, startFakeMixpanel, type FakeMixpanel } from '../support/fake-mixpanel/index.js';
import { runCli, tempDir } from '../support/run-cli.js';
import { spawnCli } from '../support/spawn-cli.js';

// The CLI against a real HTTP server on 127.0.0.1 that plays Mixpanel. The full live scan runs the
// built CLI as its own process (the way users run it); the other commands run it in process, with
// the same argv, NO_COLOR, the same variables and the wall clock, which saves a Node start and a
// module load per command.
let fake: FakeMixpanel;
beforeAll(async () => {
  fake = await startFakeMixpanel();
});
afterEach(() => {
  fake.faults = {};
});
afterAll(async () => {
  await fake.close();
});

const examples = (f: string) => join(process.cwd(), 'examples', f);
const NOW = new Date(FIXTURE_NOW).toISOString();

/** The CLI in process, as spawnCli would run it. */
function cli(args: string[], opts: { env?: NodeJS.ProcessEnv } = {}) {
  return runCli(args, { env: { NO_COLOR: '1', ...opts.env }, now: Date.now() });
}

function env(): NodeJS.ProcessEnv {
  return {
    MIXPANEL_SERVICE_ACCOUNT_USERNAME: fake.credentials.username,
    MIXPANEL_SERVICE_ACCOUNT_SECRET: fake.credentials.secret,
    MIXPANEL_SCIM_TOKEN: fake.credentials.scimToken,
  };
}

const inputs = () => [
  '--attestations', examples('attestations.example.yaml'),
  '--members', examples('members.example.csv'),
  '--roster', examples('roster.example.yaml'),
  '--audit-log', examples('audit-log.example.ndjson'),
];

function readJson(file: string): { results: { id: string; status: string; message: string }[]; scan: { complete: boolean; stateSha256: string } } {
  return JSON.parse(readFileSync(file, 'utf8'));
}

describe('live scan against the loopback Mixpanel', () => {
  it('collects every documented slice, merges the files, and matches a later scan of the saved snapshot', async () => {
    const out = tempDir();
    const live = await spawnCli(['scan', '--api-base-url', fake.baseUrl, ...inputs(), '--out', out, '--now', NOW, '--format', 'all', '--fail-on', 'none', '--no-evidence'], { env: env() });
    expect(live.stderr).not.toMatch(/internal error/);
    expect([0, 3]).toContain(live.code);
    const files = readdirSync(out);
    expect(files).toEqual(expect.arrayContaining(['state.json', 'report.json', 'report.html']));

    const state = JSON.parse(readFileSync(join(out, 'state.json'), 'utf8'));
    for (const slice of ['projects', 'serviceAccounts', 'scimUsers', 'auditLog', 'members', 'roster', 'sso', 'twoFactor']) {
      expect([slice, state.slices[slice]?.status]).toEqual([slice, 'ok']);
    }
    expect(state.slices.serviceAccounts.provenance.source).toBe('api');
    expect(state.slices.members.provenance.source).toBe('export');
    expect(state.slices.sso.provenance.source).toBe('attestation');
    // Reads only: GET everywhere, POST to the audit-log query route alone.
    for (const r of fake.requests) {
      expect([r.method, r.method === 'GET' || (r.method === 'POST' && /\/audit-logs\/query$/.test(r.path))]).toEqual([r.method, true]);
    }

    const offline = tempDir();
    const replay = await cli(['scan', '--state', join(out, 'state.json'), '--out', offline, '--now', NOW, '--format', 'json', '--fail-on', 'none', '--allow-incomplete', '--no-evidence']);
    expect(replay.stderr).toBe('');
    expect(readFileSync(join(offline, 'report.json'), 'utf8')).toBe(readFileSync(join(out, 'report.json'), 'utf8'));

    for (const secret of [fake.credentials.secret, fake.credentials.scimToken, Buffer.from(`${fake.credentials.username}:${fake.credentials.secret}`).toString('base64')]) {
      expect(live.stdout + live.stderr).not.toContain(secret);
      for (const f of files) expect([f, readFileSync(join(out, f), 'utf8').includes(secret)]).toEqual([f, false]);
    }
  });

  it('a 403 on service accounts leaves their checks error with the reason, evaluates the rest, exit 3', async () => {
    fake.faults = { status: { orgServiceAccounts: 403 } };
    const out = tempDir();
    const r = await cli(['scan', '--api-base-url', fake.baseUrl, ...inputs(), '--out', out, '--now', NOW, '--fail-on', 'none', '--no-evidence'], { env: env() });
    expect(r.code).toBe(3);
    const report = readJson(join(out, 'report.json'));
    expect(report.scan.complete).toBe(false);
    const sa = report.results.filter((x) => x.id.startsWith('MP-3.1.') && x.id !== 'MP-3.1.10');
    expect(sa.length).toBeGreaterThan(5);
    for (const x of sa) {
      expect([x.id, x.status]).toEqual([x.id, 'error']);
      expect(x.message).toMatch(/owner\/admin|403/);
    }
    const others = report.results.filter((x) => !x.id.startsWith('MP-3.1.') && x.status !== 'error');
    expect(others.length).toBeGreaterThan(20);
    expect(others.some((x) => x.status === 'pass' || x.status === 'fail')).toBe(true);
  });

  it('collect writes the snapshot and prints its sha256; scan --state cites the same digest', async () => {
    const dir = tempDir();
    const c = await cli(['collect', '--api-base-url', fake.baseUrl, ...inputs(), '--out', join(dir, 'state.json')], { env: env() });
    expect([0, 3]).toContain(c.code);
    const digest = c.stdout.trim().split(/\s+/)[0];
    // `collect` reads the wall clock: a fixed --now before it would be refused (judging data from its future).
    const s = await cli(['scan', '--state', join(dir, 'state.json'), '--out', join(dir, 'out'), '--fail-on', 'none', '--allow-incomplete', '--no-evidence']);
    expect(s.code).toBe(0);
    expect(readJson(join(dir, 'out', 'report.json')).scan.stateSha256).toBe(digest);
  });

  it('a bad input file stops before any network call, exit 2', async () => {
    const before = fake.requests.length;
    const dir = tempDir();
    const r = await cli(['scan', '--api-base-url', fake.baseUrl, '--members', examples('roster.example.yaml'), '--out', join(dir, 'out')], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('roster.example.yaml');
    expect(fake.requests.length).toBe(before);
    expect(readdirSync(dir)).toEqual([]);
  });
});
