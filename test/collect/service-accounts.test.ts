import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { collectServiceAccounts } from '../../src/collect/collectors/service-accounts.js';
import type { ResponseEvent } from '../../src/mixpanel/client-events.js';
import { fixtureOrg } from '../support/fake-mixpanel/index.js';
import { fixtureHandlers, specHandler, testClient, testContext } from './support/msw-fixture.js';

const org = fixtureOrg();
const server = setupServer(...fixtureHandlers(org));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('service accounts collector', () => {
  it('joins the organization list with every project\'s list, each read on the project\'s region', async () => {
    const t = testClient();
    const slice = await collectServiceAccounts(testContext(org, t));
    expect(slice.status).toBe('ok');
    expect(slice.provenance.source).toBe('api');
    expect(slice.data).toEqual([
      {
        id: '501', username: 'ci-export.8f2c1a.mp-service-account', created: '2025-01-10T09:00:00Z', expires: null,
        lastUsed: '2026-06-01T08:00:00Z', creatorId: '900',
        projects: [
          { projectId: '3001', role: 'admin', hasSensitiveAccess: true, targetType: 'individual' },
          { projectId: '3101', role: 'analyst', hasSensitiveAccess: false, targetType: 'team' },
        ],
      },
      {
        id: '502', username: 'old-etl.77aa01.mp-service-account', created: '2023-03-01T00:00:00Z', expires: '2024-03-01T00:00:00Z',
        lastUsed: '2023-12-01T00:00:00Z', creatorId: '901', projects: [{ projectId: '3002', role: 'owner', hasSensitiveAccess: false, targetType: 'individual' }],
      },
      {
        id: '503', username: 'scanner.0b9e77.mp-service-account', created: '2026-01-05T00:00:00Z', expires: '2026-12-31T00:00:00Z',
        creatorId: '900', projects: [{ projectId: '3001', role: 'consumer', hasSensitiveAccess: false, targetType: 'individual' }],
      },
    ]);
    const routes = t.events.filter((e): e is ResponseEvent => e.type === 'response').map((e) => e.route).sort();
    expect(routes).toEqual([
      'eu.mixpanel.com/api/app/projects/3101/service-accounts',
      'eu.mixpanel.com/api/app/projects/3102/service-accounts',
      'mixpanel.com/api/app/organizations/4242/service-accounts',
      'mixpanel.com/api/app/projects/3001/service-accounts',
      'mixpanel.com/api/app/projects/3002/service-accounts',
    ]);
  });

  it('a 403 on the organization list makes the slice forbidden, with the role it needs', async () => {
    server.use(specHandler('service-accounts', 'list-service-accounts', 'US', () => HttpResponse.json({ status: 'error', error: 'Permission denied' }, { status: 403 })));
    const slice = await collectServiceAccounts(testContext(org));
    expect(slice.status).toBe('forbidden');
    expect(slice.reason).toMatch(/^this service account lacks the owner\/admin role needed for listing the organization's service accounts \(HTTP 403/);
    expect(slice.data).toBeUndefined();
  });

  it('one unreadable project makes the slice an error naming the project, keeping what was read', async () => {
    server.use(specHandler('service-accounts', 'list-project-service-accounts', 'EU', ({ params }) =>
      (params.projectId === '3101' ? new HttpResponse('bad gateway', { status: 500 }) : HttpResponse.json({ status: 'ok', results: [] }))));
    const slice = await collectServiceAccounts(testContext(org));
    expect(slice.status).toBe('error');
    expect(slice.reason).toMatch(/^the service accounts of 1 of 4 projects could not be read; project 3101: Mixpanel failed while listing the service accounts of project 3101/);
    expect(slice.data).toHaveLength(3);
  });

  it('a 404 on a project says which project and region', async () => {
    server.use(specHandler('service-accounts', 'list-project-service-accounts', 'EU', () => HttpResponse.json({ status: 'error', error: 'gone' }, { status: 404 })));
    const slice = await collectServiceAccounts(testContext(org));
    expect(slice.reason).toContain('project 3101 not found in region EU');
    expect(slice.reason).toContain('project 3102 not found in region EU');
  });

  it('malformed JSON is an error, not an empty list', async () => {
    server.use(specHandler('service-accounts', 'list-service-accounts', 'US', () => new HttpResponse('{"status": "ok", "results": [', { status: 200 })));
    const slice = await collectServiceAccounts(testContext(org));
    expect(slice.status).toBe('error');
    expect(slice.reason).toMatch(/not valid JSON/);
  });

  it('a grant without hasSensitiveAccess (optional in the spec) leaves that grant\'s flag unknown, the slice ok', async () => {
    server.use(specHandler('service-accounts', 'list-project-service-accounts', 'US', ({ params }) =>
      HttpResponse.json({ status: 'ok', results: params.projectId === '3001' ? [{ id: 501, username: 'x', created: '2025-01-01T00:00:00Z', role: 'admin' }] : [] })));
    const slice = await collectServiceAccounts(testContext(org));
    expect(slice.status).toBe('ok');
    const sa = slice.data!.find((s) => s.id === '501')!;
    expect(sa.projects).toEqual([
      { projectId: '3001', role: 'admin' },
      { projectId: '3101', role: 'analyst', hasSensitiveAccess: false, targetType: 'team' },
    ]);
  });

  it('a hasSensitiveAccess that is present but not a boolean is an error, not a guess', async () => {
    server.use(specHandler('service-accounts', 'list-project-service-accounts', 'US', () =>
      HttpResponse.json({ status: 'ok', results: [{ id: 501, username: 'x', created: '2025-01-01T00:00:00Z', role: 'admin', hasSensitiveAccess: 'yes' }] })));
    const slice = await collectServiceAccounts(testContext(org));
    expect(slice.status).toBe('error');
    expect(slice.reason).toContain('results[0].hasSensitiveAccess is not a boolean');
  });

  it('an absent last_used stays unknown; only an explicit null means never used', async () => {
    server.use(specHandler('service-accounts', 'list-service-accounts', 'US', () => HttpResponse.json({ status: 'ok', results: [
      { id: 1, username: 'absent', created: '2025-01-01T00:00:00Z' },
      { id: 2, username: 'never', created: '2025-01-01T00:00:00Z', last_used: null },
    ] })));
    server.use(specHandler('service-accounts', 'list-project-service-accounts', 'US', () => HttpResponse.json({ status: 'ok', results: [] })));
    server.use(specHandler('service-accounts', 'list-project-service-accounts', 'EU', () => HttpResponse.json({ status: 'ok', results: [] })));
    const slice = await collectServiceAccounts(testContext(org));
    expect(slice.status).toBe('ok');
    const [absent, never] = slice.data!;
    expect(absent).not.toHaveProperty('lastUsed');
    expect(absent).not.toHaveProperty('creatorId');
    expect(never!.lastUsed).toBeNull();
  });

  it('an org-level role and creator email are kept when a response carries them; a project list\'s role is not an org role', async () => {
    server.use(specHandler('service-accounts', 'list-service-accounts', 'US', () => HttpResponse.json({ status: 'ok', results: [
      { id: 1, username: 'with-role', created: '2025-01-01T00:00:00Z', role: 'Admin', creator: 900, creator_email: 'Ada@Acme.example' },
    ] })));
    server.use(specHandler('service-accounts', 'list-project-service-accounts', 'US', ({ params }) => HttpResponse.json({ status: 'ok', results: params.projectId === '3001'
      ? [{ id: 2, username: 'project-only', created: '2025-01-01T00:00:00Z', role: 'owner', hasSensitiveAccess: false }] : [] })));
    server.use(specHandler('service-accounts', 'list-project-service-accounts', 'EU', () => HttpResponse.json({ status: 'ok', results: [] })));
    const slice = await collectServiceAccounts(testContext(org));
    const [withRole, projectOnly] = slice.data!;
    expect(withRole).toMatchObject({ orgRole: 'admin', creatorId: '900', creatorEmail: 'ada@acme.example' });
    expect(projectOnly).not.toHaveProperty('orgRole');
    expect(projectOnly!.projects).toEqual([{ projectId: '3001', role: 'owner', hasSensitiveAccess: false }]);
  });

  it('an account listed twice is merged keeping the worse copy (no expiry, oldest use) and the slice says so', async () => {
    const listTwice = (first: Record<string, unknown>, second: Record<string, unknown>) => {
      server.use(specHandler('service-accounts', 'list-service-accounts', 'US', () => HttpResponse.json({ status: 'ok', results: [
        { id: 7, username: 'dup', created: '2025-01-01T00:00:00Z', ...first },
        { id: 7, username: 'dup', created: '2025-01-01T00:00:00Z', ...second },
      ] })));
    };
    server.use(specHandler('service-accounts', 'list-project-service-accounts', 'US', ({ params }) => HttpResponse.json({ status: 'ok', results: params.projectId === '3001' ? [
      { id: 7, username: 'dup', created: '2025-01-01T00:00:00Z', role: 'consumer', hasSensitiveAccess: false },
      { id: 7, username: 'dup', created: '2025-01-01T00:00:00Z', role: 'owner', hasSensitiveAccess: true },
    ] : [] })));
    server.use(specHandler('service-accounts', 'list-project-service-accounts', 'EU', () => HttpResponse.json({ status: 'ok', results: [] })));
    for (const [first, second] of [
      [{ expires: null, last_used: '2026-06-01T00:00:00Z' }, { expires: '2026-09-01T00:00:00Z', last_used: '2025-02-01T00:00:00Z' }],
      [{ expires: '2026-09-01T00:00:00Z', last_used: '2025-02-01T00:00:00Z' }, { expires: null, last_used: '2026-06-01T00:00:00Z' }],
    ] as const) {
      listTwice(first, second);
      const t = testClient();
      const slice = await collectServiceAccounts(testContext(org, t));
      expect(slice.status).toBe('ok');
      expect(slice.data).toEqual([{
        id: '7', username: 'dup', created: '2025-01-01T00:00:00Z', expires: null, lastUsed: '2025-02-01T00:00:00Z',
        projects: [{ projectId: '3001', role: 'owner', hasSensitiveAccess: true }],
      }]);
      expect(slice.reason).toMatch(/organization's service-account list lists the same service account id more than once: 7 \(2 times\)/);
      expect(slice.reason).toMatch(/7 on project 3001 \(2 times\)/);
      expect(t.events.some((e) => e.type === 'warning' && /more than once/.test(e.message))).toBe(true);
    }
  });

  it('an account listed once carries no duplicate flag', async () => {
    const slice = await collectServiceAccounts(testContext(org));
    expect(slice.reason).toBeUndefined();
  });

  it('keeps at most the configured number of project calls in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const projects = Array.from({ length: 12 }, (_, i) => ({ id: String(9000 + i), name: `p${i}`, region: 'US' as const }));
    server.use(specHandler('service-accounts', 'list-project-service-accounts', 'US', async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 15));
      inFlight--;
      return HttpResponse.json({ status: 'ok', results: [] });
    }));
    const ctx = testContext(org, testClient(), projects);
    const slice = await collectServiceAccounts(ctx);
    expect(slice.status).toBe('ok');
    expect(peak).toBe(4);
  });
});
