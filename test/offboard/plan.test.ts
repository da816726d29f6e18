import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runCli, tempDir } from '../support/run-cli.js';
import type { OffboardPlan } from '../../src/offboard/plan.js';
import { BEFORE, PERSON, PLAN_AT, printedPath, readJson, variant } from './support.js';

async function plan(extra: string[] = [], dir = tempDir()) {
  const out = join(dir, 'out');
  const r = await runCli(['offboard', 'plan', '--email', PERSON, '--state', BEFORE, '--out', out, '--now', PLAN_AT, ...extra]);
  return { r, out, dir };
}

describe('offboard plan', () => {
  it('a --now before the snapshot was collected is exit 2 and writes nothing', async () => {
    const out = join(tempDir(), 'out');
    const r = await runCli(['offboard', 'plan', '--email', PERSON, '--state', BEFORE, '--out', out, '--now', '2026-05-01T00:00:00Z']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--now 2026-05-01T00:00:00Z is before the snapshot .* was collected \(2026-05-31T00:00:00Z\)/);
    expect(existsSync(out)).toBe(false);
  });

  it('lists the service accounts the person created, with their projects, and what to transfer first', async () => {
    const { r } = await plan();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('service account etl-late: Web Production, Finance');
    expect(r.stdout).toContain('service account looker-sync: Web Production');
    const doc = readJson<OffboardPlan>(printedPath(r.stdout, 'Plan'));
    const p = doc.people[0]!;
    expect(p.serviceAccounts.map((s) => [s.username, s.active, s.projects.map((x) => `${x.projectName}:${x.role}`)])).toEqual([
      ['etl-late', true, ['Web Production:admin', 'Finance:analyst']],
      ['looker-sync', true, ['Web Production:consumer']],
      ['old-late', false, []],
    ]);
    expect(p.serviceAccounts.find((s) => s.username === 'looker-sync')!.newOwner).toEqual({ owner: 'ann@acme.com', purpose: 'BI sync' });
    const todo = p.transfer.filter((t) => t.status === 'todo').map((t) => t.what);
    expect(todo).toEqual(['Service account etl-late']);
    expect(p.transfer.map((t) => t.id)).toEqual(expect.arrayContaining(['dashboards', 'cohorts', 'pipelines', 'api-integrations', 'audit-log']));
  });

  it('documents org role, projects (direct and through teams), default access, teams, data views, SCIM, activity and the roster entry', async () => {
    const { r } = await plan();
    const doc = readJson<OffboardPlan>(printedPath(r.stdout, 'Plan'));
    expect(doc.kind).toBe('mixpanel-hardening/offboard-plan');
    expect(doc.state.sha256).toMatch(/^[0-9a-f]{64}$/);
    const p = doc.people[0]!;
    expect(p.member).toMatchObject({ status: 'active', orgRole: 'admin', userId: 'u-17', createdAt: '2025-11-01T00:00:00Z', lastActive: '2026-05-30T11:00:00Z' });
    expect(p.projects.map((x) => `${x.projectId}:${x.role}:${x.via}`)).toEqual(['100:analyst:direct', '200:analyst:team', '300:admin:direct']);
    expect(p.defaultAccess.map((x) => `${x.projectId}:${x.role}`)).toEqual(['200:consumer']);
    expect(p.teams).toEqual([{ id: 't-agency', name: 'Agency Partners' }]);
    expect(p.dataViews.map((v) => `${v.dataViewId}:${v.via}`)).toEqual(['dv2:direct', 'dv2:team']);
    expect(p.scim).toEqual({ id: 's-17', userName: PERSON, active: true });
    expect(p.activity.events.map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(p.roster).toMatchObject({ type: 'contractor', ticket: 'SEC-42', approver: 'ann@acme.com' });
    // Ended 2026-05-29, due by 2026-05-30, documented 2026-05-31: 24 hours past the window.
    expect(p.engagement).toMatchObject({ overdue: true, window: { windowHours: 24, removalDueBy: '2026-05-30T00:00:00Z', hoursPastWindow: 24 } });
  });

  it('writes a self-contained HTML page beside the JSON, escaping organization data', async () => {
    const dir = tempDir();
    const file = variant(dir, 'state.yaml', BEFORE, (s) => {
      s.slices.serviceAccounts!.data![0]!.username = '<img src=x onerror=alert(1)>';
    });
    const out = join(dir, 'out');
    const r = await runCli(['offboard', 'plan', '--email', PERSON, '--state', file, '--out', out, '--now', PLAN_AT]);
    expect(r.code).toBe(0);
    const html = readFileSync(printedPath(r.stdout, 'Plan').replace(/\.json$/, '.html'), 'utf8');
    expect(html).toContain('Service accounts the person created');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script');
    expect(html).toContain('offboard verify --email late@contractor.dev --method delete --plan');
  });

  it('is reproducible and never overwrites an earlier plan', async () => {
    const dir = tempDir();
    const a = await plan([], dir);
    const b = await plan([], dir);
    const fa = printedPath(a.r.stdout, 'Plan');
    const fb = printedPath(b.r.stdout, 'Plan');
    expect(fa).not.toBe(fb);
    expect(readFileSync(fa, 'utf8')).toBe(readFileSync(fb, 'utf8'));
  });

  it('--roster replaces the snapshot\'s roster and is cited with its sha256', async () => {
    const dir = tempDir();
    const roster = join(dir, 'roster.csv');
    writeFileSync(roster, 'Email,Name,Type,Engagement End,Approver,Ticket\nlate@contractor.dev,Lee Late,contractor,2026-05-30T06:00:00Z,cto@acme.com,SEC-99\n');
    const { r } = await plan(['--roster', roster], dir);
    expect(r.code).toBe(0);
    const doc = readJson<OffboardPlan>(printedPath(r.stdout, 'Plan'));
    expect(doc.people[0]!.roster).toMatchObject({ ticket: 'SEC-99', approver: 'cto@acme.com' });
    expect(doc.people[0]!.engagement!.window!.hoursPastWindow).toBe(0);
    expect(doc.state.inputs).toEqual([{ slice: 'roster', file: roster, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it('describes someone who is not a member, and several people at once', async () => {
    const { r } = await plan(['--email', 'Nobody@Acme.com']);
    expect(r.code).toBe(0);
    const doc = readJson<OffboardPlan>(printedPath(r.stdout, 'Plan'));
    expect(doc.people.map((p) => p.email)).toEqual([PERSON, 'nobody@acme.com']);
    expect(doc.people[1]!.member).toBeNull();
    expect(r.stdout).toContain('nobody@acme.com: not a member');
  });

  it('names the sole owner of a project or of the organization as something to transfer first', async () => {
    const dir = tempDir();
    const file = variant(dir, 'state.yaml', BEFORE, (s) => {
      const late = s.slices.members!.data!.find((m) => m.email === PERSON)!;
      late.projectRoles!.push({ projectId: '200', role: 'owner', via: 'direct' });
    });
    const r = await runCli(['offboard', 'plan', '--email', PERSON, '--email', 'ann@acme.com', '--state', file, '--out', join(dir, 'out'), '--now', PLAN_AT]);
    const doc = readJson<OffboardPlan>(printedPath(r.stdout, 'Plan'));
    expect(doc.people[0]!.transfer.find((t) => t.id === 'project-owner:200')).toMatchObject({ status: 'todo' });
    expect(doc.people[1]!.transfer.find((t) => t.id === 'org-owner')).toMatchObject({ status: 'todo' });
  });

  it('bad input: exit 2, nothing written', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const bad = await runCli(['offboard', 'plan', '--email', 'not-an-address', '--state', BEFORE, '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not an email address');
    const both = await runCli(['offboard', 'plan', '--email', PERSON, '--state', BEFORE, '--members', 'x.csv', '--out', out]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--members only apply to live collection');
    const state = join(dir, 'broken.yaml');
    writeFileSync(state, readFileSync(BEFORE, 'utf8').replace('orgRole: admin', 'orgRole: superuser'));
    const invalid = await runCli(['offboard', 'plan', '--email', PERSON, '--state', state, '--out', out]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/broken\.yaml:\d+:\d+: \/slices\/members\/data\/1\/orgRole must be one of/);
    expect(existsSync(out)).toBe(false);
  });

  it('exit 3 when the member list could not be read (the plan is still written, saying why)', async () => {
    const dir = tempDir();
    const file = variant(dir, 'state.yaml', BEFORE, (s) => {
      s.slices.members = { status: 'forbidden', reason: '403: lacks the admin role', provenance: { source: 'api-undocumented', collectedAt: PLAN_AT } };
    });
    const r = await runCli(['offboard', 'plan', '--email', PERSON, '--state', file, '--out', join(dir, 'out'), '--now', PLAN_AT]);
    expect(r.code).toBe(3);
    const doc = readJson<OffboardPlan>(printedPath(r.stdout, 'Plan'));
    expect(doc.people[0]!.sources.find((s) => s.slice === 'members')).toMatchObject({ status: 'forbidden' });
  });
});
