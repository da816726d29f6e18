/**
 * Faults during live collection, end to end: the real CLI (`scan`, in process) against the loopback
 * fake Mixpanel, with faults injected by the fake's own knobs or by a fault proxy in front of it.
 * Each scenario must end in bounded time with exit 3, the affected slice unreadable with its reason,
 * the checks that need it `error` with that reason, every other check evaluated, and a report
 * (JSON, HTML, console) that says the scan is incomplete.
 *
 * The scenarios run concurrently (each with its own servers and folders). Every retry is made and
 * every back-off wait computed, but waited 1 ms (the CLI's `waitFor` seam): "bounded" is asserted on
 * what is counted (attempts per request, the waits a real run would sleep through), not on a clock.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requiredSlices } from '../../src/engine/slice-usability.js';
import { DEFAULT_RETRY_POLICY } from '../../src/mixpanel/retry-policy.js';
import { loadPolicyPack } from '../../src/policy/policy-pack.js';
import type { SliceName } from '../../src/state/org-state.js';
import { FIXTURE_NOW, startFakeMixpanel, type Faults } from '../support/fake-mixpanel/index.js';
import { runCli, tempDir, type CliRun } from '../support/run-cli.js';
import { startFaultProxy, startRecorder, type FaultProxy, type ProxyRule, type Recorder } from '../robustness/support/fault-proxy.js';

const NOW = new Date(FIXTURE_NOW).toISOString();
/**
 * The back-off a real run would sleep through, at most (the client's retries take at most ~25 s),
 * and the beforeAll's own limit: the scenarios sleep 1 ms per wait, so only a hang comes near it.
 */
const BOUND_MS = 60_000;
/** Attempts of one request at most: the first and the policy's retries. */
const MAX_ATTEMPTS = DEFAULT_RETRY_POLICY.limit + 1;

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
  /** The faulted route whose request is retried until the policy gives up: sent exactly MAX_ATTEMPTS times. */
  exhausts?: RegExp;
}

const SCENARIOS: Scenario[] = [
  { name: 'a request that times out on every attempt', slice: 'serviceAccounts', reason: /tim(e|ed) ?out/i, faults: { slowRoutes: { orgServiceAccounts: 2500 } }, extraArgs: ['--timeout', '1'], exhausts: ORG_SA },
  { name: 'connection resets', slice: 'serviceAccounts', reason: /reset|ECONNRESET|connection/i, rules: () => [{ path: ORG_SA, fault: { kind: 'reset' } }], exhausts: ORG_SA },
  { name: 'a 429 storm', slice: 'scimUsers', reason: /429|rate/i, faults: { storms: [{ route: 'scimUsers', status: 429, times: 1000, retryAfter: '1' }] }, exhausts: SCIM },
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
  /** The back-off waits the client computed (ms), in order; each was waited 1 ms instead. */
  waits: number[];
  out: string;
  proxy: FaultProxy;
  recorder: Recorder;
}

interface ReportLike {
  scan: { complete: boolean };
  results: { id: string; status: string; message: string }[];
}

