import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { GetRequest } from '../../src/mixpanel/client.js';
import { testClient } from '../collect/support/msw-fixture.js';

// One limiter for every request of a client (--concurrency): counted at the server, across routes.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function countingRoutes(): { max: () => number } {
  let now = 0;
  let max = 0;
  const answer = async () => {
    now++;
    max = Math.max(max, now);
    // Held long enough for the other requests to arrive; nothing is asserted about time.
    await delay(20);
    now--;
    return HttpResponse.json({ status: 'ok', results: [] });
  };
  server.use(
    http.get('https://mixpanel.com/api/app/projects/:id/service-accounts', answer),
    http.get('https://mixpanel.com/api/app/me', answer),
    http.get('https://mixpanel.com/api/app/scim/v2/Users', answer),
  );
  return { max: () => max };
}

const requests: GetRequest[] = [
  ...Array.from({ length: 8 }, (_, i): GetRequest => ({ surface: 'app', region: 'US', path: `/projects/${i + 1}/service-accounts`, purpose: 'reading service accounts' })),
  ...Array.from({ length: 4 }, (): GetRequest => ({ surface: 'app', region: 'US', path: '/me', purpose: 'reading /me' })),
];

describe('client: one limiter for all requests', () => {
  it('never has more than maxInFlight requests out at once, over every route', async () => {
    const routes = countingRoutes();
    const { client } = testClient({ maxInFlight: 3 });
    await Promise.all(requests.map((r) => client.getJson(r)));
    expect(routes.max()).toBe(3);
  });

  it('without a limit, the same requests all go out together (the count above is the limiter\'s doing)', async () => {
    const routes = countingRoutes();
    const { client } = testClient();
    await Promise.all(requests.map((r) => client.getJson(r)));
    expect(routes.max()).toBe(requests.length);
  });
});
