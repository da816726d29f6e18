import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { collectDataViews } from '../../src/collect/collectors/undocumented/data-views.js';
import { collectOrgUsers } from '../../src/collect/collectors/undocumented/org-users.js';
import { collectTeams } from '../../src/collect/collectors/undocumented/teams.js';
import { collectTwoFactor, twoFactorFrom } from '../../src/collect/collectors/undocumented/two-factor.js';
import { fixtureOrg } from '../support/fake-mixpanel/index.js';
import { APP_HOST, fixtureHandlers, testContext } from './support/msw-fixture.js';

const org = fixtureOrg();
const server = setupServer(...fixtureHandlers(org));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('undocumented routes (opt-in)', () => {
  it('members: marked api-undocumented, roles and dates normalized', async () => {
    const slice = await collectOrgUsers(testContext(org));
    expect(slice.status).toBe('ok');
    expect(slice.provenance).toEqual({ source: 'api-undocumented', collectedAt: '2026-06-15T12:00:00Z', detail: 'GET /organizations/4242/users/ (undocumented, best effort)' });
    // The fixture's users carry no status: unknown, not "active".
    expect(slice.data).toEqual([
      { email: 'ada@acme.example', name: 'Ada Admin', userId: '900', orgRole: 'owner', twoFactorEnabled: true, lastActive: '2026-06-14T10:00:00Z' },
      { email: 'bob@acme.example', name: 'Bob Builder', userId: '901', orgRole: 'admin', twoFactorEnabled: false, lastActive: '2026-03-01T10:00:00Z' },
      { email: 'cy@acme.example', name: 'Cy Analyst', userId: '902', orgRole: 'member', twoFactorEnabled: true, lastActive: null },
    ]);
  });

  it('members: a shape it does not know is an error naming what it saw, not a guess', async () => {
    server.use(http.get(`${APP_HOST.US}/organizations/:org/users/`, () => HttpResponse.json({ status: 'ok', results: { people: 1 } })));
    const slice = await collectOrgUsers(testContext(org));
    expect(slice.status).toBe('error');
    expect(slice.reason).toMatch(/no list of users found/);
    server.use(http.get(`${APP_HOST.US}/organizations/:org/users/`, () => HttpResponse.json([{ email: 'a@b.example', permission: 'god' }])));
    expect((await collectOrgUsers(testContext(org))).reason).toMatch(/item 0 has no recognizable organization role/);
  });

  it('members: a status it does not recognise stays unknown; padded or cased words and explicit flags are read', async () => {
    server.use(http.get(`${APP_HOST.US}/organizations/:org/users/`, () => HttpResponse.json({ status: 'ok', results: [
      { email: 'a@b.example', role: 'member', status: ' Invited ' },
      { email: 'b@b.example', role: 'member', status: 'suspended' },
      { email: 'c@b.example', role: 'member', invited: false },
      { email: 'd@b.example', role: 'member', status: 'ACTIVE' },
    ] })));
    const slice = await collectOrgUsers(testContext(org));
    expect(slice.data!.map((m) => [m.email, m.status])).toEqual([
      ['a@b.example', 'invited'], ['b@b.example', undefined], ['c@b.example', 'active'], ['d@b.example', 'active'],
    ]);
  });

  it('members: a project grant from this route has no via (it cannot tell team grants from direct ones)', async () => {
    server.use(http.get(`${APP_HOST.US}/organizations/:org/users/`, () => HttpResponse.json({ status: 'ok', results: [
      { email: 'a@b.example', role: 'member', projects: [{ project_id: 3001, role: 'Analyst' }] },
    ] })));
    const slice = await collectOrgUsers(testContext(org));
    expect(slice.data![0]!.projectRoles).toEqual([{ projectId: '3001', role: 'analyst' }]);
  });

  it('members: one address listed twice in different case is one member with the worse copy, and the slice says so', async () => {
    for (const rows of [
      [{ email: 'o4@x.example', role: 'owner', has_twofactor: true }, { email: 'O4@X.example', role: 'member', has_twofactor: false }],
      [{ email: 'O4@X.example', role: 'member', has_twofactor: false }, { email: 'o4@x.example', role: 'owner', has_twofactor: true }],
    ]) {
      server.use(http.get(`${APP_HOST.US}/organizations/:org/users/`, () => HttpResponse.json({ status: 'ok', results: rows })));
      const events: { type: string; message?: string }[] = [];
      const ctx = { ...testContext(org), emit: (e: { type: string; message?: string }) => events.push(e) };
      const slice = await collectOrgUsers(ctx);
      expect(slice.status).toBe('ok');
      expect(slice.data).toEqual([{ email: 'o4@x.example', orgRole: 'owner', twoFactorEnabled: false }]);
      expect(slice.reason).toMatch(/lists the same member address more than once: o4@x.example \(2 times\)/);
      expect(events.some((e) => e.type === 'warning')).toBe(true);
    }
    server.resetHandlers();
    expect((await collectOrgUsers(testContext(org))).reason).toBeUndefined();
  });

  it('members: 403 is forbidden', async () => {
    server.use(http.get(`${APP_HOST.US}/organizations/:org/users/`, () => HttpResponse.json({ error: 'no' }, { status: 403 })));
    expect((await collectOrgUsers(testContext(org))).status).toBe('forbidden');
  });

  it('teams', async () => {
    const slice = await collectTeams(testContext(org));
    expect(slice.data).toEqual([{ id: '11', name: 'Data', members: ['bob@acme.example', 'cy@acme.example'], projectRoles: [{ projectId: '3101', role: 'analyst' }] }]);
    expect(slice.provenance.source).toBe('api-undocumented');
  });

  it('teams: a team listed twice is one team with every member and the more privileged grant, flagged', async () => {
    server.use(http.get(`${APP_HOST.US}/organizations/:org/teams`, () => HttpResponse.json({ status: 'ok', results: [
      { id: 11, name: 'Data', members: [{ email: 'bob@acme.example' }], projects: [{ id: 3101, role: 'consumer' }] },
      { id: 11, name: 'Data', members: [{ email: 'cy@acme.example' }], projects: [{ id: 3101, role: 'admin' }] },
    ] })));
    const slice = await collectTeams(testContext(org));
    expect(slice.data).toEqual([{ id: '11', name: 'Data', members: ['bob@acme.example', 'cy@acme.example'], projectRoles: [{ projectId: '3101', role: 'admin' }] }]);
    expect(slice.reason).toMatch(/team list lists the same team id more than once: 11 \(2 times\)/);
  });

  it('data views: a view listed twice is merged (open to everyone if either copy says so) and reported', async () => {
    server.use(http.get('https://mixpanel.com/api/app/projects/:id/workspaces', ({ params }) => HttpResponse.json({ status: 'ok', results: params.id === '3001' ? [
      { id: 71, name: 'All Project Data', is_global: true, has_all_org_members: false, member_list: [{ email: 'ada@acme.example' }] },
      { id: 71, name: 'All Project Data', is_global: true, has_all_org_members: true, member_list: [{ email: 'bob@acme.example' }] },
    ] : [] })));
    const reading = await collectDataViews(testContext(org));
    expect(reading.views.get('3001')).toEqual([{ id: '71', name: 'All Project Data', isGlobal: true, hasAllOrgMembers: true, members: ['ada@acme.example', 'bob@acme.example'] }]);
    expect(reading.failures).toEqual([]);
    expect(reading.flags).toEqual([expect.stringMatching(/^project 3001: the data-view list lists the same data view id more than once: 71 \(2 times\)/)]);
  });

  it('2FA setting: known field names only; unknown ones are reported by key, never by value', async () => {
    const slice = await collectTwoFactor(testContext(org));
    expect(slice.data).toEqual({ requiredOrgWide: false });
    expect(twoFactorFrom({ results: { twofactor_required: true } })).toEqual({ requiredOrgWide: true });
    expect(() => twoFactorFrom({ mode: 'strict', secret_value: 'zzz' })).toThrow('no known 2FA field (keys seen: mode, secret_value)');
  });

  it('data views with members, read per project on its region', async () => {
    const reading = await collectDataViews(testContext(org));
    expect(reading.failures).toEqual([]);
    expect(reading.views.get('3001')).toEqual([
      { id: '71', name: 'All Project Data', isGlobal: true, editingRestricted: false, hasAllOrgMembers: true, members: ['ada@acme.example', 'bob@acme.example'], teams: [] },
      { id: '72', name: 'Marketing', isGlobal: false, editingRestricted: true, hasAllOrgMembers: false, members: ['cy@acme.example'], teams: [] },
    ]);
    expect(reading.views.get('3102')).toEqual([]);
  });
});

describe('teams without a member list', () => {
  it('leave the members unknown rather than empty', async () => {
    server.use(http.get(`${APP_HOST.US}/organizations/:org/teams`, () => HttpResponse.json({ status: 'ok', results: [{ id: 11, name: 'Data', projects: [{ id: 3101, role: 'analyst' }] }] })));
    const slice = await collectTeams(testContext(org));
    expect(slice.data).toEqual([{ id: '11', name: 'Data', projectRoles: [{ projectId: '3101', role: 'analyst' }] }]);
  });
});
