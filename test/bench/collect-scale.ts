/**
 * Collection at scale, for `npm run bench` (scripts/bench-collect.mjs runs this file with tsx; it is
 * a script, not a jest test, and asserts nothing: it measures and prints one JSON object).
 *
 * The loopback fake Mixpanel (test/support/fake-mixpanel) serves an organization of 2,000 projects,
 * 120 service accounts with grants across them, 2,000 audit events and 600 SCIM users, answering
 * every request after 25 ms. Between the real collector (collectOrgState) and the server sits a
 * counting proxy, which records the requests in flight at once, per-project and over every route.
 * It measures:
 *   0. the built CLI's `collect`, spawned as a user runs it: time from process start to the first
 *      request reaching the server;
 *   1. default settings, with the Lexicon's limiter on a virtual clock (its waits are added up, not
 *      slept through);
 *   2. --lexicon-projects 0, and a sweep of --concurrency (2, 8, 16; 8 alone with --quick);
 *   3. 429 storms (with Retry-After) on the per-project route, the audit-log pages and the SCIM
 *      pages (not with --quick): the collection must complete with every page, after backing off.
 * Each wall time is printed beside its theoretical floor: per-project requests x 25 ms / concurrency
 * plus every other request x 25 ms (counted as serial: cursor pages follow one another).
 * The fake server and the proxy share this process with the collector, so on a busy machine their
 * own CPU shows in the ratio; the first-request figure uses a separate process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { collectOrgState } from '../../src/collect/collect-org-state.js';
import { DEFAULTS } from '../../src/collect/options.js';
import { LEXICON_REQUESTS_PER_MINUTE } from '../../src/collect/collectors/lexicon.js';
import type { Clock } from '../../src/mixpanel/rate-window.js';
import type { OrgState } from '../../src/state/org-state.js';
import { FIXTURE_CREDENTIALS, FIXTURE_NOW, fixtureOrg, type FixtureOrg } from '../support/fake-mixpanel/fixture.js';
import { startFakeMixpanel, type Faults, type RouteKey } from '../support/fake-mixpanel/server.js';

const PROJECTS = 2000;
const LATENCY_MS = 25;
/** Wall time may be at most this multiple of the theoretical floor (issue 13). */
const FLOOR_LIMIT = 1.3;
/** The first request must leave within this much of the process starting. */
const FIRST_REQUEST_LIMIT_MS = 300;
const QUICK = process.argv.includes('--quick');
const ROOT = join(import.meta.dirname, '..', '..');

/** A seeded generator, so the organization is the same every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

function bigOrg(): FixtureOrg {
  const org = fixtureOrg();
  const rnd = rng(6);
  const projects = Array.from({ length: PROJECTS }, (_, i) => {
    const eu = rnd() < 0.2;
    return { id: 5000 + i, name: `Project ${i}`, region: eu ? 'EU' as const : 'US' as const, domain: eu ? 'eu.mixpanel.com' : 'mixpanel.com' };
  });
  const roles = ['consumer', 'analyst', 'admin'] as const;
  const serviceAccounts = Array.from({ length: 120 }, (_, i) => ({
    id: 7000 + i,
    username: `svc-${i}.a1b2c3.mp-service-account`,
    created: '2026-01-01T00:00:00Z',
    expires: '2026-12-31T00:00:00Z',
    lastUsed: '2026-06-01T00:00:00Z',
    creator: 900,
    grants: Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => ({
      projectId: projects[Math.floor(rnd() * projects.length)]!.id,
      role: roles[Math.floor(rnd() * roles.length)]!,
      hasSensitiveAccess: rnd() < 0.05,
      targetType: 'individual' as const,
    })),
  }));
  const span = 80 * 86_400_000;
  const auditEvents = Array.from({ length: 2000 }, (_, i) => ({
    id: `evt-${String(i + 1).padStart(5, '0')}`,
    created: new Date(FIXTURE_NOW - 3_600_000 - Math.floor((i * span) / 2000)).toISOString().replace('.000Z', 'Z'),
    type: i % 10 === 0 ? 'user.role_changed' : 'session.logged_in',
    userEmail: 'ada@acme.example',
    userId: '900',
    projectId: String(projects[i % projects.length]!.id),
  }));
  const scimUsers = Array.from({ length: 600 }, (_, i) => ({ id: `u${i}`, userName: `user${i}@acme.example`, email: `user${i}@acme.example`, active: i % 17 !== 0 }));
  // The first four fixture projects keep their schemas; schemas are read only for the Lexicon.
  return { ...org, projects: [...org.projects, ...projects], serviceAccounts: [...org.serviceAccounts, ...serviceAccounts], auditEvents, scimUsers };
}

interface Proxy {
  url: string;
  perProjectRequests: number;
  /** process.hrtime.bigint() at the first request since reset(). */
  firstRequestAt?: bigint;
  maxInFlight: number;
  maxPerProjectInFlight: number;
  requests: number;
  statuses: Map<number, number>;
  reset(): void;
  close(): Promise<void>;
}

