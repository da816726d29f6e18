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

interface Result { id: string; status: string; message: string; resources: { id: string; status: string; observed?: unknown; offboarding?: { command: string } }[]; provenance: { slice: string; reason?: string; provenance?: { source: string; detail?: string } }[]; basis: { kind: string }[] }

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
accessReview:
  attestedBy: ada@acme.example
  attestedAt: 2026-06-02
  evidence: ticket SEC-2004
  expires: 2027-06-02
  lastCompleted: 2026-06-01
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

async function scan(fake: FakeMixpanel, dir: string, members = MEMBERS): Promise<{ state: OrgState; results: Map<string, Result> }> {
  writeFileSync(join(dir, 'attestations.yaml'), ATTESTATIONS);
  writeFileSync(join(dir, 'members.csv'), members);
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

  it('does not pass the access review the record shows followed by an owner grant, naming the event', () => {
    const r = results.get('MP-2.1.3')!;
    expect(r.status).toBe('manual');
    expect(r.message).toMatch(/accessReview is incomplete: the audit log contradicts the access review of 2026-06-01T00:00:00Z: it shows the owner role granted after the review and still held at 2026-06-15T12:00:00Z \(sc-role-1 at 2026-06-12T08:00:00Z: cy@acme.example to owner, by ada@acme.example\)/);
    // The members export (read before the grant) lists one owner; MP-2.3.1 counts them against the limit.
    expect(r.message).toMatch(/; the member list shows 1 active owner, and MP-2.3.1 counts them against the owner limit/);
    // The harmless change (bob to analyst) is not named.
    expect(r.message).not.toMatch(/sc-role-2/);
    expect(state.slices.accessReview!.data).toEqual({ lastCompleted: '2026-06-01T00:00:00Z' });
  });

  it('offboard verify fails a collaborator the record shows added back after the removal', async () => {
    const out = join(dir, 'verify');
    const v = await spawnCli(['offboard', 'verify', '--email', 'dee@contractor.example', '--method', 'delete', '--state', join(dir, 'out', 'state.json'),
      '--removed-at', '2026-06-01T09:00:00Z', '--now', NOW, '--out', out]);
    expect(v.stderr).not.toMatch(/internal error/);
    expect(v.stdout).toMatch(/organization.user_added sc-add-1 at 2026-06-03T08:00:00Z after organization.user_removed sc-rm-1/);
  });
});

describe('an attestation the record contradicts', () => {
  it('fails the access review when an owner grant after it leaves more owners than the guide allows, with the event as evidence', async () => {
    const org = fixtureOrg();
    org.auditEvents.push(...auditScenarioEvents());
    const fake = await startFakeMixpanel({ org });
    try {
      // Exported after the grant: cy is an owner now, one of four.
      const members = MEMBERS.replace('cy@acme.example,Cy Analyst,Member,Active', 'cy@acme.example,Cy Analyst,Owner,Active')
        + 'eve@acme.example,Eve Owner,Owner,Active\nfay@acme.example,Fay Owner,Owner,Active\n';
      const { state, results } = await scan(fake, tempDir(), members);
      const r = results.get('MP-2.1.3')!;
      expect(r.status).toBe('fail');
      expect(r.message).toMatch(/^Contradicted by Mixpanel's record: the access review of 2026-06-01T00:00:00Z is followed by the owner role granted to cy@acme.example, and the member list shows 4 active owners, more than the guide's 3/);
      expect(r.resources).toEqual([expect.objectContaining({ id: 'sc-role-1', status: 'fail', observed: '2026-06-12T08:00:00Z: cy@acme.example to owner, by ada@acme.example' })]);
      expect(r.basis.map((b) => b.kind)).toEqual(expect.arrayContaining(['attestation', 'audit-log']));
      // The attested date itself is left as attested: the record adds the contradiction beside it.
      expect(state.slices.accessReview!.data).toEqual({ lastCompleted: '2026-06-01T00:00:00Z' });
    } finally {
      await fake.close();
    }
  });
});

describe('an attestation the record confirms', () => {
  it('passes and says the audit log confirms it', async () => {
    const org = fixtureOrg();
    org.auditEvents.push(...auditScenarioEvents().filter((e) => e.id !== 'sc-2fa-2' && e.id !== 'sc-role-1'));
    const fake = await startFakeMixpanel({ org });
    try {
      const { results } = await scan(fake, tempDir());
      const r = results.get('MP-1.2.1')!;
      expect(r.status).toBe('pass');
      expect(r.provenance.find((s) => s.slice === 'twoFactor')!.reason).toMatch(/^twoFactor: confirmed by the audit log: the 2FA requirement was not disabled between the attestation \(2026-05-25T00:00:00Z\)/);
      // No owner or admin grant since the review (only bob's change to analyst): the review stands, and the result says why.
      const review = results.get('MP-2.1.3')!;
      expect(review.status).toBe('pass');
      expect(review.provenance.find((s) => s.slice === 'accessReview')!.reason).toBe('accessReview: confirmed by the audit log: no organization role change to owner or admin between the review (2026-06-01T00:00:00Z) and 2026-06-15T12:00:00Z');
    } finally {
      await fake.close();
    }
  });
});

