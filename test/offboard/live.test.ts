import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli, tempDir } from '../support/run-cli.js';
import { startFakeMixpanel, type FakeMixpanel } from '../support/fake-mixpanel/server.js';
import { FIXTURE_NOW } from '../support/fake-mixpanel/fixture.js';
import type { OffboardPlan } from '../../src/offboard/plan.js';
import type { OffboardVerification } from '../../src/offboard/verification.js';
import { printedPath, readCsv, readJson, sha256File } from './support.js';

const KIM = 'kim@contractor.example';
const BASE_MEMBERS = [
  'ada@acme.example,Ada Admin,900,owner,active,2026-06-14T10:00:00Z,Acme Web (owner),',
  'bob@acme.example,Bob Builder,901,admin,active,2026-03-01T10:00:00Z,Acme EU App (analyst via team Data),Data',
  'cy@acme.example,Cy Analyst,902,member,active,,Acme EU App (analyst via team Data),Data',
];
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * End to end against the loopback fake Mixpanel: a contractor is present, `verify` fails and names
 * each access; the server's organization then drops them (the test edits the fixture the server
 * answers from, as an administrator's removal would), and `verify` passes and records the evidence.
 */
describe('offboard against the loopback fake Mixpanel', () => {
  let server: FakeMixpanel;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let live: string[];

  // Members and teams come from the Users & Teams export (no documented API lists them); data views,
  // SCIM users, service accounts and the audit log from the server.
  function writeMembers(rows: string[]): void {
    writeFileSync(join(dir, 'members.csv'), ['Email,Name,User ID,Org Role,Status,Last Active,Projects,Teams', ...rows, ''].join('\n'));
  }

  beforeAll(async () => {
    server = await startFakeMixpanel();
    const org = server.org;
    org.members.push({ id: 903, email: KIM, name: 'Kim Contract', role: 'admin', hasTwoFactor: false, lastActive: iso(FIXTURE_NOW - 86_400_000) });
    org.teams[0]!.members.push(KIM);
    org.workspaces.find((w) => w.id === 72)!.members.push(KIM);
    org.scimUsers.push({ id: 'u8', userName: KIM, email: KIM, active: true });
    org.serviceAccounts.push({
      id: 504, username: 'kim-etl.aa11bb.mp-service-account', created: '2026-03-01T00:00:00Z', creator: 903,
      grants: [{ projectId: 3001, role: 'analyst', hasSensitiveAccess: false, targetType: 'individual' }],
    });
    dir = tempDir();
    writeMembers([...BASE_MEMBERS, `${KIM},Kim Contract,903,admin,active,${iso(FIXTURE_NOW - 86_400_000)},Acme Web (analyst); Acme EU App (analyst via team Data),Data`]);
    const roster = join(dir, 'roster.csv');
    writeFileSync(roster, `Email,Name,Type,Engagement End,Approver,Ticket\n${KIM},Kim Contract,contractor,2026-06-10,ada@acme.example,OPS-7\n`);
    env = {
      NO_COLOR: '1',
      MIXPANEL_SERVICE_ACCOUNT_USERNAME: server.credentials.username,
      MIXPANEL_SERVICE_ACCOUNT_SECRET: server.credentials.secret,
      MIXPANEL_SCIM_TOKEN: server.credentials.scimToken,
    };
    live = ['--api-base-url', server.baseUrl, '--experimental-endpoints', '--members', join(dir, 'members.csv'), '--roster', roster];
  });

  afterAll(async () => {
    await server.close();
  });

  it('a live plan collects at its --now, not at the wall clock (one clock per run)', async () => {
    const now = iso(FIXTURE_NOW - 3 * 86_400_000);
    const plan = await runCli(['offboard', 'plan', '--email', KIM, '--out', join(dir, 'plans-now'), '--now', now, ...live], { env, now: FIXTURE_NOW + 365 * 86_400_000 });
    expect(plan.code).toBe(0);
    const planned = readJson<OffboardPlan>(printedPath(plan.stdout, 'Plan'));
    expect(planned.state.generatedAt).toBe(now);
    const snapshot = readJson<{ generatedAt: string; slices: Record<string, { provenance: { collectedAt: string } }> }>(join(dir, planned.state.file!.replace(/^.*plans-now/, 'plans-now')));
    expect(snapshot.generatedAt).toBe(now);
    expect(Object.values(snapshot.slices).map((x) => x.provenance.collectedAt)).toEqual(Object.keys(snapshot.slices).map(() => now));
  });

  it('plan, verify (fails while present), removal on the server, verify (passes, tracker row with the evidence sha256)', async () => {
    const plan = await runCli(['offboard', 'plan', '--email', KIM, '--out', join(dir, 'plans'), ...live], { env, now: FIXTURE_NOW - 7200_000 });
    const opts = { env, now: FIXTURE_NOW };
    expect(plan.stderr).not.toMatch(/error/i);
    expect(plan.code).toBe(0);
    const planFile = printedPath(plan.stdout, 'Plan');
    const planned = readJson<OffboardPlan>(planFile);
    expect(planned.state.origin).toBe('live');
    expect(sha256File(join(dir, planned.state.file!.replace(/^.*plans/, 'plans')))).toBe(planned.state.sha256);
    const kim = planned.people[0]!;
    expect(kim.member).toMatchObject({ orgRole: 'admin', userId: '903' });
    expect(kim.serviceAccounts.map((s) => [s.username, s.projects.map((p) => p.projectName)])).toEqual([['kim-etl.aa11bb.mp-service-account', ['Acme Web']]]);
    expect(kim.engagement).toMatchObject({ overdue: true });

    const tracker = join(dir, 'iam-tracker.csv');
    const verify = ['offboard', 'verify', '--email', KIM, '--method', 'delete', '--plan', planFile, '--tracker', tracker, '--out', join(dir, 'evidence'), '--administrator', 'bob@acme.example', '--removed-at', iso(FIXTURE_NOW - 3600_000), ...live];
    const present = await runCli(verify, opts);
    expect(present.stderr).not.toMatch(/error/i);
    expect(present.stdout).not.toContain('warning:');
    expect(present.code).toBe(1);
    expect(present.stdout).toContain('remaining: organization membership: active member with organization role admin');
    expect(present.stdout).toMatch(/remaining: project Acme EU App \(3101\): analyst, through team Data/);
    expect(present.stdout).toContain('remaining: team Data');
    expect(present.stdout).toContain('remaining: project Acme Web (3001): analyst, direct grant');
    expect(present.stdout).toMatch(/remaining: data view Marketing \(72\) in project Acme Web \(3001\)/);
    expect(present.stdout).toContain(`remaining: SCIM user ${KIM} (u8) active`);
    expect(present.stdout).toContain('remaining: service account kim-etl.aa11bb.mp-service-account (504) on Acme Web (3001) as analyst');

    // The administrator removes Kim: the server's organization no longer has them anywhere.
    const org = server.org;
    org.members = org.members.filter((m) => m.email !== KIM);
    org.teams[0]!.members = org.teams[0]!.members.filter((m) => m !== KIM);
    const ws = org.workspaces.find((w) => w.id === 72)!;
    ws.members = ws.members.filter((m) => m !== KIM);
    org.scimUsers.find((u) => u.email === KIM)!.active = false;
    org.serviceAccounts = org.serviceAccounts.filter((s) => s.id !== 504);
    writeMembers(BASE_MEMBERS);

    const gone = await runCli(verify, opts);
    expect(gone.stderr).not.toMatch(/error/i);
    expect(gone.code).toBe(0);
    const evidence = printedPath(gone.stdout, 'Evidence');
    const doc = readJson<OffboardVerification>(evidence);
    expect(doc.result).toBe('pass');
    expect(doc.people[0]!.items.filter((i) => i.automatic).map((i) => `${i.id}:${i.status}`)).toEqual([
      'member-removed:pass', 'no-projects:pass', 'no-default-access:pass', 'no-teams:pass', 'no-data-views:pass',
      'scim-deprovisioned:pass', 'service-accounts-handed-over:pass', expect.stringMatching(/^no-activity-after-removal:(pass|manual)$/),
    ]);
    const rows = readCsv(tracker);
    expect(rows.map((r) => r['Verification result'])).toEqual(['fail', 'pass']);
    expect(rows[1]).toMatchObject({ Person: KIM, Ticket: 'OPS-7', Approver: 'ada@acme.example', Method: 'delete', 'Evidence sha256': sha256File(evidence) });
    expect(rows[1]!['Projects removed']).toBe('Acme Web (3001); Acme EU App (3101)');
    // Read-only: nothing but GET and the audit-log query reached the server.
    expect(server.requests.every((q) => q.method === 'GET' || q.route === 'auditLog')).toBe(true);
    // No secret in anything written or printed.
    for (const text of [plan.stdout, present.stdout, gone.stdout, JSON.stringify(doc)]) {
      expect(text).not.toContain(server.credentials.secret);
      expect(text).not.toContain(server.credentials.scimToken);
    }
  });
});
