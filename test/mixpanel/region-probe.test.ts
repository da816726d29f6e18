import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MixpanelApiError } from '../../src/mixpanel/api-error.js';
import { readMe } from '../../src/mixpanel/region-probe.js';
import { testClient } from '../collect/support/msw-fixture.js';

const calls: string[] = [];
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  calls.length = 0;
});
afterAll(() => server.close());

function me(host: string, status: number) {
  return http.get(`https://${host}/api/app/me`, ({ request }) => {
    calls.push(`${host} ${new URL(request.url).search}`);
    return status === 200 ? HttpResponse.json({ status: 'ok', results: { host } }) : HttpResponse.json({ status: 'error', error: 'x' }, { status });
  });
}

describe('readMe', () => {
  it('probes US, EU, IN in turn; the first 200 wins', async () => {
    server.use(me('mixpanel.com', 401), me('eu.mixpanel.com', 200), me('in.mixpanel.com', 200));
    const answer = await readMe(testClient().client);
    expect(answer.region).toBe('EU');
    expect(calls).toEqual(['mixpanel.com ?include_workspace_users=false', 'eu.mixpanel.com ?include_workspace_users=false']);
  });

  it('asks only the region it is given', async () => {
    server.use(me('in.mixpanel.com', 200));
    expect((await readMe(testClient().client, 'IN')).region).toBe('IN');
    expect(calls).toHaveLength(1);
  });

  it('says "credentials rejected in every region" when all answer 401', async () => {
    server.use(me('mixpanel.com', 401), me('eu.mixpanel.com', 401), me('in.mixpanel.com', 401));
    const err = await readMe(testClient().client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MixpanelApiError);
    expect((err as MixpanelApiError).kind).toBe('credentials');
    expect((err as Error).message).toMatch(/^credentials rejected in every region \(US, EU, IN\)/);
  });

  it('lists each region\'s reason when they fail differently', async () => {
    server.use(me('mixpanel.com', 401), me('eu.mixpanel.com', 403), me('in.mixpanel.com', 404));
    const err = (await readMe(testClient().client).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/^no region answered \/api\/app\/me: US: credentials rejected.*; EU: this service account lacks.*; IN: not found in region IN/);
  });
});
