import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditScenarioEvents, fixtureOrg, FIXTURE_NOW, startFakeMixpanel, type FakeMixpanel } from '../support/fake-mixpanel/index.js';
import type { OrgState } from '../../src/state/org-state.js';
import { tempDir } from '../support/run-cli.js';
import { spawnCli } from '../support/spawn-cli.js';

// The built CLI against the loopback Mixpanel whose audit log holds one event of every type the
// derived facts read (auditScenarioEvents), with attestations the record confirms or contradicts.
const NOW = new Date(FIXTURE_NOW).toISOString();

interface Result { id: string; status: string; message: string; resources: { id: string; status: string }[]; provenance: { slice: string; reason?: string; provenance?: { source: string; detail?: string } }[]; basis: { kind: string }[] }

const ATTESTATIONS = `version: 1
sso:
  attestedBy: ada@acme.example
  attestedAt: 2026-05-25
  evidence: ticket SEC-2000
  expires: 2027-05-25
  configured: false
  enforced: false
  claimedDomains: []
  breakGlassAccounts: []
twoFactor:
  attestedBy: ada@acme.example
  attestedAt: 2026-05-25
  evidence: ticket SEC-2001
  expires: 2027-05-25
  requiredOrgWide: true
auditLogReview:
  attestedBy: ada@acme.example
  attestedAt: 2026-05-25
  evidence: ticket SEC-2002
  expires: 2027-05-25
  lastReviewed: 2026-05-25
  siemExport: false
  retentionDays: 90
dataGovernance:
  attestedBy: ada@acme.example
  attestedAt: 2026-05-25
  evidence: ticket SEC-2003
  expires: 2027-05-25
  piiProperties: []
  deletionProcessDocumented: true
  lastDeletionExercised: 2025-01-10
`;

// No Last Active column: activity comes from the audit log; no invitation date either.
const MEMBERS = `Email,Name,Org Role,Status
ada@acme.example,Ada Admin,Owner,Active
bob@acme.example,Bob Builder,Admin,Active
cy@acme.example,Cy Analyst,Member,Active
quiet@acme.example,Quiet Person,Member,Active
new@agency.example,New Person,Member,Invited
`;

function env(fake: FakeMixpanel): NodeJS.ProcessEnv {
  return { MIXPANEL_SERVICE_ACCOUNT_USERNAME: fake.credentials.username, MIXPANEL_SERVICE_ACCOUNT_SECRET: fake.credentials.secret };
}

async function scan(fake: FakeMixpanel, dir: string): Promise<{ state: OrgState; results: Map<string, Result> }> {
  writeFileSync(join(dir, 'attestations.yaml'), ATTESTATIONS);
  writeFileSync(join(dir, 'members.csv'), MEMBERS);
  const out = join(dir, 'out');
  const r = await spawnCli(['scan', '--api-base-url', fake.baseUrl, '--attestations', join(dir, 'attestations.yaml'), '--members', join(dir, 'members.csv'),
    '--out', out, '--now', NOW, '--format', 'json', '--fail-on', 'none', '--allow-incomplete', '--no-evidence'], { env: env(fake) });
  expect(r.stderr).not.toMatch(/internal error/);
  expect([0, 3]).toContain(r.code);
  const state = JSON.parse(readFileSync(join(out, 'state.json'), 'utf8')) as OrgState;
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { results: Result[] };
  return { state, results: new Map(report.results.map((x) => [x.id, x])) };
}

