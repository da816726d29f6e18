import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { collectScimUsers } from '../../src/collect/collectors/scim-users.js';
import { fixtureOrg, scimPage } from '../support/fake-mixpanel/index.js';
import { fixtureHandlers, testClient, testContext } from './support/msw-fixture.js';

const org = fixtureOrg();
const server = setupServer(...fixtureHandlers(org));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const SCIM = 'https://mixpanel.com/api/app/scim/v2/Users';

describe('SCIM users collector', () => {
  it('pages with startIndex/count until totalResults, lower-casing emails', async () => {
    const seen: string[] = [];
    server.use(http.get(SCIM, ({ request }) => {
      const u = new URL(request.url);
      seen.push(u.search);
      return HttpResponse.json(scimPage(org, Number(u.searchParams.get('startIndex')), 3));
    }));
    const t = testClient();
    const slice = await collectScimUsers(testContext(org, t), { pageSize: 3, maxPages: 10 });
    expect(slice.status).toBe('ok');
    expect(slice.provenance.source).toBe('scim');
    expect(seen).toEqual(['?startIndex=1&count=3', '?startIndex=4&count=3', '?startIndex=7&count=3']);
    expect(slice.data!.map((u) => [u.email, u.active])).toEqual([
      ['ada@acme.example', true], ['bob@acme.example', true], ['cy@acme.example', true], ['dee@contractor.example', false],
      ['eve@acme.example', true], ['fay@acme.example', false], ['gus@acme.example', true],
    ]);
    expect(t.events.filter((e) => e.type === 'page')).toHaveLength(3);
  });

  it('follows the server\'s page size when it hands out fewer than asked', async () => {
    const slice = await collectScimUsers(testContext(org), { pageSize: 100, maxPages: 10 });
    expect(slice.data).toHaveLength(7);
  });

  it('stops cleanly when a server ignores startIndex and returns everyone each time', async () => {
    server.use(http.get(SCIM, () => HttpResponse.json({ ...scimPage(org, 1, 100), totalResults: undefined })));
    const slice = await collectScimUsers(testContext(org), { pageSize: 100, maxPages: 10 });
    expect(slice.status).toBe('ok');
    expect(slice.data).toHaveLength(7);
  });

  it('an inconsistent page is an error', async () => {
    let call = 0;
    server.use(http.get(SCIM, () => {
      call++;
      const page = scimPage(org, call === 1 ? 1 : 3, 3);
      return HttpResponse.json({ ...page, totalResults: 7 });
    }));
    const slice = await collectScimUsers(testContext(org), { pageSize: 3, maxPages: 10 });
    expect(slice.status).toBe('error');
    expect(slice.reason).toMatch(/page 2 repeats users of an earlier page/);
  });

  it('a rejected token says so, naming the variable', async () => {
    server.use(http.get(SCIM, () => HttpResponse.json({ detail: 'invalid token', status: '401' }, { status: 401 })));
    const slice = await collectScimUsers(testContext(org));
    expect(slice.status).toBe('error');
    expect(slice.reason).toMatch(/^the SCIM token \(MIXPANEL_SCIM_TOKEN\) rejected \(HTTP 401.*Mixpanel says: invalid token/);
  });

  it('a 403 is forbidden', async () => {
    server.use(http.get(SCIM, () => HttpResponse.json({ detail: 'plan', status: '403' }, { status: 403 })));
    const slice = await collectScimUsers(testContext(org));
    expect(slice.status).toBe('forbidden');
    expect(slice.reason).toMatch(/^the SCIM token \(MIXPANEL_SCIM_TOKEN\) was refused for listing SCIM users/);
  });

  it('a user without a boolean "active" is an unexpected answer', async () => {
    server.use(http.get(SCIM, () => HttpResponse.json({ totalResults: 1, Resources: [{ id: 'x', userName: 'a@b.example' }] })));
    const slice = await collectScimUsers(testContext(org));
    expect(slice.reason).toMatch(/Resources\[0\]\.active is not a boolean/);
  });
});