// dee@contractor.example: the IAM tracker says the engagement ended on 2026-05-31, SCIM marks the
// user inactive, and the audit log shows the account removed on 2026-06-01 (sc-rm-1) and added back
// on 2026-06-03 (sc-add-1): the runbook's "SCIM recreates the account".
const ROSTER = `entries:
  - { email: ada@acme.example, name: Ada Admin, type: employee, engagementEnd: null }
  - { email: dee@contractor.example, name: Dee Contractor, type: contractor, engagementEnd: 2026-05-31 }
`;

async function scanWithScim(fake: FakeMixpanel, dir: string, files: { members?: boolean; roster?: boolean }): Promise<{ state: OrgState; results: Map<string, Result> }> {
  const args = ['scan', '--api-base-url', fake.baseUrl, '--out', join(dir, 'out'), '--now', NOW, '--format', 'json', '--fail-on', 'none', '--allow-incomplete', '--no-evidence'];
  if (files.members) {
    writeFileSync(join(dir, 'members.csv'), MEMBERS);
    args.push('--members', join(dir, 'members.csv'));
  }
  if (files.roster) {
    writeFileSync(join(dir, 'roster.yaml'), ROSTER);
    args.push('--roster', join(dir, 'roster.yaml'));
  }
  const r = await spawnCli(args, { env: { ...env(fake), MIXPANEL_SCIM_TOKEN: fake.credentials.scimToken } });
  expect(r.stderr).not.toMatch(/internal error/);
  expect([0, 3]).toContain(r.code);
  const state = JSON.parse(readFileSync(join(dir, 'out', 'state.json'), 'utf8')) as OrgState;
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as { results: Result[] };
  return { state, results: new Map(report.results.map((x) => [x.id, x])) };
}

const BOTH_EVENTS = { removedEventId: 'sc-rm-1', removedAt: '2026-06-01T08:00:00Z', addedEventId: 'sc-add-1', addedAt: '2026-06-03T08:00:00Z', addedBy: 'scim@acme.example' };

describe('an account the record shows added back after its removal', () => {
  let fake: FakeMixpanel;
  beforeAll(async () => {
    const org = fixtureOrg();
    org.auditEvents.push(...auditScenarioEvents());
    fake = await startFakeMixpanel({ org });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('fails the collaborator whose engagement ended (MP-5.2.1) and the user SCIM marks inactive (MP-5.3.2), with both events', async () => {
    const { state, results } = await scanWithScim(fake, tempDir(), { members: true, roster: true });
    const dee = state.slices.roster!.data!.find((e) => e.email === 'dee@contractor.example')!;
    expect(dee.reAddedAfterRemoval).toMatchObject(BOTH_EVENTS);
    expect(state.slices.scimUsers!.data!.find((u) => u.email === 'dee@contractor.example')!.reAddedAfterRemoval).toMatchObject(BOTH_EVENTS);
    for (const id of ['MP-5.2.1', 'MP-5.3.2']) {
      const r = results.get(id)!;
      expect(r.status).toBe('fail');
      const finding = r.resources.find((x) => x.id === 'dee@contractor.example')!;
      expect(finding.status).toBe('fail');
      expect(finding.observed).toMatchObject({ reAddedAfterRemoval: BOTH_EVENTS });
      // A person to offboard: the finding carries the offboard plan command.
      expect(finding.offboarding?.command).toMatch(/offboard plan .*dee@contractor.example/);
    }
  });

  it('from the records alone (SCIM token and audit log, no files) MP-5.3.2 still fails the re-added user; MP-5.2.1 needs the tracker', async () => {
    const { state, results } = await scanWithScim(fake, tempDir(), {});
    expect(state.slices.members!.provenance.source).toBe('scim');
    expect(state.slices.members!.data!.map((m) => m.email)).not.toContain('dee@contractor.example');
    const r = results.get('MP-5.3.2')!;
    expect(r.status).toBe('fail');
    expect(r.resources.map((x) => [x.id, x.status])).toEqual([['dee@contractor.example', 'fail']]);
    expect(results.get('MP-5.2.1')!.status).toBe('manual');
  });

  it('an account removed again after the re-add is not reported', async () => {
    const org = fixtureOrg();
    org.auditEvents.push(...auditScenarioEvents(), {
      id: 'sc-rm-2', created: '2026-06-04T08:00:00Z', type: 'organization.user_removed', userEmail: 'ada@acme.example', userId: '900', projectId: '', entityName: 'dee@contractor.example',
    });
    const again = await startFakeMixpanel({ org });
    try {
      const { state, results } = await scanWithScim(again, tempDir(), { members: true, roster: true });
      expect(state.slices.roster!.data!.find((e) => e.email === 'dee@contractor.example')!.reAddedAfterRemoval).toBeUndefined();
      expect(results.get('MP-5.2.1')!.resources.map((x) => x.id)).not.toContain('dee@contractor.example');
      expect(results.get('MP-5.3.2')!.resources.map((x) => x.id)).not.toContain('dee@contractor.example');
    } finally {
      await again.close();
    }
  });
});
