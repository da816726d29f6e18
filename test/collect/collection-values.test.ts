/**
 * Hostile values in the API's answers, end to end: the real CLI (`scan`, in process) against the
 * loopback fake Mixpanel serving an organization with one bad value. A date whose UTC year leaves
 * 0000-9999, a day that does not exist, a string longer than the state's schema allows, a payload
 * nested deeper than a snapshot may be: each costs its slice (`error`, with the reason), never the
 * scan (exit 4, no report). The rest is evaluated, and the snapshot saved is one `scan --state`
 * loads. Also: a live scan has one clock, `--now`, for collection and evaluation alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requiredSlices } from '../../src/engine/slice-usability.js';
import { loadPolicyPack } from '../../src/policy/policy-pack.js';
import type { SliceName } from '../../src/state/org-state.js';
import { FIXTURE_NOW, fixtureOrg, startFakeMixpanel, type FixtureOrg } from '../support/fake-mixpanel/index.js';
import { runCli, tempDir, type CliRun } from '../support/run-cli.js';
import { startFaultProxy, type ProxyRule } from '../robustness/support/fault-proxy.js';

const NOW = new Date(FIXTURE_NOW).toISOString();
const AUDIT = /^\/platform-us\/v1\/organizations\/\d+\/audit-logs\/query/;

interface Scenario {
  name: string;
  slice: SliceName;
  reason: RegExp;
  org?: (org: FixtureOrg) => void;
  rules?: ProxyRule[];
  extraArgs?: string[];
}

/** A value the fixture types do not allow: what a hostile server sends anyway. */
function loose<T>(v: unknown): T {
  return v as T;
}

/** One audit page whose only event carries a payload nested `depth` levels. */
function deepAuditPage(depth: number): string {
  const payload = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  return `{"results":[{"id":"evt-deep","created":"2026-06-15T10:00:00Z","user_email":"ada@acme.example","user_id":"900","project_id":"3001",`
    + `"entity":{"entity_type":"user","action":"role_changed","type":"user.role_changed","payload":${payload}}}],"pagination":{"previous_cursor":null,"next_cursor":null}}`;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'a service account expiry in epoch seconds 300000000000 (year 11476)', slice: 'serviceAccounts', reason: /expires.*UTC year \(11476\) is outside 0000-9999/,
    org: (o) => { o.serviceAccounts[0]!.expires = loose<string>(300000000000); },
  },
  {
    name: 'a service account expiry "+099999-01-01T00:00:00Z"', slice: 'serviceAccounts', reason: /expires.*not an ISO 8601/,
    org: (o) => { o.serviceAccounts[1]!.expires = '+099999-01-01T00:00:00Z'; },
  },
  {
    name: 'a service account created on 2026-02-31', slice: 'serviceAccounts', reason: /created.*day 31 does not exist in 2026-02/,
    org: (o) => { o.serviceAccounts[0]!.created = '2026-02-31T00:00:00Z'; },
  },
  {
    name: 'a service account username of 300 characters', slice: 'serviceAccounts', reason: /username must NOT have more than 255 characters/,
    org: (o) => { o.serviceAccounts[2]!.username = `${'x'.repeat(300)}.mp-service-account`; },
  },
  {
    name: 'a members "Last Active" of 9999-12-31T23:00:00-14:00 (year 10000 in UTC)', slice: 'members', reason: /UTC year \(10000\) is outside 0000-9999/,
    org: (o) => { o.members[1]!.lastActive = '9999-12-31T23:00:00-14:00'; }, extraArgs: ['--experimental-endpoints'],
  },
  {
    name: 'a members "Last Active" of 0000-01-01T00:00:00+01:00 (year -1 in UTC)', slice: 'members', reason: /UTC year \(-1\) is outside 0000-9999/,
    org: (o) => { o.members[0]!.lastActive = '0000-01-01T00:00:00+01:00'; }, extraArgs: ['--experimental-endpoints'],
  },
  {
    name: 'an audit event whose payload nests 2,000 levels', slice: 'auditLog', reason: /nested more than 100 levels/,
    rules: [{ path: AUDIT, fault: { kind: 'status', status: 200, body: deepAuditPage(2000) } }],
  },
  {
    name: 'a project name of 600 characters', slice: 'projects', reason: /name must NOT have more than 500 characters/,
    org: (o) => { o.projects[1]!.name = 'P'.repeat(600); },
  },
];

