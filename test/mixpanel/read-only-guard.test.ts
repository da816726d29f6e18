import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { HostMap } from '../../src/mixpanel/hosts.js';
import { ReadOnlyGuard, ReadOnlyViolation } from '../../src/mixpanel/read-only-guard.js';
import { testClient } from '../collect/support/msw-fixture.js';

// Every request that reaches the network is recorded here; the read-only tests assert that the
// refused ones never arrive.
const arrived: string[] = [];
const server = setupServer(http.all('*', ({ request }) => {
  arrived.push(`${request.method} ${request.url}`);
  return HttpResponse.json({ results: [], pagination: { next_cursor: null } });
}));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  arrived.length = 0;
});
afterAll(() => server.close());

const guard = new ReadOnlyGuard(new HostMap().platformBases());
const AUDIT = 'https://platform-us.mixpanel.com/v1/organizations/4242/audit-logs/query';

describe('ReadOnlyGuard', () => {
  it('allows GET anywhere', () => {
    expect(() => guard.check('GET', new URL('https://mixpanel.com/api/app/organizations/1/service-accounts'))).not.toThrow();
    expect(() => guard.check('get', new URL('https://eu.mixpanel.com/organizations/1/users/'))).not.toThrow();
  });

  it('allows POST to the audit-log query route on a platform host, with its paging parameters', () => {
    expect(() => guard.check('POST', new URL(AUDIT))).not.toThrow();
    expect(() => guard.check('POST', new URL(`${AUDIT}?page_size=100&cursor=abc&order=desc`))).not.toThrow();
    expect(() => guard.check('POST', new URL('https://platform-in.mixpanel.com/v1/organizations/org_9/audit-logs/query'))).not.toThrow();
  });

  it.each([
    ['POST', 'https://mixpanel.com/api/app/organizations/1/service-accounts'],
    ['POST', 'https://mixpanel.com/api/app/organizations/1/service-accounts/remove-from-project'],
    ['POST', 'https://mixpanel.com/v1/organizations/4242/audit-logs/query'],
    ['POST', 'https://platform-us.mixpanel.com/v1/organizations/4242/audit-logs/query/extra'],
    ['POST', 'https://platform-us.mixpanel.com/v1/organizations/4242/audit-logs/export'],
    ['POST', `${AUDIT}?delete=true`],
    ['POST', 'https://platform-us.mixpanel.com.evil.example/v1/organizations/4242/audit-logs/query'],
    ['DELETE', 'https://mixpanel.com/api/app/organizations/1/service-accounts/5'],
    ['PUT', 'https://mixpanel.com/api/app/projects/1/schemas'],
    ['PATCH', 'https://mixpanel.com/api/app/projects/1/workspaces/2'],
    ['HEAD', 'https://mixpanel.com/api/app/me'],
    ['OPTIONS', 'https://mixpanel.com/api/app/me'],
    ['DELETE', AUDIT],
  ])('refuses %s %s', (method, url) => {
    expect(() => guard.check(method, new URL(url))).toThrow(ReadOnlyViolation);
  });

  it('allows the audit POST under an override base only at the platform prefix', () => {
    const g = new ReadOnlyGuard(new HostMap('http://127.0.0.1:9999').platformBases());
    expect(() => g.check('POST', new URL('http://127.0.0.1:9999/platform-eu/v1/organizations/1/audit-logs/query'))).not.toThrow();
    expect(() => g.check('POST', new URL('http://127.0.0.1:9999/eu/v1/organizations/1/audit-logs/query'))).toThrow(ReadOnlyViolation);
  });
});

describe('no request other than GET and the audit-log POST leaves the client', () => {
  it.each([['POST'], ['PUT'], ['PATCH'], ['DELETE'], ['HEAD'], ['OPTIONS'], ['TRACE'], ['CONNECT']])('%s is refused before sending', async (method) => {
    const { client } = testClient();
    const url = new URL('https://mixpanel.com/api/app/organizations/4242/service-accounts');
    await expect(client.request(method, url, { purpose: 'x', region: 'US' }, 'basic', {})).rejects.toBeInstanceOf(ReadOnlyViolation);
    expect(arrived).toEqual([]);
  });

  it('the allowed requests do arrive (the recorder works)', async () => {
    const { client } = testClient();
    await client.getJson({ surface: 'app', region: 'US', path: '/me', purpose: 'x' });
    await client.queryAuditLog({ region: 'US', organizationId: '4242', pageSize: 100, body: {} }, { purpose: 'x', region: 'US' });
    expect(arrived).toEqual(['GET https://mixpanel.com/api/app/me', `POST ${AUDIT}?page_size=100`]);
  });

  it('a redirect of the audit POST to another route is refused inside got', async () => {
    server.use(http.post(AUDIT, ({ request }) => {
      arrived.push(`${request.method} ${request.url}`);
      return new HttpResponse(null, { status: 307, headers: { location: '/v1/organizations/4242/service-accounts/delete' } });
    }));
    const { client } = testClient();
    await expect(client.queryAuditLog({ region: 'US', organizationId: '4242', pageSize: 100, body: {} }, { purpose: 'x', region: 'US' }))
      .rejects.toBeInstanceOf(ReadOnlyViolation);
    expect(arrived).toEqual([`POST ${AUDIT}?page_size=100`]);
  });
});
