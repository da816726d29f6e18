/**
 * A fake Mixpanel on a real loopback socket (node:http, 127.0.0.1, port 0), for tests that drive
 * the real got client end to end: `--api-base-url <baseUrl>`. It serves every region under the
 * path prefixes of src/mixpanel/hosts.ts (/us, /eu, /in, /platform-us, ...), checks credentials,
 * answers project routes only on the project's own region, pages SCIM (RFC 7644) and the audit log
 * (cursors), refuses every write, and records each request. Faults are set per run, or changed
 * between requests through `server.faults`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  appErrorBody, auditPage, meBody, orgServiceAccountsBody, orgUsersBody, platformErrorBody, projectServiceAccountsBody,
  scimPage, schemasBody, teamsBody, twoFactorBody, workspacesBody,
} from './bodies.js';
import { FIXTURE_CREDENTIALS, fixtureOrg, type FixtureOrg, type FixtureRegion } from './fixture.js';

export type RouteKey =
  | 'me' | 'orgServiceAccounts' | 'projectServiceAccounts' | 'schemas' | 'scimUsers' | 'auditLog'
  | 'orgUsers' | 'teams' | 'twoFactor' | 'workspaces';

export interface Storm {
  route: RouteKey | 'any';
  status: 429 | 502 | 503 | 504;
  /** How many matching requests fail before the route recovers. */
  times: number;
  /** Retry-After header value, e.g. "1". */
  retryAfter?: string;
}

export interface Faults {
  /** Answer these routes with a fixed status (403, 404, 500, ...). */
  status?: Partial<Record<RouteKey, number>>;
  storms?: Storm[];
  /** Delay every answer. */
  latencyMs?: number;
  /** Delay the answers of some routes (milliseconds), e.g. to trip the client's timeout. */
  slowRoutes?: Partial<Record<RouteKey, number>>;
  /** Answer these routes with a body that is not JSON. */
  malformed?: RouteKey[];
  /**
   * Rewrite the JSON body a route would answer with (status 200 only): to leave optional fields
   * out, list something twice, lie about paging, or ignore a query parameter.
   */
  rewrite?: Partial<Record<RouteKey, (body: Record<string, unknown>, request: RewriteRequest) => Record<string, unknown>>>;
}

/** What a rewrite sees of the request it answers. */
export interface RewriteRequest {
  query: URLSearchParams;
  body: unknown;
  org: FixtureOrg;
  /** The project of a project route. */
  projectId?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  route?: RouteKey;
  /** "basic", "bearer" or undefined: never the credential itself. */
  auth?: string;
  body?: unknown;
  status: number;
}

export interface FakeMixpanel {
  baseUrl: string;
  org: FixtureOrg;
  faults: Faults;
  requests: RecordedRequest[];
  credentials: { username: string; secret: string; scimToken: string };
  close(): Promise<void>;
}

export interface FakeMixpanelOptions {
  org?: FixtureOrg;
  faults?: Faults;
  /** Largest SCIM page the server hands out, whatever `count` asks (default 3, to force paging). */
  scimPageCap?: number;
}

const PREFIX_REGION: Record<string, FixtureRegion> = { us: 'US', eu: 'EU', in: 'IN' };

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  raw?: string;
}

