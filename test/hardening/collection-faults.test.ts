/**
 * Faults during live collection, end to end: the real CLI (`scan`, in process) against the loopback
 * fake Mixpanel, with faults injected by the fake's own knobs or by a fault proxy in front of it.
 * Each scenario must end in bounded time with exit 3, the affected slice unreadable with its reason,
 * the checks that need it `error` with that reason, every other check evaluated, and a report
 * (JSON, HTML, console) that says the scan is incomplete.
 *
 * The scenarios run concurrently (each with its own servers and folders): the slow ones (timeouts,
 * resets) spend their time in the client's retry back-off, not in work.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requiredSlices } from '../../src/engine/slice-usability.js';
import { loadPolicies } from '../../src/policy/load-policies.js';
import type { SliceName } from '../../src/state/org-state.js';
import { FIXTURE_NOW, startFakeMixpanel, type Faults } from '../support/fake-mixpanel/index.js';
import { runCli, tempDir, type CliRun } from '../support/run-cli.js';
import { startFaultProxy, startRecorder, type FaultProxy, type ProxyRule, type Recorder } from './support/fault-proxy.js';

const NOW = new Date(FIXTURE_NOW).toISOString();
/** Any scenario taking longer than this has hung (the client's retries take at most ~25 s). */
const BOUND_MS = 60_000;

const ORG_SA = /^\/us\/api\/app\/organizations\/\d+\/service-accounts/;
const SCIM = /^\/us\/api\/app\/scim\/v2\/Users/;
const AUDIT = /^\/platform-us\/v1\/organizations\/\d+\/audit-logs\/query/;

interface Scenario {
  name: string;
  slice: SliceName;
  reason: RegExp;
  faults?: Faults;
  rules?: (recorder: Recorder) => ProxyRule[];
  extraArgs?: string[];
}

const SCENARIOS: Scenario[] = [
  { name: 'a request that times out on every attempt', slice: 'serviceAccounts', reason: /tim(e|ed) ?out/i, faults: { slowRoutes: { orgServiceAccounts: 2500 } }, extraArgs: ['--timeout', '1'] },
  { name: 'connection resets', slice: 'serviceAccounts', reason: /reset|ECONNRESET|connection/i, rules: () => [{ path: ORG_SA, fault: { kind: 'reset' } }] },
  { name: 'a 429 storm', slice: 'scimUsers', reason: /429|rate/i, faults: { storms: [{ route: 'scimUsers', status: 429, times: 1000, retryAfter: '1' }] } },
  { name: 'HTTP 500', slice: 'auditLog', reason: /500/, faults: { status: { auditLog: 500 } } },
  { name: 'truncated JSON', slice: 'serviceAccounts', reason: /JSON/i, rules: () => [{ path: ORG_SA, fault: { kind: 'truncate' } }] },
  { name: 'malformed JSON', slice: 'scimUsers', reason: /JSON/i, rules: () => [{ path: SCIM, fault: { kind: 'bad-json' } }] },
  { name: 'an HTML page instead of JSON (text/html)', slice: 'serviceAccounts', reason: /JSON|HTML|content/i, faults: { malformed: ['orgServiceAccounts'] } },
  { name: 'a wrong content type (text/plain)', slice: 'auditLog', reason: /JSON|content|text/i, rules: () => [{ path: AUDIT, fault: { kind: 'content-type', contentType: 'text/plain', body: 'Service temporarily unavailable' } }] },
  {
    name: 'a redirect to another host', slice: 'serviceAccounts', reason: /401|redirect|authenticat/i,
    rules: (r) => [{ path: ORG_SA, fault: { kind: 'redirect', location: (p) => `${r.baseUrl}${p}` } }],
  },
  {
    name: 'a SCIM redirect to another host', slice: 'scimUsers', reason: /401|redirect|authenticat/i,
    rules: (r) => [{ path: SCIM, fault: { kind: 'redirect', location: (p) => `${r.baseUrl}${p}` } }],
  },
  { name: 'audit-log pages that repeat a cursor', slice: 'auditLog', reason: /cursor/i, rules: () => [{ path: AUDIT, fault: { kind: 'repeat-cursor' } }] },
  { name: 'SCIM totalResults above the users listed', slice: 'scimUsers', reason: /totalResults|inconsistent|incomplete/i, rules: () => [{ path: SCIM, fault: { kind: 'scim-total', totalResults: 1_000_000 } }] },
  { name: 'SCIM totalResults below the users listed', slice: 'scimUsers', reason: /totalResults|inconsistent|incomplete/i, rules: () => [{ path: SCIM, fault: { kind: 'scim-total', totalResults: 2 } }] },
];

