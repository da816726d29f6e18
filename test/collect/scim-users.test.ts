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

  it('a server that ignores startIndex is caught, not looped on and not taken as complete', async () => {
    server.use(http.get(SCIM, () => HttpResponse.json(scimPage(org, 1, 3))));
    const slice = await collectScimUsers(testContext(org), { pageSize: 3, maxPages: 10 });
    expect(slice.status).toBe('error');
    expect(slice.reason).toMatch(/asked for startIndex 4, the server answered startIndex 1/);
    // Without the echoed index, the repeated users give it away.
    server.use(http.get(SCIM, () => HttpResponse.json({ ...scimPage(org, 1, 3), startIndex: undefined })));
    const again = await collectScimUsers(testContext(org), { pageSize: 3, maxPages: 10 });
    expect(again.status).toBe('error');
    expect(again.reason).toMatch(/announced totalResults 7 but listed 3 users/);
  });

  it('a ListResponse without totalResults cannot be shown complete: error', async () => {
    server.use(http.get(SCIM, () => HttpResponse.json({ ...scimPage(org, 1, 100), totalResults: undefined })));
    const slice = await collectScimUsers(testContext(org), { pageSize: 100, maxPages: 10 });
    expect(slice.status).toBe('error');
    expect(slice.reason).toMatch(/no totalResults/);
  });

  it.each([
    ['totalResults as a string', { totalResults: '250' }, /totalResults is the string "250", not a whole number/],
    ['totalResults negative', { totalResults: -1 }, /totalResults is -1/],
    ['startIndex as a string', { startIndex: '1' }, /startIndex is the string "1"/],
    ['itemsPerPage as a fraction', { itemsPerPage: 2.5 }, /itemsPerPage is 2.5/],
    ['itemsPerPage not counting the page', { itemsPerPage: 100 }, /itemsPerPage is 100 but the page holds 3 users/],
  ])('%s is an error slice, never ok', async (_name, patch, reason) => {
    server.use(http.get(SCIM, ({ request }) => {
      const u = new URL(request.url);
      return HttpResponse.json({ ...scimPage(org, Number(u.searchParams.get('startIndex')), 3), ...patch });
    }));
    const slice = await collectScimUsers(testContext(org), { pageSize: 3, maxPages: 10 });
    expect(slice.status).toBe('error');
    expect(slice.reason).toMatch(reason);
  });

  it('fewer users read than announced (100 of 250) is an error, with the counts', async () => {
    const many = { ...org, scimUsers: Array.from({ length: 100 }, (_, i) => ({ id: `u${i}`, userName: `p${i}@acme.example`, email: `p${i}@acme.example`, active: true })) };
    server.use(http.get(SCIM, ({ request }) => {
      const u = new URL(request.url);
      return HttpResponse.json({ ...scimPage(many, Number(u.searchParams.get('startIndex')), 100), totalResults: 250 });
    }));
    const slice = await collectScimUsers(testContext(org), { pageSize: 100, maxPages: 10 });
    expect(slice.status).toBe('error');
    expect(slice.reason).toMatch(/announced totalResults 250 but listed 100 users/);
  });

  it('two SCIM users with one address are both kept and the slice is flagged', async () => {
    const twice = { ...org, scimUsers: [...org.scimUsers, { id: 'u8', userName: 'ADA@acme.example', email: 'ada@ACME.example', active: false }] };
    server.use(http.get(SCIM, ({ request }) => HttpResponse.json(scimPage(twice, Number(new URL(request.url).searchParams.get('startIndex')), 3))));
    const slice = await collectScimUsers(testContext(org), { pageSize: 3, maxPages: 10 });
    expect(slice.status).toBe('ok');
    expect(slice.data!.filter((u) => u.email === 'ada@acme.example').map((u) => [u.id, u.active])).toEqual([['u1', true], ['u8', false]]);
    expect(slice.reason).toMatch(/SCIM directory lists the same email address more than once: ada@acme.example \(2 times\)/);
    server.resetHandlers();
    const once = await collectScimUsers(testContext(org), { pageSize: 3, maxPages: 10 });
    expect(once.reason).toBeUndefined();
  });

  it('an inconsistent page is an error', async () => {
    let call = 0;
    server.use(http.get(SCIM, () => {
      call++;
      const page = scimPage(org, call === 1 ? 1 : 3, 3);
      return HttpResponse.json({ ...page, totalResults: 7, startIndex: undefined });
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