interface Outcome {
  run: CliRun;
  out: string;
  reload: CliRun;
}

// The bundled checks as the CLI loads them: the precompiled pack (loadPolicies' own output, used
// only while its digest matches the folder), not 45 YAML files parsed again in every test file.
const checks = loadPolicyPack().checks;
const outcomes = new Map<string, Outcome>();
const ENV_KEYS = (fake: { credentials: { username: string; secret: string; scimToken: string } }) => ({
  NO_COLOR: '1',
  MIXPANEL_SERVICE_ACCOUNT_USERNAME: fake.credentials.username,
  MIXPANEL_SERVICE_ACCOUNT_SECRET: fake.credentials.secret,
  MIXPANEL_SCIM_TOKEN: fake.credentials.scimToken,
});

async function runScenario(s: Scenario): Promise<Outcome> {
  const org = fixtureOrg();
  s.org?.(org);
  const fake = await startFakeMixpanel({ org });
  const proxy = await startFaultProxy(fake.baseUrl, s.rules ?? []);
  const out = join(tempDir('mph-values-'), 'out');
  try {
    const run = await runCli(['scan', '--api-base-url', proxy.baseUrl, '--region', 'US', '--out', out, '--now', NOW, '--fail-on', 'none', '--format', 'json', '--no-evidence', ...(s.extraArgs ?? [])], { env: ENV_KEYS(fake), now: FIXTURE_NOW });
    // What was saved loads again.
    const reload = await runCli(['scan', '--state', join(out, 'state.json'), '--out', join(out, 'again'), '--now', NOW, '--fail-on', 'none', '--allow-incomplete', '--format', 'json', '--no-evidence']);
    return { run, out, reload };
  } finally {
    await fake.close();
    await proxy.close();
  }
}