interface Outcome {
  run: CliRun;
  elapsed: number;
  out: string;
  proxy: FaultProxy;
  recorder: Recorder;
}

interface ReportLike {
  scan: { complete: boolean };
  results: { id: string; status: string; message: string }[];
}

const checks = loadPolicies();
const outcomes = new Map<string, Outcome>();

async function runScenario(s: Scenario): Promise<Outcome> {
  const fake = await startFakeMixpanel(s.faults ? { faults: s.faults } : {});
  const recorder = await startRecorder(401);
  const proxy = await startFaultProxy(fake.baseUrl, s.rules ? s.rules(recorder) : []);
  const out = join(tempDir('mph-fault-'), 'out');
  const env = {
    NO_COLOR: '1',
    MIXPANEL_SERVICE_ACCOUNT_USERNAME: fake.credentials.username,
    MIXPANEL_SERVICE_ACCOUNT_SECRET: fake.credentials.secret,
    MIXPANEL_SCIM_TOKEN: fake.credentials.scimToken,
  };
  const started = Date.now();
  try {
    const run = await runCli(['scan', '--api-base-url', proxy.baseUrl, '--region', 'US', '--out', out, '--now', NOW, '--fail-on', 'none', ...(s.extraArgs ?? [])], { env, now: FIXTURE_NOW });
    return { run, elapsed: Date.now() - started, out, proxy, recorder };
  } finally {
    await fake.close();
    await recorder.close();
    await proxy.close();
  }
}

describe('faults during live collection', () => {
  beforeAll(async () => {
    const done = await Promise.all(SCENARIOS.map(async (s) => [s.name, await runScenario(s)] as const));
    for (const [name, o] of done) outcomes.set(name, o);
  }, BOUND_MS + 30_000);

  afterAll(() => outcomes.clear());

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: bounded, exit 3, the slice\'s checks error with the reason, the others evaluated, report incomplete', (_n, s) => {
    const o = outcomes.get(s.name)!;
    const context = `${s.name}\nstdout: ${o.run.stdout.slice(0, 600)}\nstderr: ${o.run.stderr.slice(0, 600)}`;
    expect({ context, code: o.run.code }).toEqual({ context, code: 3 });
    expect(o.elapsed).toBeLessThan(BOUND_MS);

    // The snapshot says which slice could not be read, and why.
    const state = JSON.parse(readFileSync(join(o.out, 'state.json'), 'utf8')) as { slices: Record<string, { status: string; reason?: string }> };
    const slice = state.slices[s.slice]!;
    expect({ context, status: slice.status }).toEqual({ context, status: 'error' });
    expect(slice.reason).toMatch(s.reason);
    const unreadable = Object.entries(state.slices).filter(([, v]) => v.status === 'error' || v.status === 'forbidden').map(([k]) => k);
    expect(unreadable).toEqual([s.slice]);

    const report = JSON.parse(readFileSync(join(o.out, 'report.json'), 'utf8')) as ReportLike;
    expect(report.scan.complete).toBe(false);
    const byId = new Map(report.results.map((r) => [r.id, r]));
    let affected = 0;
    for (const check of checks) {
      const r = byId.get(check.id)!;
      const needs = check.requires.some((req) => req === s.slice);
      const mentions = requiredSlices(check.requires).includes(s.slice);
      if (needs) {
        affected++;
        expect({ id: r.id, status: r.status }).toEqual({ id: r.id, status: 'error' });
        expect(r.message).toContain(s.slice);
        expect(r.message).toMatch(s.reason);
      } else if (!mentions) {
        expect({ id: r.id, status: r.status }).not.toEqual({ id: r.id, status: 'error' });
      }
    }
    expect(affected).toBeGreaterThan(0);

    // People see it too: the HTML banner and the console summary.
    expect(readFileSync(join(o.out, 'report.html'), 'utf8')).toContain('id="incomplete"');
    expect(o.run.stdout).toMatch(/Scan incomplete/);
    expect(o.run.stdout).not.toMatch(/\n\s+at /);
    expect(o.run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a redirect to another host is refused: the other host never gets a request, let alone credentials', () => {
    for (const name of ['a redirect to another host', 'a SCIM redirect to another host']) {
      const o = outcomes.get(name)!;
      expect(o.proxy.requests.some((r) => r.fault === 'redirect' && r.authorized)).toBe(true);
      expect(o.recorder.requests).toEqual([]);
    }
  });

  it('a repeated cursor is not followed for ever', () => {
    const o = outcomes.get('audit-log pages that repeat a cursor')!;
    const pages = o.proxy.requests.filter((r) => AUDIT.test(r.path)).length;
    expect(pages).toBeLessThanOrEqual(3);
  });
});

