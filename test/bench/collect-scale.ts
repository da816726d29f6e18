/**
 * Collection at scale, for `npm run bench` (scripts/bench-collect.mjs runs this file with tsx; it is
 * a script, not a jest test, and asserts nothing: it measures and prints one JSON object).
 *
 * The loopback fake Mixpanel (test/support/fake-mixpanel) serves an organization of 2,000 projects,
 * 120 service accounts with grants across them, 2,000 audit events and 600 SCIM users, answering
 * every request after 25 ms. Between the real collector (collectOrgState, default settings) and the
 * server sits a counting proxy, which records how many requests are in flight at once. Three runs:
 *   1. default settings, with the Lexicon's limiter on a virtual clock: the API allows 5 Lexicon
 *      requests a minute, so the 25 projects read by default cost 4 minutes of waiting whatever
 *      the tool does; that wait is reported apart, computed, not slept through;
 *   2. the same with the real clock and Lexicon off (--lexicon-projects 0): wall time as a user
 *      who turns it off sees it; and once more with --concurrency 8;
 *   3. 429 storms (with Retry-After) on the per-project route, the audit-log pages and the SCIM
 *      pages: the collection must complete with every page, after backing off.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
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
const TARGET_MS = 15_000;

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
    url: '', maxInFlight: 0, maxPerProjectInFlight: 0, requests: 0, statuses: new Map(),
    reset() {
      p.maxInFlight = 0;
      p.maxPerProjectInFlight = 0;
      p.requests = 0;
      p.statuses = new Map();
    },
    close: async () => undefined,
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const isProject = PER_PROJECT.test(req.url ?? '');
    inFlight++;
    p.requests++;
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
  requests: number;
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
  return {
    wallMs,
    requests: proxy.requests,
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

async function main() {
  const org = bigOrg();
  const expectedGrants = org.serviceAccounts.reduce((n, sa) => n + sa.grants.length, 0);
  const faults: Faults = { latencyMs: LATENCY_MS };
  const fake = await startFakeMixpanel({ org, faults, scimPageCap: 100 });
  const proxy = await countingProxy(fake.baseUrl);
  try {
    const clock = virtualClock();
    const defaults = await collectRun(proxy, { lexicon: true, clock });
    const noLexicon = await collectRun(proxy, { lexicon: false });
    const wider = await collectRun(proxy, { lexicon: false, concurrency: 8 });
    const storms: { route: RouteKey; times: number }[] = [
      { route: 'projectServiceAccounts', times: 12 },
      { route: 'auditLog', times: 3 },
      { route: 'scimUsers', times: 3 },
    ];
    fake.faults.storms = storms.map((s) => ({ ...s, status: 429 as const, retryAfter: '1' }));
    const throttled = await collectRun(proxy, { lexicon: false });
    fake.faults.storms = [];

    const complete = (r: Run) => r.grants === expectedGrants && r.auditEvents === org.auditEvents.length && r.scimUsers === org.scimUsers.length && r.slices.serviceAccounts === 'ok' && r.slices.auditLog === 'ok' && r.slices.scimUsers === 'ok';
    const lexiconMinutes = Math.ceil(DEFAULTS.lexiconProjects / LEXICON_REQUESTS_PER_MINUTE) - 1;
    const lines = [
      `Collection against the loopback fake Mixpanel: ${org.projects.length} projects, ${org.serviceAccounts.length} service accounts (${expectedGrants} grants), ${org.auditEvents.length} audit events, ${org.scimUsers.length} SCIM users; ${LATENCY_MS} ms per request; default settings (concurrency ${DEFAULTS.concurrency}).`,
      `  default settings:        ${seconds(defaults.wallMs)} of our own time, ${defaults.requests} requests, at most ${defaults.maxInFlight} in flight (${defaults.maxPerProjectInFlight} per-project); the Lexicon limit (${LEXICON_REQUESTS_PER_MINUTE}/min, ${DEFAULTS.lexiconProjects} projects by default) adds ${seconds(defaults.lexiconWaitMs ?? 0)} of waiting (virtual clock here)`,
      `  --lexicon-projects 0:    ${seconds(noLexicon.wallMs)}, ${noLexicon.requests} requests, at most ${noLexicon.maxInFlight} in flight (${noLexicon.maxPerProjectInFlight} per-project); complete: ${complete(noLexicon) ? 'yes' : 'NO'}`,
      `  --concurrency 8, no Lexicon: ${seconds(wider.wallMs)}, at most ${wider.maxInFlight} in flight (${wider.maxPerProjectInFlight} per-project); complete: ${complete(wider) ? 'yes' : 'NO'}`,
      `  with 429 storms:         ${seconds(throttled.wallMs)}, ${throttled.status429} answers 429 (Retry-After 1 s), ${throttled.requests} requests, at most ${throttled.maxInFlight} in flight; every grant, audit event and SCIM user collected: ${complete(throttled) ? 'yes' : 'NO'}`,
    ];
    const targets: [string, string, boolean][] = [
      [`collection of ${org.projects.length} projects, 25 ms/request, defaults: ≤ 15 s`, `${seconds(defaults.wallMs)} (+${lexiconMinutes} min Lexicon rate limit)`, defaults.wallMs <= TARGET_MS && (defaults.lexiconWaitMs ?? 0) === 0],
      [`collection, --lexicon-projects 0: ≤ 15 s`, seconds(noLexicon.wallMs), noLexicon.wallMs <= TARGET_MS && complete(noLexicon)],
      [`per-project requests in flight ≤ --concurrency (${DEFAULTS.concurrency})`, `${Math.max(defaults.maxPerProjectInFlight, noLexicon.maxPerProjectInFlight, throttled.maxPerProjectInFlight)}; ${wider.maxPerProjectInFlight} with --concurrency 8 (all routes: ${Math.max(defaults.maxInFlight, noLexicon.maxInFlight, throttled.maxInFlight)})`, Math.max(defaults.maxPerProjectInFlight, noLexicon.maxPerProjectInFlight, throttled.maxPerProjectInFlight) <= DEFAULTS.concurrency && wider.maxPerProjectInFlight <= 8],
      ['429 with Retry-After: backs off, loses no page', `${throttled.status429} × 429, complete: ${complete(throttled) ? 'yes' : 'no'}`, throttled.status429 > 0 && complete(throttled)],
    ];
    process.stdout.write(`${JSON.stringify({ text: lines.join('\n'), targets, runs: { defaults, noLexicon, wider, throttled } })}\n`);
  } finally {
    await proxy.close();
    await fake.close();
  }
}

await main();
