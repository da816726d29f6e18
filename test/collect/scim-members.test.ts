import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { collectOrgState } from '../../src/collect/collect-org-state.js';
import { joinScimUsers, membersFromScim } from '../../src/collect/merge/scim-members.js';
import { evaluateCheck } from '../../src/engine/evaluate-check.js';
import { loadPolicies, DEFAULT_POLICY_DIR } from '../../src/policy/load-policies.js';
import type { Member, OrgState, ScimUser } from '../../src/state/org-state.js';
import { FIXTURE_NOW, fixtureOrg, startFakeMixpanel, type FakeMixpanel } from '../support/fake-mixpanel/index.js';
import { TempFiles } from './inputs/temp-files.js';

const user = (id: string, email: string, active: boolean, groups?: string[]): ScimUser => ({ id, userName: email, email, active, ...(groups ? { groups } : {}) });

describe('SCIM users as a member list (no members export)', () => {
  it('active users become members with status active and no role; inactive ones are left out and counted', () => {
    const { members, leftOut } = membersFromScim([
      user('1', 'b@x.example', true, ['Data']), user('2', 'a@x.example', true), user('3', 'gone@x.example', false),
    ]);
    expect(members).toEqual([
      { email: 'a@x.example', status: 'active' },
      { email: 'b@x.example', status: 'active', teams: ['Data'] },
    ]);
    expect(members.every((m) => m.orgRole === undefined)).toBe(true);
    expect(leftOut).toBe(1);
  });

  it('two SCIM users with one address are one member, active if either is', () => {
    expect(membersFromScim([user('1', 'a@x.example', false), user('2', 'a@x.example', true)]).members).toEqual([{ email: 'a@x.example', status: 'active' }]);
    expect(membersFromScim([user('1', 'a@x.example', false), user('2', 'a@x.example', false)])).toEqual({ members: [], leftOut: 1 });
  });
});

describe('SCIM users joined with a members export', () => {
  const exported: Member[] = [
    { email: 'ann@x.example', orgRole: 'owner', status: 'active' },
    { email: 'left@x.example', orgRole: 'admin', status: 'active' },
    { email: 'pend@x.example', orgRole: 'member', status: 'invited' },
  ];
  it('keeps the export\'s fields, names the members SCIM marks inactive, adds active SCIM users with the role unknown', () => {
    const join = joinScimUsers(exported, [
      user('1', 'ann@x.example', true, ['Eng']), user('2', 'left@x.example', false), user('3', 'pend@x.example', false),
      user('4', 'new@x.example', true), user('5', 'old@x.example', false),
    ]);
    expect(join.inactiveInScim).toEqual(['left@x.example', 'pend@x.example']);
    expect(join.added).toEqual(['new@x.example']);
    expect(join.members).toEqual([
      { email: 'ann@x.example', orgRole: 'owner', status: 'active' },
      { email: 'left@x.example', orgRole: 'admin', status: 'active' },
      { email: 'new@x.example', status: 'active' },
      { email: 'pend@x.example', orgRole: 'member', status: 'invited' },
    ]);
  });
  it('agreeing sources change nothing', () => {
    const join = joinScimUsers(exported, [user('1', 'ann@x.example', true), user('2', 'left@x.example', true)]);
    expect(join).toEqual({ members: exported, added: [], inactiveInScim: [] });
  });
});