/**
 * Data that is wrong rather than unreadable (issue "hostile and broken data", cases 4 to 6), through
 * the real CLI: a duplicate never flips a verdict to pass, a paging field of the wrong type or a
 * short listing is an error slice, and an audit log that was not read newest first to the end never
 * claims a window it did not see.
 */
interface DataCase {
  name: string;
  faults: Faults;
  extraArgs?: string[];
  check: (state: StateLike, report: ReportLike) => void;
}

interface StateLike {
  slices: Record<string, { status: string; reason?: string; data?: unknown }>;
}

type Body = Record<string, unknown>;
const results = (b: Body) => b.results as Body[];

const OWNERS = ['o1@x.example', 'o2@x.example', 'o3@x.example'].map((email, i) => ({ id: 700 + i, email, role: 'owner' }));

/** Events one per page, oldest first, each page pointing at the next: the newest is never reached at the cap. */
function oldestFirstPages(_b: Body, req: { query: URLSearchParams }): Body {
  const n = Number(Buffer.from(req.query.get('cursor') ?? 'MA', 'base64url').toString('utf8')) || 0;
  const created = new Date(FIXTURE_NOW - 80 * 86_400_000 + n * 3_600_000).toISOString().replace('.000Z', 'Z');
  return {
    results: [{ id: `asc-${n}`, created, organization_id: '4242', project_id: '', entity: { type: n === 700 ? 'user.role_changed' : 'session.logged_in' } }],
    pagination: { next_cursor: n < 700 ? Buffer.from(String(n + 1)).toString('base64url') : null, previous_cursor: null },
  };
}

