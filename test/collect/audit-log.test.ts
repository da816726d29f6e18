import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { collectAuditLog } from '../../src/collect/collectors/audit-log.js';
import type { AuditLogFile } from '../../src/collect/inputs/audit-log-file.js';
import { auditPage, fixtureOrg, platformErrorBody } from '../support/fake-mixpanel/index.js';
import { fixtureHandlers, specHandler, testClient, testContext } from './support/msw-fixture.js';

const org = fixtureOrg();
const server = setupServer(...fixtureHandlers(org));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const WINDOW = { start: '2026-03-17T12:00:00Z', end: '2026-06-15T12:00:00Z' };
const EXPORT: AuditLogFile = {
  file: 'audit.ndjson',
  events: [{ id: 'x1', created: '2026-05-01T00:00:00Z', type: 'session.logged_in', userEmail: 'ada@acme.example', userId: '900', projectId: null, entityName: null }],
  window: { start: '2026-05-01T00:00:00Z', end: '2026-05-01T00:00:00Z' },
};

describe('audit-log collector', () => {
  it('follows cursors with page_size 100 over the window, newest first', async () => {
    const asked: { search: string; body: unknown }[] = [];
    server.use(specHandler('platform', 'query_organization_audit_logs', 'US', async ({ request }) => {
      const url = new URL(request.url);
      const body = (await request.json()) as { created_after: string; created_before: string };
      asked.push({ search: url.search, body });
      return HttpResponse.json(auditPage(org, {
        cursor: url.searchParams.get('cursor'), pageSize: Number(url.searchParams.get('page_size')), order: 'desc',
        createdAfter: body.created_after, createdBefore: body.created_before,
      }) as JsonBodyType);
    }));
    const t = testClient();
    const slice = await collectAuditLog(testContext(org, t), { ...WINDOW, pageSize: 100, maxPages: 50 });
    expect(slice.status).toBe('ok');
    expect(slice.provenance.source).toBe('audit-log');
    expect(slice.data!.window).toEqual(WINDOW);
    expect(slice.data!.events).toHaveLength(250);
    expect(slice.data!.events[0]).toEqual({
      id: 'evt-0001', created: '2026-06-15T11:00:00Z', type: 'session.logged_in', userEmail: 'ada@acme.example', userId: '900',
      projectId: '3101', entityName: null, payload: {}, ttl: '2028-06-14T11:00:00Z',
    });
    const role = slice.data!.events.find((e) => e.type === 'user.role_changed')!;
    expect(role.payload).toEqual({ old_role: 'member', new_role: 'admin' });
    expect(t.events.filter((e) => e.type === 'page').map((e) => (e as { items: number }).items)).toEqual([100, 200, 250]);
    const cursor = (n: number) => Buffer.from(String(n)).toString('base64url');
    expect(asked).toEqual([
      { search: '?page_size=100&order=desc', body: { created_after: WINDOW.start, created_before: WINDOW.end } },
      { search: `?page_size=100&cursor=${cursor(100)}&order=desc`, body: { created_after: WINDOW.start, created_before: WINDOW.end } },
      { search: `?page_size=100&cursor=${cursor(200)}&order=desc`, body: { created_after: WINDOW.start, created_before: WINDOW.end } },
    ]);
  });

  it('asks only for the event types given, so the page cap applies to those alone', async () => {
    const asked: unknown[] = [];
    server.use(specHandler('platform', 'query_organization_audit_logs', 'US', async ({ request }) => {
      const url = new URL(request.url);
      const body = (await request.json()) as { created_after: string; created_before: string; types?: string[] };
      asked.push(body);
      return HttpResponse.json(auditPage(org, {
        cursor: url.searchParams.get('cursor'), pageSize: Number(url.searchParams.get('page_size')), order: 'desc',
        createdAfter: body.created_after, createdBefore: body.created_before, types: body.types ?? null,
      }) as JsonBodyType);
    }));
    const slice = await collectAuditLog(testContext(org), { ...WINDOW, pageSize: 100, maxPages: 1, types: ['user.role_changed'] });
    expect(slice.status).toBe('ok');
    // 36 role changes fit one page: the window is whole although the cap is one page.
    expect(slice.data!.window).toEqual(WINDOW);
    expect(slice.data!.types).toEqual(['user.role_changed']);
    expect(new Set(slice.data!.events.map((e) => e.type))).toEqual(new Set(['user.role_changed']));
    expect(asked).toEqual([{ created_after: WINDOW.start, created_before: WINDOW.end, types: ['user.role_changed'] }]);
  });

  it('a server that ignores the types filter is an error, not a partial read taken as whole', async () => {
    server.use(specHandler('platform', 'query_organization_audit_logs', 'US', async ({ request }) => {
      const url = new URL(request.url);
      const body = (await request.json()) as { created_after: string; created_before: string };
      return HttpResponse.json(auditPage(org, {
        cursor: url.searchParams.get('cursor'), pageSize: 100, order: 'desc', createdAfter: body.created_after, createdBefore: body.created_before,
      }) as JsonBodyType);
    }));
    const slice = await collectAuditLog(testContext(org), { ...WINDOW, pageSize: 100, maxPages: 5, types: ['user.role_changed'] });
    expect(slice.status).toBe('error');
    expect(slice.reason).toMatch(/was not asked for; the server did not apply the types filter/);
  });

  it('drops the request/response headers of each entry', async () => {
    const slice = await collectAuditLog(testContext(org), { ...WINDOW, pageSize: 100, maxPages: 1 });
    expect(JSON.stringify(slice.data)).not.toContain('http_request_headers');
    expect(JSON.stringify(slice.data)).not.toContain('203.0.113.7');
  });

  it('cut short by maxPages, keeps only the window it covers', async () => {
    const slice = await collectAuditLog(testContext(org), { ...WINDOW, pageSize: 100, maxPages: 2 });
    expect(slice.status).toBe('ok');
    expect(slice.data!.events).toHaveLength(200);
    expect(slice.data!.window.start).toBe(slice.data!.events[199]!.created);
    expect(slice.provenance.detail).toMatch(/stopped after 2 pages/);
  });

  /** A server that ignores order=desc and serves the oldest events first. */
  const oldestFirst = () => specHandler('platform', 'query_organization_audit_logs', 'US', async ({ request }) => {
    const url = new URL(request.url);
    const body = (await request.json()) as { created_after: string; created_before: string };
    return HttpResponse.json(auditPage(org, {
      cursor: url.searchParams.get('cursor'), pageSize: Number(url.searchParams.get('page_size')), order: 'asc',
      createdAfter: body.created_after, createdBefore: body.created_before,
    }) as JsonBodyType);
  });

  it('oldest first and cut short by maxPages: error, since the newest events were never read', async () => {
    server.use(oldestFirst());
    const slice = await collectAuditLog(testContext(org), { ...WINDOW, pageSize: 100, maxPages: 2 });
    expect(slice.status).toBe('error');
    expect(slice.reason).toMatch(/did not answer newest first \(order=desc\).*page cap \(2 pages\)/);
  });

  it('oldest first but read to the end: the whole window, since every event was seen', async () => {
    server.use(oldestFirst());
    const slice = await collectAuditLog(testContext(org), { ...WINDOW, pageSize: 100, maxPages: 50 });
    expect(slice.status).toBe('ok');
    expect(slice.data!.window).toEqual(WINDOW);
    expect(slice.data!.events).toHaveLength(250);
    expect(slice.data!.events[0]!.id).toBe('evt-0001');
  });

  it('empty pages that keep handing out cursors up to the cap: error, no window claimed', async () => {
    let n = 0;
    server.use(specHandler('platform', 'query_organization_audit_logs', 'US', () =>
      HttpResponse.json({ results: [], pagination: { next_cursor: `c${++n}`, previous_cursor: null } })));
    const slice = await collectAuditLog(testContext(org), { ...WINDOW, pageSize: 100, maxPages: 500 });
    expect(slice.status).toBe('error');
    expect(slice.reason).toMatch(/stopped at the page cap \(500 pages\) without reading a single event/);
    expect(slice.data).toBeUndefined();
  });

  it('an event outside the window asked for is an error: the filter was not applied', async () => {
    server.use(specHandler('platform', 'query_organization_audit_logs', 'US', () => HttpResponse.json(auditPage(org, { pageSize: 100, order: 'desc' }) as JsonBodyType)));
    const slice = await collectAuditLog(testContext(org), { start: '2026-06-01T00:00:00Z', end: WINDOW.end, pageSize: 100, maxPages: 1 });
    expect(slice.status).toBe('error');
    expect(slice.reason).toMatch(/events lie outside the window asked for \(2026-06-01T00:00:00Z to 2026-06-15T12:00:00Z\)/);
  });

  it('the same event twice counts once and the slice says so', async () => {
    const page = auditPage(org, { pageSize: 3, order: 'desc' }) as { results: unknown[]; pagination: unknown };
    server.use(specHandler('platform', 'query_organization_audit_logs', 'US', () =>
      HttpResponse.json({ results: [...page.results, page.results[2]], pagination: { next_cursor: null, previous_cursor: null } })));
    const slice = await collectAuditLog(testContext(org), { ...WINDOW, pageSize: 100, maxPages: 5 });
    expect(slice.status).toBe('ok');
    expect(slice.data!.events.map((e) => e.id)).toEqual(['evt-0001', 'evt-0002', 'evt-0003']);
    expect(slice.reason).toMatch(/lists the same event id more than once: evt-0003 \(2 times\)/);
  });

  it('a field the entry left out stays unknown; an explicit null stays null', async () => {
    server.use(specHandler('platform', 'query_organization_audit_logs', 'US', () => HttpResponse.json({ results: [
      { id: 'a', created: '2026-06-01T00:00:00Z', entity: { type: 'session.logged_in' } },
      { id: 'b', created: '2026-05-01T00:00:00Z', user_email: null, user_id: null, project_id: null, entity: { type: 'session.logged_in', entity_name: null } },
    ], pagination: { next_cursor: null } })));
    const slice = await collectAuditLog(testContext(org), { ...WINDOW, pageSize: 100, maxPages: 5 });
    expect(slice.data!.events).toEqual([
      { id: 'a', created: '2026-06-01T00:00:00Z', type: 'session.logged_in' },
      { id: 'b', created: '2026-05-01T00:00:00Z', type: 'session.logged_in', userEmail: null, userId: null, projectId: null, entityName: null },
    ]);
  });

  it.each([[401], [403], [404]])('falls back to the export on %s, saying why', async (status) => {
    server.use(specHandler('platform', 'query_organization_audit_logs', 'US', () => HttpResponse.json(platformErrorBody(status, 'no'), { status })));
    const slice = await collectAuditLog(testContext(org), { ...WINDOW, pageSize: 100, maxPages: 50, fallback: EXPORT });
    expect(slice.status).toBe('ok');
    expect(slice.provenance.source).toBe('export');
    expect(slice.provenance.detail).toMatch(new RegExp(`audit-log export audit.ndjson \\(1 events\\); used because the audit-log API failed: .*HTTP ${status}`));
    expect(slice.data!.events).toEqual(EXPORT.events);
  });

  it('without an export, a 403 is forbidden with the role it needs', async () => {
    server.use(specHandler('platform', 'query_organization_audit_logs', 'US', () => HttpResponse.json(platformErrorBody(403, 'Forbidden'), { status: 403 })));
    const slice = await collectAuditLog(testContext(org), { ...WINDOW, pageSize: 100, maxPages: 50 });
    expect(slice.status).toBe('forbidden');
    expect(slice.reason).toMatch(/^this service account lacks the owner\/admin role needed for querying the audit log \(HTTP 403 from platform-us.mixpanel.com\/v1\/organizations\/4242\/audit-logs\/query\); Mixpanel says: Forbidden/);
  });

  it('a 404 without an export says the organization was not found in the region', async () => {
    server.use(specHandler('platform', 'query_organization_audit_logs', 'US', () => HttpResponse.json(platformErrorBody(404, 'Not Found'), { status: 404 })));
    const slice = await collectAuditLog(testContext(org), { ...WINDOW, pageSize: 100, maxPages: 50 });
    expect(slice.status).toBe('error');
    expect(slice.reason).toMatch(/^organization 4242 not found in region US/);
  });

  it('a repeated cursor is an error, not an endless loop', async () => {
    server.use(specHandler('platform', 'query_organization_audit_logs', 'US', () =>
      HttpResponse.json({ results: [], pagination: { next_cursor: 'same', previous_cursor: null } })));
    const slice = await collectAuditLog(testContext(org), { ...WINDOW, pageSize: 100, maxPages: 50 });
    expect(slice.status).toBe('error');
    expect(slice.reason).toMatch(/cursor repeated on page 2/);
  });

  it('uses the API and ignores the export when the API answers', async () => {
    const t = testClient();
    const slice = await collectAuditLog(testContext(org, t), { ...WINDOW, pageSize: 100, maxPages: 50, fallback: EXPORT });
    expect(slice.provenance.source).toBe('audit-log');
    expect(t.events).toContainEqual({ type: 'warning', message: 'the audit-log API answered; the export audit.ndjson is not used' });
  });
});