function json(status: number, body: unknown): Answer {
  return { status, body };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeMixpanel(options: FakeMixpanelOptions = {}): Promise<FakeMixpanel> {
  const org = options.org ?? fixtureOrg();
  const credentials = { ...FIXTURE_CREDENTIALS };
  const basic = `Basic ${Buffer.from(`${credentials.username}:${credentials.secret}`).toString('base64')}`;
  const bearer = `Bearer ${credentials.scimToken}`;
  const scimCap = options.scimPageCap ?? 3;
  const stormCounts = new Map<Storm, number>();
  const state: FakeMixpanel = {
    baseUrl: '',
    org,
    faults: options.faults ?? {},
    requests: [],
    credentials,
    close: async () => undefined,
  };

  const project = (id: string) => org.projects.find((p) => String(p.id) === id);

  /** Finds the route, then applies auth, region and faults. */
  function answer(method: string, segments: string[], query: URLSearchParams, auth: string | undefined, body: unknown): { route?: RouteKey; a: Answer } {
    const [prefix, ...rest] = segments;
    const platform = prefix?.startsWith('platform-') === true;
    const region = PREFIX_REGION[platform ? prefix!.slice('platform-'.length) : prefix ?? ''];
    if (!region) return { a: json(404, appErrorBody('unknown host prefix')) };
    const path = `/${rest.join('/')}`;
    let route: RouteKey | undefined;
    let m: RegExpExecArray | null;
    let build: () => Answer = () => json(404, appErrorBody('not found'));
    const home = region === org.homeRegion;
    const notHome = () => json(404, appErrorBody('organization not found'));

    if (platform) {
      if ((m = /^\/v1\/organizations\/([^/]+)\/audit-logs\/query$/.exec(path))) {
        route = 'auditLog';
        const orgId = m[1];
        build = () => {
          if (method !== 'POST') return json(405, platformErrorBody(405, 'Method Not Allowed'));
          if (!home || orgId !== String(org.id)) return json(404, platformErrorBody(404, 'Not Found', 'organization not found'));
          const b = (body ?? {}) as Record<string, string | null | undefined>;
          const raw = (body ?? {}) as Record<string, unknown>;
          const types = Array.isArray(raw.types) ? raw.types.filter((t): t is string => typeof t === 'string') : null;
          const size = Number(query.get('page_size') ?? '100');
          if (!Number.isInteger(size) || size < 1 || size > 100) return json(422, { status: 422, title: 'Unprocessable Entity', errors: [{ type: 'less_than_equal', loc: ['query', 'page_size'], msg: 'page_size must be 1..100' }] });
          return json(200, auditPage(org, {
            cursor: query.get('cursor'), pageSize: size, order: query.get('order') === 'asc' ? 'asc' : 'desc',
            createdAfter: b.created_after ?? null, createdBefore: b.created_before ?? null, types,
          }));
        };
      }
    } else if (path === '/api/app/me') {
      route = 'me';
      build = () => (home ? json(200, meBody(org)) : json(401, appErrorBody('invalid credentials for this region')));
    } else if ((m = /^\/api\/app\/organizations\/([^/]+)\/service-accounts$/.exec(path))) {
      route = 'orgServiceAccounts';
      const orgId = m[1];
      build = () => (home && orgId === String(org.id) ? json(200, orgServiceAccountsBody(org)) : notHome());
    } else if ((m = /^\/api\/app\/projects\/([^/]+)\/(service-accounts|schemas|workspaces)$/.exec(path))) {
      const kind = m[2]!;
      route = kind === 'service-accounts' ? 'projectServiceAccounts' : kind === 'schemas' ? 'schemas' : 'workspaces';
      const p = project(m[1]!);
      build = () => {
        // Project routes answer only on the project's own regional host.
        if (!p || p.region !== region) return json(404, appErrorBody('project not found'));
        if (kind === 'service-accounts') return json(200, projectServiceAccountsBody(org, p.id));
        if (kind === 'schemas') return json(200, schemasBody(org, p.id));
        return json(200, workspacesBody(org, p.id));
      };
    } else if (path === '/api/app/scim/v2/Users') {
      route = 'scimUsers';
      build = () => {
        if (!home) return json(404, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'not found' });
        const start = Number(query.get('startIndex') ?? '1');
        const count = Math.min(Number(query.get('count') ?? '100'), scimCap);
        return json(200, scimPage(org, start, count));
      };
    } else if ((m = /^\/organizations\/([^/]+)\/(users|teams|twofactor)\/?$/.exec(path))) {
      const kind = m[2]!;
      route = kind === 'users' ? 'orgUsers' : kind === 'teams' ? 'teams' : 'twoFactor';
      const orgId = m[1];
      build = () => {
        if (!home || orgId !== String(org.id)) return notHome();
        if (kind === 'users') return json(200, orgUsersBody(org));
        if (kind === 'teams') return json(200, teamsBody(org));
        return json(200, twoFactorBody(org));
      };
    }

    // The read-only contract, seen from the server: nothing but GET and the audit-log POST.
    if (method !== 'GET' && !(method === 'POST' && route === 'auditLog')) return { ...(route ? { route } : {}), a: json(405, appErrorBody('method not allowed')) };
    const wanted = route === 'scimUsers' ? bearer : basic;
    if (auth !== wanted) {
      const a = route === 'scimUsers'
        ? json(401, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'invalid token' })
        : platform ? json(401, platformErrorBody(401, 'Unauthorized')) : json(401, appErrorBody('Unable to authenticate request'));
      return { ...(route ? { route } : {}), a };
    }
    if (route) {
      for (const storm of state.faults.storms ?? []) {
        if (storm.route !== 'any' && storm.route !== route) continue;
        const seen = stormCounts.get(storm) ?? 0;
        if (seen < storm.times) {
          stormCounts.set(storm, seen + 1);
          return { route, a: { status: storm.status, body: appErrorBody('slow down'), ...(storm.retryAfter ? { headers: { 'retry-after': storm.retryAfter } } : {}) } };
        }
      }
      const fixed = state.faults.status?.[route];
      if (fixed !== undefined) {
        const title = fixed === 403 ? 'Forbidden' : fixed === 404 ? 'Not Found' : 'Error';
        return { route, a: json(fixed, platform ? platformErrorBody(fixed, title, 'fault injected') : appErrorBody(`fault injected: HTTP ${fixed}`)) };
      }
      if (state.faults.malformed?.includes(route)) return { route, a: { status: 200, raw: '<html>gateway says hello</html>' } };
    }
    const built = build();
    const rewrite = route ? state.faults.rewrite?.[route] : undefined;
    if (rewrite && built.status === 200 && built.body !== undefined) {
      const pid = /^\/api\/app\/projects\/(\d+)\//.exec(path)?.[1];
      built.body = rewrite(built.body as Record<string, unknown>, { query, body, org, ...(pid ? { projectId: Number(pid) } : {}) });
    }
    return { ...(route ? { route } : {}), a: built };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = await readBody(req);
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = text;
      }
      const authHeader = req.headers.authorization;
      const { route, a } = answer(req.method ?? 'GET', url.pathname.split('/').filter(Boolean), url.searchParams, authHeader, body);
      state.requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        ...(route ? { route } : {}),
        ...(authHeader ? { auth: authHeader.split(' ')[0]!.toLowerCase() } : {}),
        ...(body === undefined ? {} : { body }),
        status: a.status,
      });
      const wait = (state.faults.latencyMs ?? 0) + (route ? state.faults.slowRoutes?.[route] ?? 0 : 0);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const payload = a.raw ?? JSON.stringify(a.body ?? {});
      res.writeHead(a.status, { 'content-type': a.raw ? 'text/html' : 'application/json', ...(a.headers ?? {}) });
      res.end(payload);
    })().catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake server error: ${(err as Error).message}`);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve, reject) => {
    server.closeAllConnections();
    server.close((err) => (err ? reject(err) : resolve()));
  });
  return state;
}