// The per-project calls bounded by --concurrency (service accounts, data views); the Lexicon's go
// one at a time through their own limiter.
const PER_PROJECT = /^\/(us|eu|in)\/api\/app\/projects\/[^/]+\/(service-accounts|workspaces)$/;

/** Forwards every request to `target` and counts the requests in flight at once. */
async function countingProxy(target: string): Promise<Proxy> {
  const upstream = new URL(target);
  let inFlight = 0;
  let perProject = 0;
  const p: Proxy = {
    url: '', perProjectRequests: 0, maxInFlight: 0, maxPerProjectInFlight: 0, requests: 0, statuses: new Map(),
    reset() {
      p.perProjectRequests = 0;
      delete p.firstRequestAt;
      p.maxInFlight = 0;
      p.maxPerProjectInFlight = 0;
      p.requests = 0;
      p.statuses = new Map();
    },
    close: async () => undefined,
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const isProject = PER_PROJECT.test(req.url ?? '');
    p.firstRequestAt ??= process.hrtime.bigint();
    inFlight++;
    p.requests++;
    if (isProject) p.perProjectRequests++;
    p.maxInFlight = Math.max(p.maxInFlight, inFlight);
    if (isProject) {
      perProject++;
      p.maxPerProjectInFlight = Math.max(p.maxPerProjectInFlight, perProject);
    }
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight--;
      if (isProject) perProject--;
    };
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      p.statuses.set(up.statusCode ?? 0, (p.statuses.get(up.statusCode ?? 0) ?? 0) + 1);
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
      up.on('end', finish);
    });
    out.on('error', (err) => {
      finish();
      res.writeHead(502);
      res.end(String(err));
    });
    res.on('close', finish);
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  p.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  p.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return p;
}

/** The Lexicon limiter's clock, virtual: waits are added up instead of slept. */
function virtualClock(): Clock & { waitedMs: number } {
  const c = {
    offset: 0,
    waitedMs: 0,
    now: () => Date.now() + c.offset,
    sleep: async (ms: number) => {
      c.offset += ms;
      c.waitedMs += ms;
    },
  };
  return c;
}

interface Run {
  wallMs: number;
  /** Theoretical floor: per-project requests x latency / concurrency + every other request x latency. */
  floorMs: number;
  concurrency: number;
  requests: number;
  perProjectRequests: number;
  maxInFlight: number;
  maxPerProjectInFlight: number;
  status429: number;
  slices: Record<string, string>;
  grants: number;
  auditEvents: number;
  scimUsers: number;
  lexiconWaitMs?: number;
}