describe('hostile values in API answers', () => {
  beforeAll(async () => {
    const done = await Promise.all(SCENARIOS.map(async (s) => [s.name, await runScenario(s)] as const));
    for (const [name, o] of done) outcomes.set(name, o);
  }, 90_000);

  afterAll(() => outcomes.clear());

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: the slice is error with the reason, the rest is evaluated, the snapshot loads', (_n, s) => {
    const o = outcomes.get(s.name)!;
    const context = `${s.name}\nstdout: ${o.run.stdout.slice(0, 600)}\nstderr: ${o.run.stderr.slice(0, 1200)}`;
    expect({ context, code: o.run.code }).toEqual({ context, code: 3 });
    const state = JSON.parse(readFileSync(join(o.out, 'state.json'), 'utf8')) as { slices: Record<string, { status: string; reason?: string; data?: unknown }> };
    const slice = state.slices[s.slice]!;
    expect({ context, status: slice.status }).toEqual({ context, status: 'error' });
    expect(slice.reason).toMatch(s.reason);
    expect(slice.data).toBeUndefined();
    const unreadable = Object.entries(state.slices).filter(([, v]) => v.status === 'error' || v.status === 'forbidden').map(([k]) => k);
    expect(unreadable).toEqual([s.slice]);

    const report = JSON.parse(readFileSync(join(o.out, 'report.json'), 'utf8')) as { scan: { complete: boolean }; results: { id: string; status: string; message: string }[] };
    expect(report.scan.complete).toBe(false);
    const byId = new Map(report.results.map((r) => [r.id, r]));
    for (const check of checks) {
      const r = byId.get(check.id)!;
      if (check.requires.includes(s.slice)) expect({ id: r.id, status: r.status }).toEqual({ id: r.id, status: 'error' });
      else if (!requiredSlices(check.requires).includes(s.slice)) expect({ id: r.id, status: r.status }).not.toEqual({ id: r.id, status: 'error' });
    }
    // `scan --state` takes the snapshot the live scan saved (exit 3: it is incomplete, not refused).
    expect({ reload: o.reload.code, stderr: o.reload.stderr.slice(0, 500) }).toEqual({ reload: 0, stderr: '' });
    expect(o.run.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});

describe('enumerated values normalised at the edge', () => {
  it('a project role " Admin " from the API is admin: MP-3.1.3 fails, it does not turn manual', async () => {
    const org = fixtureOrg();
    // Account 503 holds only a consumer grant in the fixture: make it an untrimmed, capitalised admin.
    org.serviceAccounts[2]!.grants[0]!.role = loose<'admin'>(' Admin ');
    const fake = await startFakeMixpanel({ org });
    const out = join(tempDir('mph-enum-'), 'out');
    try {
      const run = await runCli(['scan', '--api-base-url', fake.baseUrl, '--region', 'US', '--out', out, '--now', NOW, '--fail-on', 'none', '--format', 'json', '--no-evidence'],
        { env: ENV_KEYS(fake), now: FIXTURE_NOW });
      expect(run.code).toBe(0);
      const state = JSON.parse(readFileSync(join(out, 'state.json'), 'utf8')) as { slices: { serviceAccounts: { data: { username: string; projects: { role: string }[] }[] } } };
      const sa = state.slices.serviceAccounts.data.find((a) => a.username.startsWith('scanner.'))!;
      expect(sa.projects.map((p) => p.role)).toEqual(['admin']);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { results: { id: string; status: string; resources: { id: string; status: string }[] }[] };
      const r = report.results.find((x) => x.id === 'MP-3.1.3')!;
      expect(r.status).toBe('fail');
      // The check's flip itself is proven on a snapshot in test/cli/enums.test.ts; here the state holds `admin`.
      expect(r.resources.length).toBeGreaterThan(0);
    } finally {
      await fake.close();
    }
  }, 60_000);
});

describe('one clock for a live scan', () => {
  it('--now is the collection\'s clock, and timestamps of past events after it are flagged', async () => {
    const fake = await startFakeMixpanel();
    const out = join(tempDir('mph-clock-'), 'out');
    // The wall clock of the process is a year later: collection must not read it.
    const wall = FIXTURE_NOW + 365 * 86400_000;
    const now = '2026-05-20T00:00:00Z';
    try {
      const run = await runCli(['scan', '--api-base-url', fake.baseUrl, '--region', 'US', '--out', out, '--now', now, '--fail-on', 'none', '--format', 'json', '--no-evidence'],
        { env: ENV_KEYS(fake), now: wall });
      expect(run.code).toBe(0);
      const state = JSON.parse(readFileSync(join(out, 'state.json'), 'utf8')) as {
        generatedAt: string;
        slices: Record<string, { provenance: { collectedAt: string }; data?: { window?: { end: string } } }>;
      };
      expect(state.generatedAt).toBe(now);
      expect(state.slices.auditLog?.data?.window?.end).toBe(now);
      // Every slice, read from the API or from a file, says it was collected at the run's clock.
      const stamps = Object.entries(state.slices).map(([name, slice]) => [name, slice.provenance.collectedAt]);
      expect(stamps.length).toBeGreaterThan(3);
      expect(stamps).toEqual(stamps.map(([name]) => [name, now]));
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { scan: { now: string; clock?: { dataAfterNow?: { count: number; examples: string[] } } } };
      expect(report.scan.now).toBe(now);
      // The fixture's service account 501 was last used on 2026-06-01, after this clock.
      expect(report.scan.clock?.dataAfterNow?.count).toBeGreaterThan(0);
      expect(report.scan.clock?.dataAfterNow?.examples).toContain('/slices/serviceAccounts/data/0/lastUsed');
      expect(run.stderr).toMatch(/warning: \d+ timestamp\(s\) of past events are later than the scan's clock 2026-05-20T00:00:00Z/);
    } finally {
      await fake.close();
    }
  }, 60_000);

  it('--audit-window P99999Y is a bounded option: exit 2 naming the bound, no request sent, nothing written', async () => {
    const fake = await startFakeMixpanel();
    const out = join(tempDir('mph-clock-'), 'out');
    try {
      const run = await runCli(['scan', '--api-base-url', fake.baseUrl, '--region', 'US', '--out', out, '--now', NOW, '--fail-on', 'none', '--format', 'json', '--no-evidence', '--audit-window', 'P99999Y'],
        { env: ENV_KEYS(fake), now: FIXTURE_NOW });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--audit-window must be at most 100 years/);
      expect(existsSync(out)).toBe(false);
    } finally {
      await fake.close();
    }
  }, 60_000);
});
