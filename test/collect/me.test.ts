import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { collectMe, interpretMe } from '../../src/collect/collectors/me.js';
import { UsageError } from '../../src/core/errors.js';
import { MixpanelApiError } from '../../src/mixpanel/api-error.js';
import { fixtureOrg, meBody } from '../support/fake-mixpanel/index.js';
import { fixtureHandlers, testClient } from './support/msw-fixture.js';

const org = fixtureOrg();
const server = setupServer(...fixtureHandlers(org));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('/me collector', () => {
  it('finds the organization, the caller role, projects with their regions, and data views', async () => {
    const me = await collectMe(testClient().client, undefined, undefined);
    expect(me.organization).toEqual({ id: '4242', name: 'Acme Analytics', region: 'US' });
    expect(me.callerRole).toBe('admin');
    expect(me.projects.map((p) => [p.id, p.region])).toEqual([['3001', 'US'], ['3002', 'US'], ['3101', 'EU'], ['3102', 'EU']]);
    expect(me.projects[0]!.dataViews).toEqual([
      { id: '71', name: 'All Project Data', isGlobal: true, editingRestricted: false },
      { id: '72', name: 'Marketing', isGlobal: false, editingRestricted: true },
    ]);
    expect(me.projects[1]!.dataViews).toEqual([]);
  });

  it('writes no environment or sensitivity label: no API returns them, so they stay unknown', () => {
    const me = interpretMe(meBody(org), 'US', 'r');
    for (const p of me.projects) {
      expect(p).not.toHaveProperty('environment');
      expect(p).not.toHaveProperty('sensitive');
      expect(p).not.toHaveProperty('defaultAccessRole');
    }
  });

  it('a workspace lacking the optional flags leaves them unknown; has_all_org_members is kept only when stated', () => {
    const body = meBody(org) as { results: { workspaces: Record<string, Record<string, unknown>> } };
    body.results.workspaces['71'] = { id: 71, name: 'All Project Data', project_id: 3001 };
    body.results.workspaces['72'] = { id: 72, name: 'Marketing', project_id: 3001, is_global: false, has_all_org_members: true };
    const views = interpretMe(body, 'US', 'r').projects[0]!.dataViews;
    expect(views).toEqual([
      { id: '71', name: 'All Project Data' },
      { id: '72', name: 'Marketing', isGlobal: false, hasAllOrgMembers: true },
    ]);
  });

  it('reports "organization N not found in region R" for an organization the account does not see', async () => {
    const err = await collectMe(testClient().client, 'US', '999').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MixpanelApiError);
    expect((err as Error).message).toBe('organization 999 not found in region US (this service account sees: 4242)');
  });

  it('asks the user to choose when the account sees several organizations', () => {
    const body = meBody(org) as { results: { organizations: Record<string, unknown> } };
    body.results.organizations['5'] = { id: 5, name: 'Other' };
    expect(() => interpretMe(body, 'US', 'r')).toThrow(UsageError);
    expect(() => interpretMe(body, 'US', 'r')).toThrow(/5 \(Other\), 4242 \(Acme Analytics\); choose one with --organization-id/);
    expect(interpretMe(body, 'US', 'r', '4242').projects).toHaveLength(4);
  });

  it('treats an absent workspaces map as unknown data views, not none', () => {
    const body = meBody(org) as { results: Record<string, unknown> };
    delete body.results.workspaces;
    const me = interpretMe(body, 'US', 'r');
    expect(me.dataViewsListed).toBe(false);
    expect(me.projects[0]).not.toHaveProperty('dataViews');
  });

  it('rejects a 200 that carries status "error"', () => {
    expect(() => interpretMe({ status: 'error', error: 'nope' }, 'US', 'r')).toThrow(/Mixpanel reported an error while reading \/api\/app\/me: nope/);
  });

  it('names the region probe failure when the credentials are wrong everywhere', async () => {
    server.use(http.get('https://mixpanel.com/api/app/me', () => HttpResponse.json({ status: 'error', error: 'x' }, { status: 401 })));
    await expect(collectMe(testClient().client, undefined, undefined)).rejects.toThrow(/credentials rejected in every region/);
  });
});