async function collectRun(proxy: Proxy, opts: { lexicon: boolean; clock?: Clock & { waitedMs: number }; concurrency?: number }): Promise<Run> {
  proxy.reset();
  const start = process.hrtime.bigint();
  const state: OrgState = await collectOrgState({
    apiBaseUrl: proxy.url,
    env: { MIXPANEL_SERVICE_ACCOUNT_USERNAME: FIXTURE_CREDENTIALS.username, MIXPANEL_SERVICE_ACCOUNT_SECRET: FIXTURE_CREDENTIALS.secret, MIXPANEL_SCIM_TOKEN: FIXTURE_CREDENTIALS.scimToken },
    now: new Date(FIXTURE_NOW),
    ...(opts.lexicon ? {} : { lexiconProjects: 0 }),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const slices = Object.fromEntries(Object.entries(state.slices).map(([k, v]) => [k, v?.status ?? 'absent']));
  const concurrency = opts.concurrency ?? DEFAULTS.concurrency;
  // The calls outside the per-project pool (pages that follow a cursor, the organization, SCIM, the
  // audit log) are counted as serial: the floor is then the most a perfect client could need.
  const floorMs = ((proxy.perProjectRequests * LATENCY_MS) / concurrency) + (proxy.requests - proxy.perProjectRequests) * LATENCY_MS;
  return {
    wallMs,
    floorMs,
    concurrency,
    requests: proxy.requests,
    perProjectRequests: proxy.perProjectRequests,
    maxInFlight: proxy.maxInFlight,
    maxPerProjectInFlight: proxy.maxPerProjectInFlight,
    status429: proxy.statuses.get(429) ?? 0,
    slices,
    grants: (state.slices.serviceAccounts?.data ?? []).reduce((n, sa) => n + sa.projects.length, 0),
    auditEvents: state.slices.auditLog?.data?.events.length ?? 0,
    scimUsers: state.slices.scimUsers?.data?.length ?? 0,
    ...(opts.clock ? { lexiconWaitMs: opts.clock.waitedMs } : {}),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The built CLI's `collect`, as a user runs it: milliseconds from spawning the process to the first
 * request reaching the server (the start-up cost a live scan pays before any network work).
 */
async function firstRequestMs(proxy: Proxy): Promise<number | undefined> {
  const cli = join(ROOT, 'dist', 'src', 'cli', 'main.js');
  const out = mkdtempSync(join(tmpdir(), 'mph-first-request-'));
  proxy.reset();
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, [cli, 'collect', '--api-base-url', proxy.url, '--out', join(out, 'state.json'), '--lexicon-projects', '0', '--quiet', '--allow-incomplete'], {
    cwd: ROOT,
    env: { ...process.env, MIXPANEL_SERVICE_ACCOUNT_USERNAME: FIXTURE_CREDENTIALS.username, MIXPANEL_SERVICE_ACCOUNT_SECRET: FIXTURE_CREDENTIALS.secret, MIXPANEL_SCIM_TOKEN: FIXTURE_CREDENTIALS.scimToken },
    stdio: 'ignore',
  });
  await new Promise<void>((resolve) => child.on('exit', () => resolve()));
  rmSync(out, { recursive: true, force: true });
  return proxy.firstRequestAt === undefined ? undefined : Number(proxy.firstRequestAt - start) / 1e6;
}

async function main() {
  const org = bigOrg();
  const expectedGrants = org.serviceAccounts.reduce((n, sa) => n + sa.grants.length, 0);
  const faults: Faults = { latencyMs: LATENCY_MS };
  const fake = await startFakeMixpanel({ org, faults, scimPageCap: 100 });
  const proxy = await countingProxy(fake.baseUrl);
  try {
    const first: number[] = [];
    for (let i = 0; i < (QUICK ? 1 : 3); i++) {
      const ms = await firstRequestMs(proxy);
      if (ms !== undefined) first.push(ms);
    }
    first.sort((a, b) => a - b);
    const firstMs = first.length > 0 ? first[Math.floor((first.length - 1) / 2)]! : undefined;

    const clock = virtualClock();
    const defaults = await collectRun(proxy, { lexicon: true, clock });
    const noLexicon = await collectRun(proxy, { lexicon: false });
    // The sweep the default concurrency was chosen from (docs/performance.md).
    const sweep: Run[] = [];
    for (const c of QUICK ? [8] : [2, 4, 8, 16]) if (c !== DEFAULTS.concurrency) sweep.push(await collectRun(proxy, { lexicon: false, concurrency: c }));
    let throttled: Run | undefined;
    if (!QUICK) {
      const storms: { route: RouteKey; times: number }[] = [
        { route: 'projectServiceAccounts', times: 12 },
        { route: 'auditLog', times: 3 },
        { route: 'scimUsers', times: 3 },
      ];
      fake.faults.storms = storms.map((st) => ({ ...st, status: 429 as const, retryAfter: '1' }));
      throttled = await collectRun(proxy, { lexicon: false });
      fake.faults.storms = [];
    }

    const complete = (r: Run) => r.grants === expectedGrants && r.auditEvents === org.auditEvents.length && r.scimUsers === org.scimUsers.length && r.slices.serviceAccounts === 'ok' && r.slices.auditLog === 'ok' && r.slices.scimUsers === 'ok';
    const ratio = (r: Run) => r.wallMs / r.floorMs;
    const row = (label: string, r: Run) => `  ${label.padEnd(28)} ${seconds(r.wallMs).padStart(7)}  floor ${seconds(r.floorMs).padStart(6)}  ×${ratio(r).toFixed(2)}  ${r.requests} requests (${r.perProjectRequests} per-project), at most ${r.maxInFlight} in flight (${r.maxPerProjectInFlight} per-project); complete: ${complete(r) ? 'yes' : 'NO'}`;
    const lines = [
      `Collection against the loopback fake Mixpanel: ${org.projects.length} projects, ${org.serviceAccounts.length} service accounts (${expectedGrants} grants), ${org.auditEvents.length} audit events, ${org.scimUsers.length} SCIM users; ${LATENCY_MS} ms per request. Floor = per-project requests × ${LATENCY_MS} ms / concurrency + every other request × ${LATENCY_MS} ms.`,
      `  first request after process start (built CLI, collect): ${firstMs === undefined ? 'none seen' : `${firstMs.toFixed(0)} ms`} (median of ${first.length})`,
      row(`defaults (concurrency ${DEFAULTS.concurrency})`, defaults) + `; Lexicon (${LEXICON_REQUESTS_PER_MINUTE}/min, ${DEFAULTS.lexiconProjects} projects) adds ${seconds(defaults.lexiconWaitMs ?? 0)} of waiting (virtual clock, not in the wall time)`,
      row('--lexicon-projects 0', noLexicon),
      ...sweep.map((r) => row(`--concurrency ${r.concurrency}, no Lexicon`, r)),
      ...(throttled ? [`  with 429 storms: ${seconds(throttled.wallMs)}, ${throttled.status429} answers 429 (Retry-After 1 s); every grant, audit event and SCIM user collected: ${complete(throttled) ? 'yes' : 'NO'}`] : []),
    ];
    const all = [defaults, noLexicon, ...sweep, ...(throttled ? [throttled] : [])];
    const maxAll = Math.max(...[defaults, noLexicon, ...(throttled ? [throttled] : [])].map((r) => r.maxInFlight));
    const targets: [string, string, boolean, string][] = [
      [`collection: first request ≤ ${FIRST_REQUEST_LIMIT_MS} ms after process start`, firstMs === undefined ? 'none seen' : `${firstMs.toFixed(0)} ms`, firstMs !== undefined && firstMs <= FIRST_REQUEST_LIMIT_MS, 'the collect command loads got, ajv and the collectors and compiles the org-state schema before its first request'],
      [`collection of ${org.projects.length} projects at ${LATENCY_MS} ms, defaults: wall ≤ ${FLOOR_LIMIT}× floor`, `×${ratio(defaults).toFixed(2)} (${seconds(defaults.wallMs)} vs ${seconds(defaults.floorMs)})`, ratio(defaults) <= FLOOR_LIMIT && complete(defaults), 'per-request CPU in the client (hooks, redaction, schema checks) adds to each 25 ms'],
      [`requests in flight, every route, ≤ --concurrency (${DEFAULTS.concurrency}): one limiter`, `${maxAll}${sweep.map((r) => `; ${r.maxInFlight} at --concurrency ${r.concurrency}`).join('')}`, maxAll <= DEFAULTS.concurrency && sweep.every((r) => r.maxInFlight <= r.concurrency), 'the client has one limiter (maxInFlight) but collection does not pass --concurrency to it yet: with retry waits inside the slot, a 429 storm concentrated on fewer per-project requests exhausted a request\'s retries; retries must wait outside the slot first'],
      [`Lexicon: ≤ ${LEXICON_REQUESTS_PER_MINUTE} requests a minute`, `${seconds(defaults.lexiconWaitMs ?? 0)} waited for ${DEFAULTS.lexiconProjects} projects`, (defaults.lexiconWaitMs ?? 0) >= (Math.ceil(DEFAULTS.lexiconProjects / LEXICON_REQUESTS_PER_MINUTE) - 1) * 60_000, 'the Lexicon limiter waited less than its limit requires'],
    ];
    if (throttled) targets.push(['429 with Retry-After: backs off, loses no page', `${throttled.status429} × 429, complete: ${complete(throttled) ? 'yes' : 'no'}`, throttled.status429 > 0 && complete(throttled), 'a page was lost under 429']);
    process.stdout.write(`${JSON.stringify({ text: lines.join('\n'), targets, runs: all, firstRequestMs: first })}\n`);
  } finally {
    await proxy.close();
    await fake.close();
  }
}

await main();