// Collected end to end over the loopback fake, then evaluated with the shipped checks.
describe('collected with a SCIM token', () => {
  let fake: FakeMixpanel;
  const tmp = new TempFiles();
  const checks = loadPolicies(DEFAULT_POLICY_DIR);
  const check = (id: string) => checks.find((c) => c.id === id)!;
  const opts = { now: FIXTURE_NOW, maxAttestationAge: 'P365D' };
  beforeAll(async () => {
    const org = fixtureOrg();
    org.scimUsers = org.scimUsers.map((u) => (u.id === 'u1' ? { ...u, groups: ['Data', 'Admins'] } : u));
    fake = await startFakeMixpanel({ org });
  });
  afterAll(async () => {
    await fake.close();
    tmp.remove();
  });
  const collect = (inputs: { members?: string } = {}): Promise<OrgState> => collectOrgState({
    apiBaseUrl: fake.baseUrl, now: new Date(FIXTURE_NOW), waitFor: () => 1, inputs,
    env: { MIXPANEL_SERVICE_ACCOUNT_USERNAME: fake.credentials.username, MIXPANEL_SERVICE_ACCOUNT_SECRET: fake.credentials.secret, MIXPANEL_SCIM_TOKEN: fake.credentials.scimToken },
  });

  it('without a members export, the members slice is the active SCIM users, from scim, marked incomplete', async () => {
    const state = await collect();
    const members = state.slices.members!;
    expect(members.status).toBe('ok');
    expect(members.provenance.source).toBe('scim');
    expect(members.incomplete).toMatch(/only the users the identity provider provisions.*--members/);
    expect(members.provenance.detail).toContain('2 SCIM users marked inactive left out');
    expect(members.data!.map((m) => m.email)).toEqual(['ada@acme.example', 'bob@acme.example', 'cy@acme.example', 'eve@acme.example', 'gus@acme.example']);
    // Last activity joined from the audit log's logins (src/collect/audit).
    expect(members.data![0]).toEqual({ email: 'ada@acme.example', status: 'active', teams: ['Admins', 'Data'], lastActive: '2026-06-15T11:00:00Z', lastActiveFrom: 'audit-log', lastActiveRecordedSince: '2026-04-05T00:00:00Z' });
    expect(state.slices.scimUsers!.data![0]!.groups).toEqual(['Admins', 'Data']);
  });

  it('a SCIM-only member list can fail a check but never pass one', async () => {
    const state = await collect();
    // MP-5.3.2 would pass on it (its inactive users are left out of the list): not decided.
    const deprov = evaluateCheck(check('MP-5.3.2'), state, opts);
    expect(deprov.status).toBe('manual');
    expect(deprov.message).toContain('members is incomplete');
    // Every active SCIM user given a recent activity: MP-5.1.1 would pass, but the list is partial.
    const recent = structuredClone(state);
    recent.slices.members!.data = recent.slices.members!.data!.map((m) => ({ ...m, lastActive: '2026-06-10T00:00:00Z' }));
    expect(evaluateCheck(check('MP-5.1.1'), recent, opts).status).toBe('manual');
    // One of them idle for a year: that failure stands, whatever else the list lacks.
    const idle = structuredClone(recent);
    idle.slices.members!.data![1]!.lastActive = '2025-06-01T00:00:00Z';
    const failed = evaluateCheck(check('MP-5.1.1'), idle, opts);
    expect(failed.status).toBe('fail');
    expect(failed.resources.map((r) => r.id)).toEqual(['bob@acme.example']);
    // Without the incomplete mark the same data passes: the mark is what holds it back.
    delete recent.slices.members!.incomplete;
    expect(evaluateCheck(check('MP-5.1.1'), recent, opts).status).toBe('pass');
    // Checks on roles see them unknown.
    expect(evaluateCheck(check('MP-2.3.1'), state, opts).status).toBe('manual');
  });

  it('with a members export, contradictions stay visible and fail MP-5.3.2 instead of passing', async () => {
    const file = tmp.write('members.csv', [
      'Email,Org Role,Status',
      'ada@acme.example,owner,active',
      'bob@acme.example,admin,active',
      'cy@acme.example,member,active',
      'dee@contractor.example,member,active',
    ].join('\n'));
    const state = await collect({ members: file });
    const members = state.slices.members!;
    expect(members.provenance.source).toBe('export');
    expect(members.incomplete).toBeUndefined();
    expect(members.reason).toContain('inactive in SCIM and kept as the list says');
    expect(members.reason).toContain('2 active SCIM users not in the member list were added with their organization role unknown (eve@acme.example, gus@acme.example)');
    expect(members.data!.find((m) => m.email === 'dee@contractor.example')).toEqual({ email: 'dee@contractor.example', orgRole: 'member', status: 'active', lastActive: '2026-06-13T05:14:24Z', lastActiveFrom: 'audit-log', lastActiveRecordedSince: '2026-04-05T00:00:00Z' });
    expect(members.data!.find((m) => m.email === 'eve@acme.example')).toEqual({ email: 'eve@acme.example', status: 'active', lastActive: null, lastActiveFrom: 'audit-log', lastActiveRecordedSince: '2026-04-05T00:00:00Z' });
    const deprov = evaluateCheck(check('MP-5.3.2'), state, opts);
    expect(deprov.status).toBe('fail');
    expect(deprov.resources.map((r) => r.id)).toEqual(['dee@contractor.example']);
    // The SCIM token that lists active users is evidence that SCIM provisioning is in use.
    expect(evaluateCheck(check('MP-5.3.1'), state, opts).status).toBe('pass');
  });
});
