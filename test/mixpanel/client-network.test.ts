import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MixpanelApiError } from '../../src/mixpanel/api-error.js';
import { MixpanelClient } from '../../src/mixpanel/client.js';
import type { ClientEvent } from '../../src/mixpanel/client-events.js';
import { HostMap } from '../../src/mixpanel/hosts.js';

// Real sockets (no msw here): a connection reset and a refused port are the network errors the
// retry policy is about, and msw's emulated network error carries no error code.
let server: Server;
let base: string;
let connections = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    connections++;
    // The first request of each path has its connection cut mid-way.
    if (connections === 1) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', results: { attempt: connections } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

function client(apiBaseUrl: string, events: ClientEvent[]): MixpanelClient {
  return new MixpanelClient({
    username: 'u', secret: 'network-test-secret', hosts: new HostMap(apiBaseUrl), timeoutMs: 2000, waitFor: () => 1,
    retry: { limit: 2 }, onEvent: (e) => events.push(e),
  });
}

describe('network errors', () => {
  it('retries a reset connection and succeeds', async () => {
    const events: ClientEvent[] = [];
    const body = await client(base, events).getJson({ surface: 'app', region: 'US', path: '/me', purpose: 'reading /me' });
    expect(body).toEqual({ status: 'ok', results: { attempt: 2 } });
    expect(events.filter((e) => e.type === 'retry').map((e) => (e as { reason: string }).reason)).toEqual(['ECONNRESET']);
  });

  it('retries a refused port, then reports a network error with the attempt count', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const events: ClientEvent[] = [];
    const err = await client(`http://127.0.0.1:${port}`, events)
      .getJson({ surface: 'app', region: 'EU', path: '/me', purpose: 'reading /me' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MixpanelApiError);
    expect((err as MixpanelApiError).kind).toBe('network');
    expect((err as MixpanelApiError).message).toBe(`network error while reading /me after 3 attempts (ECONNREFUSED from 127.0.0.1:${port}/eu/api/app/me)`);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(2);
  });
});