const DATA_CASES: DataCase[] = [
  {
    name: 'a service account listed twice (first expires null, then a date)',
    faults: { rewrite: { orgServiceAccounts: (b) => {
      const list = results(b);
      const etl = list.find((r) => r.id === 502)!;
      return { ...b, results: [...list.filter((r) => r !== etl), { ...etl, expires: null }, etl] };
    } } },
    check: (state, report) => {
      expect(state.slices.serviceAccounts!.status).toBe('ok');
      expect(state.slices.serviceAccounts!.reason).toMatch(/same service account id more than once: 502 \(2 times\)/);
      for (const id of ['MP-3.1.1', 'MP-3.1.6']) {
        const r = report.results.find((x) => x.id === id)!;
        expect([id, r.status]).toEqual([id, 'fail']);
        const ids = (r as unknown as { resources: { id: string }[] }).resources.map((x) => x.id);
        expect(ids).toContain('old-etl.77aa01.mp-service-account');
        // The result shows the warning with the slice it used.
        const uses = (r as unknown as { provenance: { slice: string; reason?: string }[] }).provenance;
        expect(uses.find((u) => u.slice === 'serviceAccounts')!.reason).toMatch(/more than once: 502/);
      }
    },
  },
  {
    name: 'a service account listed twice (first a date, then expires null)',
    faults: { rewrite: { orgServiceAccounts: (b) => {
      const list = results(b);
      const etl = list.find((r) => r.id === 502)!;
      return { ...b, results: [...list.filter((r) => r !== etl), etl, { ...etl, expires: null }] };
    } } },
    check: (_state, report) => {
      for (const id of ['MP-3.1.1', 'MP-3.1.6']) expect([id, report.results.find((x) => x.id === id)!.status]).toEqual([id, 'fail']);
    },
  },
  ...(['owner first', 'member first'] as const).map((order): DataCase => ({
    name: `one member address twice in different case (${order})`,
    extraArgs: ['--experimental-endpoints'],
    faults: { rewrite: { orgUsers: (b) => {
      const o4 = [{ id: 704, email: 'o4@x.example', role: 'owner' }, { id: 705, email: 'O4@X.example', role: 'member' }];
      return { ...b, results: [...OWNERS, ...(order === 'owner first' ? o4 : o4.reverse())] };
    } } },
    check: (state, report) => {
      expect(state.slices.members!.reason).toMatch(/same member address more than once: o4@x.example \(2 times\)/);
      const r = report.results.find((x) => x.id === 'MP-2.3.1')!;
      expect(r.status).toBe('fail');
    },
  })),
  {
    name: 'SCIM totalResults sent as a string',
    faults: { rewrite: { scimUsers: (b) => ({ ...b, totalResults: String(b.totalResults) }) } },
    check: (state, report) => {
      expect(state.slices.scimUsers!.status).toBe('error');
      expect(state.slices.scimUsers!.reason).toMatch(/totalResults is the string "7", not a whole number/);
      expect(report.results.find((x) => x.id === 'MP-5.3.2')!.status).toBe('error');
    },
  },
  {
    name: 'SCIM announcing 250 users and listing 100',
    faults: { rewrite: { scimUsers: (b, req) => {
      const start = Number(req.query.get('startIndex') ?? '1');
      const page = start > 100 ? [] : Array.from({ length: Math.min(3, 101 - start) }, (_, i) => ({
        id: `s${start + i}`, userName: `p${start + i}@acme.example`, emails: [{ value: `p${start + i}@acme.example`, primary: true }], active: (start + i) % 2 === 0,
      }));
      return { ...b, totalResults: 250, itemsPerPage: page.length, startIndex: start, Resources: page };
    } } },
    check: (state, report) => {
      expect(state.slices.scimUsers!.status).toBe('error');
      expect(state.slices.scimUsers!.reason).toMatch(/announced totalResults 250 but listed 100 users/);
      expect(report.results.find((x) => x.id === 'MP-5.3.2')!.status).toBe('error');
    },
  },
  {
    name: 'an audit log served oldest first, longer than the page cap',
    faults: { rewrite: { auditLog: oldestFirstPages } },
    check: (state, report) => {
      expect(state.slices.auditLog!.status).toBe('error');
      expect(state.slices.auditLog!.reason).toMatch(/did not answer newest first \(order=desc\).*page cap \(500 pages\)/);
      expect(report.results.find((x) => x.id === 'MP-4.1.4')!.status).toBe('error');
    },
  },
  {
    name: '500 empty audit-log pages, each with a cursor',
    faults: { rewrite: { auditLog: (_b, req) => {
      const n = Number(Buffer.from(req.query.get('cursor') ?? 'MA', 'base64url').toString('utf8')) || 0;
      return { results: [], pagination: { next_cursor: Buffer.from(String(n + 1)).toString('base64url'), previous_cursor: null } };
    } } },
    check: (state, report) => {
      const slice = state.slices.auditLog!;
      expect(slice.status).toBe('error');
      expect(slice.reason).toMatch(/without reading a single event/);
      expect(slice.data).toBeUndefined();
      expect(report.results.find((x) => x.id === 'MP-4.1.4')!.status).toBe('error');
    },
  },
];

describe('wrong data during live collection', () => {
  it.each(DATA_CASES.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const fake = await startFakeMixpanel({ faults: c.faults });
    const out = join(tempDir('mph-data-'), 'out');
    try {
      const run = await runCli([
        'scan', '--api-base-url', fake.baseUrl, '--region', 'US', '--out', out, '--now', NOW, '--fail-on', 'none', '--allow-incomplete',
        '--attestations', join(process.cwd(), 'examples', 'attestations.example.yaml'), ...(c.extraArgs ?? []),
      ], {
        env: {
          NO_COLOR: '1',
          MIXPANEL_SERVICE_ACCOUNT_USERNAME: fake.credentials.username,
          MIXPANEL_SERVICE_ACCOUNT_SECRET: fake.credentials.secret,
          MIXPANEL_SCIM_TOKEN: fake.credentials.scimToken,
        },
        now: FIXTURE_NOW,
      });
      expect({ code: run.code, stderr: run.stderr.slice(0, 400) }).toEqual({ code: 0, stderr: expect.any(String) });
      const state = JSON.parse(readFileSync(join(out, 'state.json'), 'utf8')) as StateLike;
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportLike;
      c.check(state, report);
    } finally {
      await fake.close();
    }
  }, 60_000);
});
