/**
 * msw handlers for the fixture organization, on Mixpanel's real hosts. The documented routes are
 * built from the OpenAPI specs (server URL per region + path template per operationId), so a
 * collector that calls a path the spec does not have finds no handler and fails the test
 * (`onUnhandledRequest: 'error'`). Undocumented routes (/me, SCIM, org routes) are written out.
 */
import { http, HttpResponse, type HttpHandler, type JsonBodyType } from 'msw';
import pLimit from 'p-limit';
import type { CollectContext } from '../../../src/collect/context.js';
import type { CollectEvent } from '../../../src/collect/events.js';
import { MixpanelClient, type ClientOptions } from '../../../src/mixpanel/client.js';
import { HostMap } from '../../../src/mixpanel/hosts.js';
import type { Project, Region } from '../../../src/state/org-state.js';
import {
  auditPage, FIXTURE_CREDENTIALS, FIXTURE_NOW, meBody, orgServiceAccountsBody, orgUsersBody, projectServiceAccountsBody, schemasBody,
  scimPage, teamsBody, twoFactorBody, workspacesBody, type FixtureOrg,
} from '../../support/fake-mixpanel/index.js';
import { mswPath, operation, serverUrls, type SpecName } from '../../mixpanel/openapi.js';

const REGION_INDEX: Record<Region, number> = { US: 0, EU: 1, IN: 2 };

/** The msw URL pattern of a documented operation in a region. */
export function specRoute(name: SpecName, operationId: string, region: Region): { method: string; url: string } {
  const op = operation(name, operationId);
  return { method: op.method, url: `${serverUrls(name)[REGION_INDEX[region]]!}${mswPath(op.path)}` };
}

/** An msw handler for a documented operation, answering `reply` in `region`. */
export function specHandler(
  name: SpecName,
  operationId: string,
  region: Region,
  reply: (info: { params: Record<string, string | readonly string[] | undefined>; request: Request }) => Response | Promise<Response>,
): HttpHandler {
  const { method, url } = specRoute(name, operationId, region);
  const verb = method === 'POST' ? http.post : http.get;
  return verb(url, ({ params, request }) => reply({ params, request }));
}

export const APP_HOST: Record<Region, string> = { US: 'https://mixpanel.com', EU: 'https://eu.mixpanel.com', IN: 'https://in.mixpanel.com' };

function regionOf(org: FixtureOrg, projectId: string): Region | undefined {
  return org.projects.find((p) => String(p.id) === projectId)?.region;
}

/** Handlers answering the whole fixture organization the way Mixpanel would, in every region. */
export function fixtureHandlers(org: FixtureOrg): HttpHandler[] {
  const handlers: HttpHandler[] = [];
  for (const region of ['US', 'EU', 'IN'] as const) {
    const home = region === org.homeRegion;
    handlers.push(http.get(`${APP_HOST[region]}/api/app/me`, () =>
      (home ? HttpResponse.json(meBody(org) as JsonBodyType) : HttpResponse.json({ status: 'error', error: 'auth' }, { status: 401 }))));
    handlers.push(specHandler('service-accounts', 'list-service-accounts', region, ({ params }) =>
      (home && params.organizationId === String(org.id)
        ? HttpResponse.json(orgServiceAccountsBody(org) as JsonBodyType)
        : HttpResponse.json({ status: 'error', error: 'not found' }, { status: 404 }))));
    handlers.push(specHandler('service-accounts', 'list-project-service-accounts', region, ({ params }) =>
      (regionOf(org, String(params.projectId)) === region
        ? HttpResponse.json(projectServiceAccountsBody(org, Number(params.projectId)) as JsonBodyType)
        : HttpResponse.json({ status: 'error', error: 'project not found' }, { status: 404 }))));
    handlers.push(specHandler('lexicon-schemas', 'list-all-schemas-for-project', region, ({ params }) =>
      (regionOf(org, String(params.projectId)) === region
        ? HttpResponse.json(schemasBody(org, Number(params.projectId)) as JsonBodyType)
        : HttpResponse.json({ status: 'error', error: 'project not found' }, { status: 404 }))));
    handlers.push(specHandler('platform', 'query_organization_audit_logs', region, async ({ params, request }) => {
      if (!home || params.organization_id !== String(org.id)) return HttpResponse.json({ status: 404, title: 'Not Found' }, { status: 404 });
      const url = new URL(request.url);
      const body = (await request.json()) as { created_after?: string; created_before?: string; types?: string[] };
      return HttpResponse.json(auditPage(org, {
        cursor: url.searchParams.get('cursor'), pageSize: Number(url.searchParams.get('page_size') ?? '100'),
        order: url.searchParams.get('order') === 'asc' ? 'asc' : 'desc', createdAfter: body.created_after ?? null, createdBefore: body.created_before ?? null,
        types: body.types ?? null,
      }) as JsonBodyType);
    }));
    handlers.push(http.get(`${APP_HOST[region]}/api/app/scim/v2/Users`, ({ request }) => {
      const url = new URL(request.url);
      return HttpResponse.json(scimPage(org, Number(url.searchParams.get('startIndex') ?? '1'), Math.min(3, Number(url.searchParams.get('count') ?? '100'))) as JsonBodyType);
    }));
    handlers.push(http.get(`${APP_HOST[region]}/organizations/:org/users/`, () => HttpResponse.json(orgUsersBody(org) as JsonBodyType)));
    handlers.push(http.get(`${APP_HOST[region]}/organizations/:org/teams`, () => HttpResponse.json(teamsBody(org) as JsonBodyType)));
    handlers.push(http.get(`${APP_HOST[region]}/organizations/:org/twofactor`, () => HttpResponse.json(twoFactorBody(org) as JsonBodyType)));
    handlers.push(http.get(`${APP_HOST[region]}/api/app/projects/:projectId/workspaces`, ({ params }) =>
      HttpResponse.json(workspacesBody(org, Number(params.projectId)) as JsonBodyType)));
  }
  return handlers;
}

export interface TestClient {
  client: MixpanelClient;
  events: CollectEvent[];
}

/** A client on Mixpanel's real hosts that records its events and does not sleep between retries. */
export function testClient(overrides: Partial<ClientOptions> = {}): TestClient {
  const events: CollectEvent[] = [];
  const client = new MixpanelClient({
    username: FIXTURE_CREDENTIALS.username,
    secret: FIXTURE_CREDENTIALS.secret,
    scimToken: FIXTURE_CREDENTIALS.scimToken,
    hosts: new HostMap(),
    timeoutMs: 2000,
    waitFor: () => 1,
    onEvent: (e) => events.push(e),
    ...overrides,
  });
  return { client, events };
}

/** The projects /me reports for the fixture, as the collectors receive them. */
export function fixtureProjects(org: FixtureOrg): Project[] {
  return org.projects.map((p) => ({ id: String(p.id), name: p.name, region: p.region, environment: null, sensitive: false }));
}

export function testContext(org: FixtureOrg, t: TestClient = testClient(), projects: Project[] = fixtureProjects(org)): CollectContext {
  return {
    client: t.client,
    organization: { id: String(org.id), name: org.name, region: org.homeRegion },
    projects,
    collectedAt: '2026-06-15T12:00:00Z',
    now: FIXTURE_NOW,
    perProject: pLimit(4),
    emit: (e) => t.events.push(e),
  };
}
