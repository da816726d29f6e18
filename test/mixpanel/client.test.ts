import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MixpanelApiError } from '../../src/mixpanel/api-error.js';
import type { GetRequest } from '../../src/mixpanel/client.js';
import type { RetryEvent } from '../../src/mixpanel/client-events.js';
import { TimeBudget } from '../../src/mixpanel/time-budget.js';
import { testClient } from '../collect/support/msw-fixture.js';
import { FIXTURE_CREDENTIALS } from '../support/fake-mixpanel/index.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const URL_ME = 'https://mixpanel.com/api/app/me';
const ME: GetRequest = { surface: 'app', region: 'US', path: '/me', purpose: 'reading /me' };
const SECRET_FORMS = [
  FIXTURE_CREDENTIALS.secret,
  Buffer.from(`${FIXTURE_CREDENTIALS.username}:${FIXTURE_CREDENTIALS.secret}`).toString('base64'),
  FIXTURE_CREDENTIALS.scimToken,
];

async function failure(p: Promise<unknown>): Promise<MixpanelApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof MixpanelApiError) {
      for (const s of SECRET_FORMS) expect(err.message).not.toContain(s);
      return err;
    }
    throw err;
  }
  throw new Error('expected a failure');
}

function retries(events: { type: string }[]): RetryEvent[] {
  return events.filter((e): e is RetryEvent => e.type === 'retry');
}