// The bundled checks as the CLI loads them: the precompiled pack (loadPolicies' own output, used
// only while its digest matches the folder), not 45 YAML files parsed again in every test file.
const checks = loadPolicyPack().checks;
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
  const waits: number[] = [];
  // Every attempt is still made and every wait computed; only the sleep is cut to 1 ms.
  const waitFor = (delayMs: number) => {
    waits.push(delayMs);
    return 1;
  };
  try {
    const run = await runCli(['scan', '--api-base-url', proxy.baseUrl, '--region', 'US', '--out', out, '--now', NOW, '--fail-on', 'none', ...(s.extraArgs ?? [])], { env, now: FIXTURE_NOW, waitFor });
    return { run, waits, out, proxy, recorder };
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
    // Bounded by count, not by the clock: no request was sent more than the policy's attempts, and
    // the back-off a real run would sleep through (the waits computed) stays under BOUND_MS.
    const attempts = new Map<string, number>();
    for (const r of o.proxy.requests) attempts.set(`${r.method} ${r.path}`, (attempts.get(`${r.method} ${r.path}`) ?? 0) + 1);
    expect(Math.max(...attempts.values())).toBeLessThanOrEqual(MAX_ATTEMPTS);
    if (s.exhausts) {
      expect(o.proxy.requests.filter((r) => s.exhausts!.test(r.path)).length).toBe(MAX_ATTEMPTS);
      // A back-off was computed before each retry (and reached the client through the CLI's seam).
      expect(o.waits.length).toBeGreaterThanOrEqual(DEFAULT_RETRY_POLICY.limit);
    }
    expect(o.waits.reduce((a, b) => a + b, 0)).toBeLessThan(BOUND_MS);

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

const OWNERS = ['o1@x.example', 'o2@x.example', 'o3@x.example'].map((email, i) => ({ id: 700 + i, email, role: 'owner', status: 'active' }));

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
      const o4 = [{ id: 704, email: 'o4@x.example', role: 'owner', status: 'active' }, { id: 705, email: 'O4@X.example', role: 'member', status: 'active' }];
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

/**
 * Issue 15 (11, 14): resources and time. A response is read to at most --max-response-bytes, raw
 * and decompressed; an endless body and a gzip bomb are run through the built CLI in a child
 * process, whose peak resident memory is printed (no timed assertion; the memory bound is loose).
 * A Retry-After beyond the cap is not waited for; the whole collection has a time budget; every
 * duration option is bounded (exit 2, nothing written).
 */
describe('resource limits and time bounds', () => {
  const MAIN = join(process.cwd(), 'dist', 'src', 'cli', 'main.js');
  /** The child's peak RSS must stay far below what an unbounded read takes (GBs). */
  const RSS_LIMIT_MB = 700;

  function credentialsEnv(fake: { credentials: { username: string; secret: string; scimToken: string } }): Record<string, string> {
    return {
      NO_COLOR: '1',
      MIXPANEL_SERVICE_ACCOUNT_USERNAME: fake.credentials.username,
      MIXPANEL_SERVICE_ACCOUNT_SECRET: fake.credentials.secret,
      MIXPANEL_SCIM_TOKEN: fake.credentials.scimToken,
    };
  }

  /** Runs the built CLI in a child process (asynchronously: the servers live in this one) and reads its peak RSS. */
  async function spawnCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string; maxRssMb: number }> {
    const dir = tempDir('mph-rss-');
    const hook = join(dir, 'rss.mjs');
    const rssFile = join(dir, 'rss.txt');
    writeFileSync(hook, `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);
    const child = spawn(process.execPath, ['--import', hook, MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const maxRssMb = Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024);
    return { code, stderr, maxRssMb };
  }

  /** Concatenated gzip members (a valid gzip stream): 1 MiB of spaces compressed once, repeated. */
  function bomb(inflatedMiB: number): Buffer {
    const member = gzipSync(Buffer.alloc(1024 * 1024, 0x20), { level: 9 });
    return Buffer.concat(Array.from({ length: inflatedMiB }, () => member));
  }

  async function scenario(rules: ProxyRule[], extra: string[], opts: { child?: boolean; faults?: Faults } = {}) {
    const fake = await startFakeMixpanel(opts.faults ? { faults: opts.faults } : {});
    const proxy = await startFaultProxy(fake.baseUrl, rules);
    const out = join(tempDir('mph-limits-'), 'out');
    try {
      const args = ['collect', '--api-base-url', proxy.baseUrl, '--region', 'US', '--out', join(out, 'state.json'), ...extra];
      const env = credentialsEnv(fake);
      const result = opts.child ? await spawnCli(args, env) : { ...(await runCli(args, { env, now: FIXTURE_NOW })), maxRssMb: undefined };
      const state = JSON.parse(readFileSync(join(out, 'state.json'), 'utf8')) as { slices: Record<string, { status: string; reason?: string }> };
      return { result, state, proxy, fake };
    } finally {
      await proxy.close();
      await fake.close();
    }
  }

  /**
   * The time-budget case spends its 3 s waiting on a slow route. It starts with this group, so that
   * the wait runs beside the cases below instead of after them (each case has its own servers and
   * folder); its test awaits it, and so reports any failure.
   */
  let budgetRun: ReturnType<typeof scenario>;
  beforeAll(() => {
    budgetRun = scenario([], ['--max-collection-time', '3'], { faults: { slowRoutes: { orgServiceAccounts: 20_000 } } });
    budgetRun.catch(() => undefined);
  });

  it('an endless body: the slice is error at the size cap, memory stays bounded', async () => {
    const { result, state } = await scenario([{ path: ORG_SA, fault: { kind: 'endless' } }], [], { child: true });
    process.stdout.write(`endless body (default cap 64 MiB): peak RSS ${result.maxRssMb} MB\n`);
    expect(result.code).toBe(3);
    expect(state.slices.serviceAccounts!.status).toBe('error');
    expect(state.slices.serviceAccounts!.reason).toMatch(/larger than 67108864 bytes.*--max-response-bytes/);
    expect(state.slices.auditLog!.status).toBe('ok');
    expect(result.maxRssMb).toBeLessThan(RSS_LIMIT_MB);
  }, 120_000);

  it('a gzip bomb (3 MB inflating to 3 GiB): stopped at the cap after decompression, memory stays bounded', async () => {
    const gzipped = bomb(3 * 1024);
    const { result, state } = await scenario([{ path: SCIM, fault: { kind: 'gzip-bomb', gzipped } }], [], { child: true });
    process.stdout.write(`gzip bomb (${gzipped.length} bytes -> 3 GiB, default cap 64 MiB): peak RSS ${result.maxRssMb} MB\n`);
    expect(result.code).toBe(3);
    expect(state.slices.scimUsers!.status).toBe('error');
    expect(state.slices.scimUsers!.reason).toMatch(/larger than 67108864 bytes/);
    expect(result.maxRssMb).toBeLessThan(RSS_LIMIT_MB);
  }, 180_000);

  it('--max-response-bytes lowers the cap; an answer within it is read as before', async () => {
    const { result, state } = await scenario([], ['--max-response-bytes', '2048']);
    expect(result.code).toBe(3);
    const tooLarge = Object.entries(state.slices).filter(([, s]) => /larger than 2048 bytes/.test(s.reason ?? ''));
    expect(tooLarge.length).toBeGreaterThan(0);
    const generous = await scenario([], ['--max-response-bytes', String(32 * 1024 * 1024)]);
    expect(generous.result.code).toBe(0);
  }, 60_000);

  it('a 429 asking Retry-After: 120 is not waited for: one request, the slice says why', async () => {
    const { result, state, fake } = await scenario([], [], { faults: { storms: [{ route: 'scimUsers', status: 429, times: 1000, retryAfter: '120' }] } });
    expect(result.code).toBe(3);
    expect(state.slices.scimUsers!.reason).toMatch(/asked to wait 120 s, longer than the retry cap of 60 s/);
    expect(fake.requests.filter((r) => r.route === 'scimUsers').length).toBe(1);
  }, 60_000);

  it('the collection time budget: a request still running when it ends is aborted, its slice error', async () => {
    const { result, state } = await budgetRun;
    expect(result.code).toBe(3);
    expect(state.slices.serviceAccounts!.status).toBe('error');
    expect(state.slices.serviceAccounts!.reason).toMatch(/collection time budget of 3 s was used up.*--max-collection-time/);
  }, 60_000);

  it.each([
    [['--timeout', '1e9'], /--timeout must be between 0\.001 s and 600 s/],
    [['--timeout', '0'], /--timeout must be a positive number of seconds/],
    [['--timeout', 'soon'], /--timeout must be a positive number of seconds/],
    [['--max-collection-time', '1e9'], /--max-collection-time must be between 1 s and 86400 s/],
    [['--max-collection-time', '0.5'], /--max-collection-time must be between 1 s and 86400 s/],
    [['--max-response-bytes', '1e12'], /--max-response-bytes must be between 1024 bytes and \d+ bytes/],
    [['--max-response-bytes', '100'], /--max-response-bytes must be between 1024 bytes/],
    [['--max-response-bytes', '2048.5'], /--max-response-bytes must be a whole number of bytes/],
    [['--audit-window', 'P99999Y'], /--audit-window must be at most 100 years/],
  ])('%j is refused with exit 2 before any request, nothing written', async (args, message) => {
    const out = join(tempDir('mph-bounds-'), 'out');
    const r = await runCli(['scan', '--api-base-url', 'http://127.0.0.1:9', '--out', out, ...args], {
      env: { NO_COLOR: '1', MIXPANEL_SERVICE_ACCOUNT_USERNAME: 'u', MIXPANEL_SERVICE_ACCOUNT_SECRET: 'long-enough-secret' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});