describe('facts from the audit log, end to end', () => {
  let fake: FakeMixpanel;
  let state: OrgState;
  let results: Map<string, Result>;
  let dir: string;
  beforeAll(async () => {
    const org = fixtureOrg();
    org.auditEvents.push(...auditScenarioEvents());
    fake = await startFakeMixpanel({ org });
    dir = tempDir();
    ({ state, results } = await scan(fake, dir));
  });
  afterAll(async () => {
    await fake.close();
  });

  it('asks only for the types read and records the window and each type\'s coverage', () => {
    const log = state.slices.auditLog!.data!;
    const asked = fake.requests.filter((r) => r.route === 'auditLog');
    expect(asked.length).toBeGreaterThan(0);
    expect(log.types).toContain('session.logged_in');
    expect(log.types).not.toContain('service_account.created');
    expect(log.events.some((e) => e.type === 'project.user_added')).toBe(false);
    expect(log.window).toEqual({ start: '2025-12-17T12:00:00Z', end: NOW.replace('.000Z', 'Z') });
    const cov = (t: string) => log.coverage!.find((c) => c.type === t)!;
    expect(cov('session.logged_in').coveredSince).toBe('2026-04-05T00:00:00Z');
    expect(cov('invitation.sent').coveredSince).toBe('2026-05-20T00:00:00Z');
    expect(cov('user.twofactor_disabled').coveredSince).toBeUndefined();
  });

  it('derives each fact from its events', () => {
    const f = state.slices.auditLog!.data!.facts!;
    expect(f.pendingInvitations.map((p) => [p.email, p.eventId])).toEqual([['new@agency.example', 'sc-inv-1']]);
    expect(f.defaultAccess.map((d) => [d.projectId, d.granted, d.role])).toEqual([['3002', false, undefined], ['3001', true, 'analyst']]);
    expect(f.twoFactorRequirement.map((t) => [t.eventId, t.enabled])).toEqual([['sc-2fa-2', false], ['sc-2fa-1', true]]);
    expect(f.userTwoFactorDisabled.map((u) => [u.eventId, u.email])).toEqual([['sc-u2fa-1', 'bob@acme.example']]);
    const roles = new Map(f.roleChanges.map((r) => [r.eventId, r]));
    expect(roles.get('sc-role-1')).toMatchObject({ target: 'cy@acme.example', role: 'owner', previousRole: 'member', privileged: true, notPrivileged: false });
    expect(roles.get('sc-role-2')).toMatchObject({ target: 'bob@acme.example', role: 'analyst', privileged: false, notPrivileged: true });
    expect(f.reAdded).toEqual([{ email: 'dee@contractor.example', removedAt: '2026-06-01T08:00:00Z', removedEventId: 'sc-rm-1', addedAt: '2026-06-03T08:00:00Z', addedEventId: 'sc-add-1', addedBy: 'scim@acme.example' }]);
    expect(f.dataExports.map((x) => `${x.type}:${x.by ?? ''}`)).toEqual([
      'board.public_access_updated:cy@acme.example', 'board.exported:cy@acme.example', 'profile_export.downloaded:cy@acme.example',
      'raw_event_export.requested:bob@acme.example', 'event_export.downloaded:bob@acme.example',
    ]);
    expect(f.userDataDeletions.map((d) => d.eventId)).toEqual(['sc-del-1']);
    expect(f).toMatchObject({ retentionDays: 730, retentionFrom: 'ttl_timestamp' });
  });

  it('joins the facts: last activity, invitation date, default access, deletion and retention', () => {
    const m = new Map(state.slices.members!.data!.map((x) => [x.email, x]));
    expect(m.get('ada@acme.example')).toMatchObject({ lastActiveFrom: 'audit-log', lastActiveRecordedSince: '2026-04-05T00:00:00Z' });
    expect(m.get('quiet@acme.example')).toMatchObject({ lastActive: null, lastActiveFrom: 'audit-log', lastActiveRecordedSince: '2026-04-05T00:00:00Z' });
    expect(m.get('new@agency.example')).toMatchObject({ status: 'invited', invitedAt: '2026-05-22T09:00:00Z' });
    const p = new Map(state.slices.projects!.data!.map((x) => [x.id, x]));
    expect(p.get('3001')).toMatchObject({ defaultAccessRole: 'analyst' });
    expect(p.get('3002')).toMatchObject({ defaultAccessRole: null });
    expect(state.slices.dataGovernance!.data!.lastDeletionExercised).toBe('2026-06-06T08:00:00Z');
    expect(state.slices.auditLogReview!.data!.retentionDays).toBe(730);
  });

  it('decides the checks the facts feed', () => {
    const r = (id: string) => results.get(id)!;
    // 45 days are covered by the login record (since 2026-04-05): no login is inactivity.
    expect(r('MP-5.1.2').status).toBe('fail');
    expect(r('MP-5.1.2').resources.map((x) => x.id)).toEqual(['quiet@acme.example']);
    // 90 days are not: the same member cannot be judged, and the result says why.
    expect(r('MP-5.1.1').status).toBe('manual');
    expect(r('MP-5.1.1').resources).toEqual([expect.objectContaining({ id: 'quiet@acme.example', status: 'manual' })]);
    expect(r('MP-5.1.1').message).toMatch(/could not be judged \(no login in the audit log's login record, which begins after the start of the inactivity limit, so an earlier login cannot be seen: check the member's last activity/);
    expect(r('MP-5.1.1').message).not.toMatch(/absent/);
    expect(r('MP-5.1.3').status).toBe('fail');
    expect(r('MP-5.1.3').resources.map((x) => x.id)).toEqual(['new@agency.example']);
    expect(r('MP-2.2.1').status).toBe('fail');
    expect(r('MP-2.2.1').resources.map((x) => x.id)).toContain('3001');
    expect(r('MP-2.2.1').resources.map((x) => x.id)).not.toContain('3002');
    expect(r('MP-3.2.3').status).toBe('pass');
    expect(r('MP-4.1.3').status).toBe('pass');
    // Data exports listed with the monitoring check that reads the audit log.
    const detail = r('MP-4.1.4').provenance.find((s) => s.slice === 'auditLog')!.provenance!.detail!;
    expect(detail).toMatch(/data exports on record: 5 \(board.public_access_updated by cy@acme.example/);
  });

  it('fails the attested 2FA requirement the record shows disabled after the attestation, naming the event', () => {
    const r = results.get('MP-1.2.1')!;
    expect(r.status).toBe('fail');
    const use = r.provenance.find((s) => s.slice === 'twoFactor')!;
    expect(r.basis.map((b) => b.kind)).toContain('attestation');
    expect(use.reason).toMatch(/audit log contradicts the attestation of 2026-05-25T00:00:00Z: the 2FA requirement was disabled at 2026-06-10T08:00:00Z \(sc-2fa-2, by bob@acme.example\)/);
  });

  it('holds privileged role changes and 2FA disables after the review to it, not harmless role changes', () => {
    const r = results.get('MP-4.1.4')!;
    expect(r.status).toBe('fail');
    const ids = r.resources.map((x) => x.id);
    expect(ids).toEqual(expect.arrayContaining(['sc-2fa-2', 'sc-role-1']));
    expect(ids).not.toContain('sc-role-2');
    // user.twofactor_disabled is recorded only from 2026-08-16: that part cannot be judged.
    expect(r.resources).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'user.twofactor_disabled', status: 'manual' })]));
  });

  it('offboard verify fails a collaborator the record shows added back after the removal', async () => {
    const out = join(dir, 'verify');
    const v = await spawnCli(['offboard', 'verify', '--email', 'dee@contractor.example', '--method', 'delete', '--state', join(dir, 'out', 'state.json'),
      '--removed-at', '2026-06-01T09:00:00Z', '--now', NOW, '--out', out]);
    expect(v.stderr).not.toMatch(/internal error/);
    expect(v.stdout).toMatch(/organization.user_added sc-add-1 at 2026-06-03T08:00:00Z after organization.user_removed sc-rm-1/);
  });
});

describe('an attestation the record confirms', () => {
  it('passes and says the audit log confirms it', async () => {
    const org = fixtureOrg();
    org.auditEvents.push(...auditScenarioEvents().filter((e) => e.id !== 'sc-2fa-2'));
    const fake = await startFakeMixpanel({ org });
    try {
      const { results } = await scan(fake, tempDir());
      const r = results.get('MP-1.2.1')!;
      expect(r.status).toBe('pass');
      expect(r.provenance.find((s) => s.slice === 'twoFactor')!.reason).toMatch(/^twoFactor: confirmed by the audit log: the 2FA requirement was not disabled between the attestation \(2026-05-25T00:00:00Z\)/);
    } finally {
      await fake.close();
    }
  });
});