describe('MixpanelClient', () => {
  it('sends Basic auth and parses the JSON answer', async () => {
    let auth: string | null = null;
    server.use(http.get(URL_ME, ({ request }) => {
      auth = request.headers.get('authorization');
      return HttpResponse.json({ status: 'ok', results: { ok: 1 } });
    }));
    const { client, events } = testClient();
    await expect(client.getJson(ME)).resolves.toEqual({ status: 'ok', results: { ok: 1 } });
    expect(auth).toBe(`Basic ${Buffer.from(`${FIXTURE_CREDENTIALS.username}:${FIXTURE_CREDENTIALS.secret}`).toString('base64')}`);
    expect(events).toContainEqual(expect.objectContaining({ type: 'response', status: 200, route: 'mixpanel.com/api/app/me' }));
  });

  it('maps 401 to "credentials rejected"', async () => {
    server.use(http.get(URL_ME, () => HttpResponse.json({ status: 'error', error: 'bad auth' }, { status: 401 })));
    const err = await failure(testClient().client.getJson(ME));
    expect(err.kind).toBe('credentials');
    expect(err.message).toMatch(/^credentials rejected/);
    expect(err.message).toContain('HTTP 401 from mixpanel.com/api/app/me');
    expect(err.message).toContain('Mixpanel says: bad auth');
  });

  it('maps 403 to the missing owner/admin role for what was asked', async () => {
    server.use(http.get('https://mixpanel.com/api/app/organizations/4242/service-accounts', () => HttpResponse.json({ status: 'error', error: 'forbidden' }, { status: 403 })));
    const err = await failure(testClient().client.getJson({
      surface: 'app', region: 'US', path: '/organizations/4242/service-accounts', purpose: "listing the organization's service accounts", organizationId: '4242',
    }));
    expect(err.kind).toBe('forbidden');
    expect(err.message).toMatch(/^this service account lacks the owner\/admin role needed for listing the organization's service accounts/);
  });

  it('maps 404 to "organization N not found in region R", and projects likewise', async () => {
    server.use(
      http.get('https://eu.mixpanel.com/api/app/organizations/4242/service-accounts', () => HttpResponse.json({ status: 'error', error: 'nf' }, { status: 404 })),
      http.get('https://eu.mixpanel.com/api/app/projects/77/schemas', () => HttpResponse.json({ status: 'error', error: 'nf' }, { status: 404 })),
    );
    const { client } = testClient();
    const org = await failure(client.getJson({ surface: 'app', region: 'EU', path: '/organizations/4242/service-accounts', purpose: 'x', organizationId: '4242' }));
    expect(org.message).toMatch(/^organization 4242 not found in region EU/);
    const project = await failure(client.getJson({ surface: 'app', region: 'EU', path: '/projects/77/schemas', purpose: 'x', organizationId: '4242', projectId: '77' }));
    expect(project.message).toMatch(/^project 77 not found in region EU/);
  });

  it('honors Retry-After on 429 (delay computed, not slept)', async () => {
    let calls = 0;
    server.use(http.get(URL_ME, () => {
      calls++;
      return calls === 1
        ? HttpResponse.json({ status: 'error', error: 'slow down' }, { status: 429, headers: { 'Retry-After': '7' } })
        : HttpResponse.json({ status: 'ok', results: {} });
    }));
    const { client, events } = testClient();
    const started = Date.now();
    await client.getJson(ME);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(retries(events)).toEqual([expect.objectContaining({ attempt: 1, delayMs: 7000, reason: 'HTTP 429', route: 'mixpanel.com/api/app/me' })]);
  });

  it('reads Retry-After given as an HTTP date', async () => {
    let calls = 0;
    server.use(http.get(URL_ME, () => {
      calls++;
      return calls === 1
        ? new HttpResponse(null, { status: 429, headers: { 'Retry-After': new Date(Date.now() + 30_000).toUTCString() } })
        : HttpResponse.json({ status: 'ok', results: {} });
    }));
    const { client, events } = testClient();
    await client.getJson(ME);
    const [r] = retries(events);
    expect(r!.delayMs).toBeGreaterThan(25_000);
    expect(r!.delayMs).toBeLessThanOrEqual(30_000);
  });

  it('gives up at once when Retry-After exceeds the cap, and says how long was asked', async () => {
    let calls = 0;
    server.use(http.get(URL_ME, () => {
      calls++;
      return HttpResponse.json({ status: 'error', error: 'slow down' }, { status: 429, headers: { 'Retry-After': '3600' } });
    }));
    const err = await failure(testClient({ retry: { maxRetryAfterMs: 60_000 } }).client.getJson(ME));
    expect(calls).toBe(1);
    expect(err.kind).toBe('rate-limited');
    expect(err.message).toContain('asked to wait 3600 s');
  });

  it('stops retrying when the waits of one request would pass their total cap', async () => {
    let calls = 0;
    server.use(http.get(URL_ME, () => {
      calls++;
      return HttpResponse.json({ status: 'error', error: 'slow down' }, { status: 429, headers: { 'Retry-After': '50' } });
    }));
    const err = await failure(testClient({ retry: { maxRetryAfterMs: 60_000, maxTotalWaitMs: 120_000 } }).client.getJson(ME));
    // 50 s + 50 s fit in 120 s; a third wait would not.
    expect(calls).toBe(3);
    expect(err.message).toMatch(/stopped retrying: the waits of one request are capped at 120 s/);
  });

  it('a Retry-After of 120 s is over the default cap: one request, the cap quoted', async () => {
    let calls = 0;
    server.use(http.get(URL_ME, () => {
      calls++;
      return HttpResponse.json({ status: 'error', error: 'slow down' }, { status: 429, headers: { 'Retry-After': '120' } });
    }));
    const err = await failure(testClient().client.getJson(ME));
    expect(calls).toBe(1);
    expect(err.message).toContain('asked to wait 120 s, longer than the retry cap of 60 s');
  });

  it('a spent time budget: no request is sent, and the error names the option', async () => {
    let calls = 0;
    server.use(http.get(URL_ME, () => {
      calls++;
      return HttpResponse.json({ status: 'ok', results: {} });
    }));
    let now = 0;
    const budget = new TimeBudget(1000, () => now);
    now = 1000;
    const err = await failure(testClient({ budget }).client.getJson(ME));
    expect(calls).toBe(0);
    expect(err.kind).toBe('budget');
    expect(err.message).toMatch(/time budget of 1 s was used up \(raise it with --max-collection-time SECONDS\)/);
  });

  it('a retry whose wait would outlast the budget is not waited for', async () => {
    let calls = 0;
    server.use(http.get(URL_ME, () => {
      calls++;
      return new HttpResponse('busy', { status: 503 });
    }));
    const budget = new TimeBudget(5000);
    const err = await failure(testClient({ budget, waitFor: (ms) => ms * 10 }).client.getJson(ME));
    expect(calls).toBe(1);
    expect(err.kind).toBe('budget');
  });

  it('an answer over maxResponseBytes is refused (kind too-large), one within it is read', async () => {
    server.use(http.get(URL_ME, () => HttpResponse.json({ status: 'ok', results: 'y'.repeat(4000) })));
    const err = await failure(testClient({ maxResponseBytes: 2048 }).client.getJson(ME));
    expect(err.kind).toBe('too-large');
    expect(err.message).toMatch(/larger than 2048 bytes.*--max-response-bytes/);
    await expect(testClient({ maxResponseBytes: 8192 }).client.getJson(ME)).resolves.toEqual({ status: 'ok', results: 'y'.repeat(4000) });
  });

  it('redacts every string of an answer as it arrives, keys included', async () => {
    const s = FIXTURE_CREDENTIALS.secret;
    server.use(http.get(URL_ME, () => HttpResponse.json({ status: 'ok', results: { name: `Org ${s}`, [s]: s.slice(0, 12), note: `${'z'.repeat(10)}${s.slice(3)}` } })));
    await expect(testClient().client.getJson(ME)).resolves.toEqual({
      status: 'ok', results: { name: 'Org [REDACTED]', '[REDACTED]': '[REDACTED]', note: `${'z'.repeat(10)}[REDACTED]` },
    });
  });

  it('rides out a 5xx storm with growing backoff', async () => {
    const statuses = [503, 502, 504];
    server.use(http.get(URL_ME, () => {
      const s = statuses.shift();
      return s === undefined ? HttpResponse.json({ status: 'ok', results: {} }) : new HttpResponse('busy', { status: s });
    }));
    const { client, events } = testClient({ random: () => 0.5 });
    await client.getJson(ME);
    // Equal jitter: half the ceiling plus random/2 of it; ceilings 1 s, 2 s, 4 s.
    expect(retries(events).map((e) => [e.reason, e.delayMs])).toEqual([['HTTP 503', 750], ['HTTP 502', 1500], ['HTTP 504', 3000]]);
  });

  it('stops after the retry limit and says how many attempts were made', async () => {
    let calls = 0;
    server.use(http.get(URL_ME, () => {
      calls++;
      return new HttpResponse('down', { status: 502 });
    }));
    const err = await failure(testClient({ retry: { limit: 2 } }).client.getJson(ME));
    expect(calls).toBe(3);
    expect(err.kind).toBe('server');
    expect(err.message).toContain('after 3 attempts');
  });

  it('does not retry 500 or 400-class answers', async () => {
    let calls = 0;
    server.use(http.get(URL_ME, () => {
      calls++;
      return new HttpResponse('boom', { status: 500 });
    }));
    await failure(testClient().client.getJson(ME));
    expect(calls).toBe(1);
  });

  it('times out each attempt and retries, then reports the timeout', async () => {
    let calls = 0;
    server.use(http.get(URL_ME, async () => {
      calls++;
      await delay(400);
      return HttpResponse.json({ status: 'ok', results: {} });
    }));
    const { client, events } = testClient({ timeoutMs: 60, retry: { limit: 1 } });
    const err = await failure(client.getJson(ME));
    expect(err.kind).toBe('timeout');
    expect(err.message).toMatch(/^no answer within 60 ms while reading \/me after 2 attempts/);
    expect(calls).toBe(2);
    expect(retries(events)[0]!.reason).toBe('ETIMEDOUT');
  });

  it('reports malformed JSON without echoing the body', async () => {
    server.use(http.get(URL_ME, () => new HttpResponse('<html>proxy login</html>', { status: 200, headers: { 'content-type': 'text/html' } })));
    const err = await failure(testClient().client.getJson(ME));
    expect(err.kind).toBe('malformed');
    expect(err.message).toMatch(/not valid JSON while reading \/me \(HTTP 200 from mixpanel.com\/api\/app\/me, 24 characters\)/);
    expect(err.message).not.toContain('proxy login');
  });

  it('redacts a secret that the server echoes in its error text', async () => {
    server.use(http.get(URL_ME, () => HttpResponse.json({ status: 'error', error: `bad secret ${FIXTURE_CREDENTIALS.secret}` }, { status: 401 })));
    const err = await failure(testClient().client.getJson(ME));
    expect(err.message).toContain('bad secret [REDACTED]');
  });

  it('follows a same-host redirect with credentials, and refuses one to another host', async () => {
    const seen: Record<string, string | null> = {};
    let otherReached = false;
    server.use(
      http.get('https://mixpanel.com/api/app/old', () => HttpResponse.redirect('https://mixpanel.com/api/app/new', 301)),
      http.get('https://mixpanel.com/api/app/new', ({ request }) => {
        seen.same = request.headers.get('authorization');
        return HttpResponse.redirect('https://elsewhere.example/landing', 302);
      }),
      http.get('https://elsewhere.example/landing', () => {
        otherReached = true;
        return HttpResponse.json({ status: 'ok', results: 'landed' });
      }),
    );
    const err = await failure(testClient().client.getJson({ surface: 'app', region: 'US', path: '/old', purpose: 'x' }));
    expect(seen.same).toMatch(/^Basic /);
    // Another host's answer is not Mixpanel's: it is never requested, so it can never become evidence.
    expect(otherReached).toBe(false);
    expect(err.message).toMatch(/refused a redirect from mixpanel.com\/api\/app\/new to another host \(elsewhere.example\)/);
  });

  it('a redirect to another Mixpanel region is refused too, naming the host', async () => {
    server.use(http.get(URL_ME, () => HttpResponse.redirect('https://eu.mixpanel.com/api/app/me', 301)));
    const err = await failure(testClient().client.getJson(ME));
    expect(err.message).toContain('to another host (eu.mixpanel.com)');
  });

  it('refuses a redirect from https to plain http', async () => {
    let reached = false;
    server.use(
      http.get(URL_ME, () => HttpResponse.redirect('http://mixpanel.com/api/app/me', 301)),
      http.get('http://mixpanel.com/api/app/me', () => {
        reached = true;
        return HttpResponse.json({});
      }),
    );
    const err = await failure(testClient().client.getJson(ME));
    expect(err.message).toMatch(/^refused a redirect from mixpanel.com\/api\/app\/me to a non-https address/);
    expect(reached).toBe(false);
  });

  it('sends the SCIM token as a bearer token, and refuses SCIM without one', async () => {
    let auth: string | null = null;
    server.use(http.get('https://mixpanel.com/api/app/scim/v2/Users', ({ request }) => {
      auth = request.headers.get('authorization');
      return HttpResponse.json({ Resources: [] });
    }));
    await testClient().client.getJson({ surface: 'scim', region: 'US', path: '/Users', purpose: 'listing SCIM users' });
    expect(auth).toBe(`Bearer ${FIXTURE_CREDENTIALS.scimToken}`);
    const noToken = testClient({ scimToken: undefined });
    const err = await failure(noToken.client.getJson({ surface: 'scim', region: 'US', path: '/Users', purpose: 'listing SCIM users' }));
    expect(err.kind).toBe('not-configured');
  });

  it('posts the audit-log query with its paging parameters and body', async () => {
    let seen: { url: string; body: unknown } | undefined;
    server.use(http.post('https://platform-eu.mixpanel.com/v1/organizations/4242/audit-logs/query', async ({ request }) => {
      seen = { url: request.url, body: await request.json() };
      return HttpResponse.json({ results: [], pagination: { next_cursor: null, previous_cursor: null } });
    }));
    await testClient().client.queryAuditLog(
      { region: 'EU', organizationId: '4242', pageSize: 100, cursor: 'abc', order: 'desc', body: { created_after: '2026-01-01T00:00:00Z' } },
      { purpose: 'querying the audit log', region: 'EU' },
    );
    expect(new URL(seen!.url).search).toBe('?page_size=100&cursor=abc&order=desc');
    expect(seen!.body).toEqual({ created_after: '2026-01-01T00:00:00Z' });
  });
});
