import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runCli, tempDir } from '../support/run-cli.js';
import type { OffboardVerification } from '../../src/offboard/verification.js';
import { TRACKER_COLUMNS } from '../../src/offboard/tracker.js';
import { AFTER_DELETE, BEFORE, PERSON, PLAN_AT, REMOVED_AT, VERIFY_AT, printedPath, readCsv, readJson, sha256File, variant } from './support.js';

/** The usual run; `over` replaces one of the options (yargs would make a repeated option an array). */
function verifyArgs(state: string, dir: string, extra: string[] = [], over: Record<string, string> = {}): string[] {
  const options: Record<string, string> = {
    '--method': 'delete', '--state': state, '--out': join(dir, 'evidence'), '--tracker': join(dir, 'iam-tracker.csv'),
    '--now': VERIFY_AT, '--removed-at': REMOVED_AT, '--administrator': 'bob@acme.com', '--requestor': 'pm@acme.com',
    '--justification': 'Engagement completed', ...over,
  };
  return ['offboard', 'verify', '--email', PERSON, ...Object.entries(options).flat(), ...extra];
}

function item(doc: OffboardVerification, id: string) {
  return doc.people[0]!.items.find((i) => i.id === id)!;
}

describe('offboard verify', () => {
  it('fails while the collaborator is present, naming each remaining access, and exits 1', async () => {
    const dir = tempDir();
    const r = await runCli(verifyArgs(BEFORE, dir));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const doc = readJson<OffboardVerification>(printedPath(r.stdout, 'Evidence'));
    expect(doc.result).toBe('fail');
    const remaining = doc.people[0]!.remaining;
    expect(remaining).toEqual([
      'organization membership: active member with organization role admin',
      'project Web Production (100): analyst, direct grant',
      'project Mobile Staging (200): analyst, through team Agency Partners (t-agency)',
      'project Finance (300): admin, direct grant',
      'project Mobile Staging (200): consumer, default access for every member',
      'team Agency Partners (t-agency)',
      'data view EU Only (dv2) in project Web Production (100)',
      'data view EU Only (dv2) in project Web Production (100) through team t-agency',
      'SCIM user late@contractor.dev (s-17) active',
      'service account etl-late (501) on Web Production (100) as admin, Finance (300) as analyst, no expiry',
    ]);
    for (const line of remaining) expect(r.stdout).toContain(`remaining: ${line}`);
    // The log of the "before" state ends before the removal time: a person must look.
    expect(item(doc, 'no-activity-after-removal').status).toBe('manual');
    // The failing run is recorded too: the tracker is the history of attempts.
    const rows = readCsv(join(dir, 'iam-tracker.csv'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!['Verification result']).toBe('fail');
  });

  it('passes after the state drops them, writing the evidence first and its sha256 in the tracker row', async () => {
    const dir = tempDir();
    const r = await runCli(verifyArgs(AFTER_DELETE, dir, ['--attest', 'sso-login-fails=IdP sign-in log 2026-06-01, SEC-42 attachment 3']));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const evidence = printedPath(r.stdout, 'Evidence');
    const doc = readJson<OffboardVerification>(evidence);
    expect(doc.result).toBe('pass');
    const statuses = Object.fromEntries(doc.people[0]!.items.map((i) => [i.id, i.status]));
    expect(statuses).toEqual({
      'member-removed': 'pass', 'no-projects': 'pass', 'no-default-access': 'pass', 'no-teams': 'pass', 'no-data-views': 'pass',
      'scim-deprovisioned': 'pass', 'service-accounts-handed-over': 'pass', 'no-activity-after-removal': 'pass',
      'sso-login-fails': 'manual', 'api-tokens-rejected': 'manual', 'reports-not-sent': 'manual', 'notifications-clean': 'manual',
    });
    expect(item(doc, 'sso-login-fails').attestation).toBe('IdP sign-in log 2026-06-01, SEC-42 attachment 3');
    expect(item(doc, 'api-tokens-rejected').attestation).toBeNull();
    // The failed sign-in after removal is evidence, not activity.
    expect(item(doc, 'no-activity-after-removal').summary).toContain('1 failed sign-in');

    const tracker = join(dir, 'iam-tracker.csv');
    const text = readFileSync(tracker, 'utf8');
    expect(text.startsWith(`${TRACKER_COLUMNS.join(',')}\r\n`)).toBe(true);
    const rows = readCsv(tracker);
    expect(rows).toEqual([{
      'Removal date': REMOVED_AT,
      'Person': PERSON,
      'Name': 'Lee Late',
      'Administrator': 'bob@acme.com',
      'Requestor': 'pm@acme.com',
      'Approver': 'ann@acme.com',
      'Ticket': 'SEC-42',
      'Justification': 'Engagement completed',
      'Method': 'delete',
      'Projects removed': 'not compared (no --plan)',
      'Verification result': 'pass',
      'Verified at': VERIFY_AT,
      'Evidence file': expect.stringMatching(/^evidence\/verify-20260602T000000Z-late\.json$/),
      'Evidence sha256': sha256File(evidence),
    }]);
    expect(resolve(dirname(tracker), rows[0]!['Evidence file']!)).toBe(evidence);
    expect(existsSync(evidence.replace(/\.json$/, '.html'))).toBe(true);
  });

  it('appends to the tracker without rewriting earlier rows, keeping its columns and line endings', async () => {
    const dir = tempDir();
    const tracker = join(dir, 'iam-tracker.csv');
    const earlier = 'Ticket,Person,Removal date,Administrator,Requestor,Approver,Justification,Method,Projects removed,Verification result,Verified at,Evidence file,Evidence sha256,Name,Notes\n'
      + 'OLD-1,old@agency.io,2026-01-02T00:00:00Z,bob@acme.com,,,"Contract ended, ""early""",delete,Web,pass,2026-01-03T00:00:00Z,e.json,abc,Old,kept by hand\n';
    writeFileSync(tracker, earlier);
    const r = await runCli(verifyArgs(AFTER_DELETE, dir, ['--ticket', '=HYPERLINK("http://x")']));
    expect(r.code).toBe(0);
    const text = readFileSync(tracker, 'utf8');
    expect(text.startsWith(earlier)).toBe(true);
    expect(text.slice(earlier.length)).not.toContain('\r\n');
    const rows = readCsv(tracker);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ Person: PERSON, Notes: '', Name: 'Lee Late' });
    // A value a spreadsheet would run as a formula is neutralised.
    expect(rows[1]!.Ticket).toBe('\'=HYPERLINK("http://x")');
  });

  it('refuses a tracker without the needed columns before writing anything (exit 2)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'iam-tracker.csv'), 'Person,Date\nx@y.z,2026-01-01\n');
    const r = await runCli(verifyArgs(AFTER_DELETE, dir));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/iam-tracker\.csv:1:1: the tracker's header lacks the column\(s\) "Removal date"/);
    expect(existsSync(join(dir, 'evidence'))).toBe(false);
  });

  it('with --plan shows before and after side by side and records the projects removed', async () => {
    const dir = tempDir();
    const p = await runCli(['offboard', 'plan', '--email', PERSON, '--state', BEFORE, '--out', join(dir, 'plans'), '--now', PLAN_AT]);
    const planFile = printedPath(p.stdout, 'Plan');
    const r = await runCli(verifyArgs(AFTER_DELETE, dir, ['--plan', planFile]));
    expect(r.code).toBe(0);
    const doc = readJson<OffboardVerification>(printedPath(r.stdout, 'Evidence'));
    expect(doc.plan).toMatchObject({ file: planFile, sha256: sha256File(planFile), generatedAt: PLAN_AT });
    const rows = Object.fromEntries(doc.people[0]!.comparison!.map((c) => [c.aspect, c]));
    expect(rows.Membership).toEqual({ aspect: 'Membership', before: ['active, organization role admin'], after: ['not a member'], changed: true });
    expect(rows.Projects!.before).toHaveLength(3);
    expect(rows.Projects!.after).toEqual([]);
    expect(rows.SCIM).toMatchObject({ before: ['late@contractor.dev active'], after: ['absent'] });
    expect(rows['Service accounts created (valid)']).toMatchObject({ before: ['etl-late, no new owner', 'looker-sync, new owner ann@acme.com'], after: ['looker-sync, new owner ann@acme.com'] });
    expect(readCsv(join(dir, 'iam-tracker.csv'))[0]!['Projects removed']).toBe('Web Production (100); Mobile Staging (200); Finance (300)');
    const html = readFileSync(printedPath(r.stdout, 'Evidence').replace(/\.json$/, '.html'), 'utf8');
    expect(html).toContain('Before and after');
    expect(html).toContain(`Before (${PLAN_AT})`);
    expect(html).toContain(`After (${VERIFY_AT})`);
  });

  it('a plan for another organization, or a file that is not a plan, is refused (exit 2)', async () => {
    const dir = tempDir();
    const notPlan = join(dir, 'plan.json');
    writeFileSync(notPlan, '{\n  "kind": "something-else",\n  "people": []\n}\n');
    const r = await runCli(verifyArgs(AFTER_DELETE, dir, ['--plan', notPlan]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plan\.json:2:\d+: \/kind not an offboarding plan/);
    const p = await runCli(['offboard', 'plan', '--email', PERSON, '--state', BEFORE, '--out', join(dir, 'plans'), '--now', PLAN_AT]);
    const other = variant(dir, 'other.yaml', AFTER_DELETE, (s) => { s.organization.id = '77'; });
    const r2 = await runCli(verifyArgs(other, dir, ['--plan', printedPath(p.stdout, 'Plan')]));
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('is for organization 42, the state for 77');
    expect(existsSync(join(dir, 'evidence'))).toBe(false);
  });

  it('revoke: passes with the lowest role and no projects, fails while a project gives every member access', async () => {
    const dir = tempDir();
    const revoked = (defaultAccess: boolean) => variant(dir, `revoked-${defaultAccess}.yaml`, AFTER_DELETE, (s) => {
      s.slices.members!.data!.push({ email: PERSON, name: 'Lee Late', userId: 'u-17', orgRole: 'member', status: 'active', projectRoles: [], teams: [] });
      if (!defaultAccess) s.slices.projects!.data!.find((p) => p.id === '200')!.defaultAccessRole = null;
    });
    const ok = await runCli(verifyArgs(revoked(false), dir, [], { '--method': 'revoke' }));
    expect(ok.code).toBe(0);
    const okDoc = readJson<OffboardVerification>(printedPath(ok.stdout, 'Evidence'));
    expect(item(okDoc, 'lowest-role').status).toBe('pass');
    const bad = await runCli(verifyArgs(revoked(true), dir, [], { '--method': 'revoke' }));
    expect(bad.code).toBe(1);
    const badDoc = readJson<OffboardVerification>(printedPath(bad.stdout, 'Evidence'));
    expect(item(badDoc, 'no-default-access').remaining).toEqual(['project Mobile Staging (200): consumer, default access for every member']);
    // The same kept account fails a deletion check.
    const del = await runCli(verifyArgs(revoked(false), dir));
    expect(del.code).toBe(1);
    expect(del.stdout).toContain('remaining: organization membership: active member with organization role member');
  });

  it('revoke: a kept account whose project grants and teams the sources do not list is manual, never a pass', async () => {
    const dir = tempDir();
    const unknownGrants = variant(dir, 'unknown-grants.yaml', AFTER_DELETE, (s) => {
      // A members export without Projects and Teams columns, and teams listed without their members.
      s.slices.members!.data!.push({ email: PERSON, name: 'Lee Late', userId: 'u-17', orgRole: 'member', status: 'active' });
      for (const t of s.slices.teams!.data!) delete t.members;
      s.slices.projects!.data!.find((p) => p.id === '200')!.defaultAccessRole = null;
      for (const p of s.slices.projects!.data!) for (const v of p.dataViews ?? []) delete v.members;
    });
    const r = await runCli(verifyArgs(unknownGrants, dir, [], { '--method': 'revoke' }));
    const doc = readJson<OffboardVerification>(printedPath(r.stdout, 'Evidence'));
    expect(item(doc, 'lowest-role').status).toBe('pass');
    expect(item(doc, 'no-projects').status).toBe('manual');
    expect(item(doc, 'no-teams').status).toBe('manual');
    expect(item(doc, 'no-data-views').status).toBe('manual');
    expect(doc.result).toBe('manual');
    // The same account with its grants listed as empty passes those items.
    const known = variant(dir, 'known-grants.yaml', AFTER_DELETE, (s) => {
      s.slices.members!.data!.push({ email: PERSON, name: 'Lee Late', userId: 'u-17', orgRole: 'member', status: 'active', projectRoles: [], teams: [] });
    });
    const k = await runCli(verifyArgs(known, dir, [], { '--method': 'revoke' }));
    const kDoc = readJson<OffboardVerification>(printedPath(k.stdout, 'Evidence'));
    expect(item(kDoc, 'no-projects').status).toBe('pass');
    expect(item(kDoc, 'no-teams').status).toBe('pass');
    // Default access no one supplied, and data views /me did not list, are unknown too.
    const unlisted = variant(dir, 'unlisted.yaml', AFTER_DELETE, (s) => {
      s.slices.members!.data!.push({ email: PERSON, name: 'Lee Late', userId: 'u-17', orgRole: 'member', status: 'active', projectRoles: [], teams: [] });
      for (const p of s.slices.projects!.data!) { delete p.defaultAccessRole; delete p.dataViews; }
    });
    const u = await runCli(verifyArgs(unlisted, dir, [], { '--method': 'revoke' }));
    const uDoc = readJson<OffboardVerification>(printedPath(u.stdout, 'Evidence'));
    expect(item(uDoc, 'no-default-access').status).toBe('manual');
    expect(item(uDoc, 'no-data-views').status).toBe('manual');
    expect(uDoc.result).toBe('manual');
  });

  it('fails on activity after the removal time, and on a service account left without a new owner', async () => {
    const dir = tempDir();
    const file = variant(dir, 'state.yaml', AFTER_DELETE, (s) => {
      s.slices.auditLog!.data!.events.push({ id: 'e9', created: '2026-06-01T08:00:00Z', type: 'event_export.downloaded', userEmail: PERSON, projectId: '300' });
      s.slices.serviceAccountOwners!.data = [];
    });
    const r = await runCli(verifyArgs(file, dir));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('remaining: activity event_export.downloaded at 2026-06-01T08:00:00Z in project Finance (300)');
    expect(r.stdout).toContain('remaining: service account looker-sync (502) on Web Production (100) as consumer, valid until 2027-01-01T00:00:00Z');
  });

  it('an expired owner attestation does not count as a recorded new owner', async () => {
    const dir = tempDir();
    const file = variant(dir, 'state.yaml', AFTER_DELETE, (s) => {
      s.slices.serviceAccountOwners!.provenance.attestation!.expires = '2026-06-01T00:00:00Z';
    });
    const r = await runCli(verifyArgs(file, dir));
    expect(r.code).toBe(1);
    const doc = readJson<OffboardVerification>(printedPath(r.stdout, 'Evidence'));
    expect(item(doc, 'service-accounts-handed-over').summary).toContain('expired');
  });

  it('exit 3 when a needed source could not be read, or the member list is missing', async () => {
    const dir = tempDir();
    const forbidden = variant(dir, 'forbidden.yaml', AFTER_DELETE, (s) => {
      s.slices.scimUsers = { status: 'forbidden', reason: '401: invalid SCIM token', provenance: { source: 'scim', collectedAt: VERIFY_AT } };
    });
    const r = await runCli(verifyArgs(forbidden, dir));
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('error: SCIM shows the user inactive or absent: scimUsers: 401: invalid SCIM token');
    expect(readCsv(join(dir, 'iam-tracker.csv'))[0]!['Verification result']).toBe('incomplete');
    const noMembers = variant(dir, 'no-members.yaml', AFTER_DELETE, (s) => { delete s.slices.members; });
    expect((await runCli(verifyArgs(noMembers, dir))).code).toBe(3);
    // Optional sources that were not supplied leave their items to a person (manual), not a failure.
    const noScim = variant(dir, 'no-scim.yaml', AFTER_DELETE, (s) => { delete s.slices.scimUsers; delete s.slices.auditLog; });
    const m = await runCli(verifyArgs(noScim, dir));
    expect(m.code).toBe(0);
    const doc = readJson<OffboardVerification>(printedPath(m.stdout, 'Evidence'));
    expect(item(doc, 'scim-deprovisioned').status).toBe('manual');
    expect(item(doc, 'no-activity-after-removal').status).toBe('manual');
    // Undecided automatic items never make the result `pass`.
    expect(doc.result).toBe('manual');
  });

  it('bad usage: exit 2 and nothing written', async () => {
    const dir = tempDir();
    const cases: [string[], Record<string, string>, string][] = [
      [[], { '--removed-at': '2026-05-31' }, '--removed-at must be an ISO 8601 date-time'],
      [[], { '--removed-at': '2026-07-01T00:00:00Z' }, 'is after the verification time'],
      [['--attest', 'coffee=yes'], {}, 'unknown item "coffee"'],
      [['--attest', 'sso-login-fails='], {}, 'say what was tested'],
      [[], { '--method': 'archive' }, 'Invalid values'],
      [['--ticket', 'A', '--ticket', 'B'], {}, '--ticket given more than once'],
    ];
    for (const [extra, over, message] of cases) {
      const r = await runCli(verifyArgs(AFTER_DELETE, dir, extra, over));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the evidence is reproducible for the same inputs and never overwritten', async () => {
    const dir = tempDir();
    const a = await runCli(verifyArgs(AFTER_DELETE, dir));
    const b = await runCli(verifyArgs(AFTER_DELETE, dir));
    const fa = printedPath(a.stdout, 'Evidence');
    const fb = printedPath(b.stdout, 'Evidence');
    expect(fb).not.toBe(fa);
    expect(sha256File(fa)).toBe(sha256File(fb));
    const rows = readCsv(join(dir, 'iam-tracker.csv'));
    expect(rows.map((x) => x['Evidence file'])).toEqual(['evidence/verify-20260602T000000Z-late.json', 'evidence/verify-20260602T000000Z-late-2.json']);
  });
});

describe('offboard verify over a member list read from SCIM (incomplete)', () => {
  it('absence from an incomplete member list is not a removal, and an unknown role is not the lowest', async () => {
    const dir = tempDir();
    const partial = variant(dir, 'scim-members.yaml', AFTER_DELETE, (s) => {
      s.slices.members!.incomplete = 'it was read from SCIM, which lists only the users the identity provider provisions';
    });
    const del = await runCli(verifyArgs(partial, dir));
    const delDoc = readJson<OffboardVerification>(printedPath(del.stdout, 'Evidence'));
    expect(item(delDoc, 'member-removed').status).toBe('manual');
    expect(item(delDoc, 'member-removed').summary).toContain('the member list is incomplete');
    const kept = variant(dir, 'scim-kept.yaml', AFTER_DELETE, (s) => {
      s.slices.members!.data!.push({ email: PERSON, status: 'active' });
    });
    const revoke = await runCli(verifyArgs(kept, dir, [], { '--method': 'revoke' }));
    const revokeDoc = readJson<OffboardVerification>(printedPath(revoke.stdout, 'Evidence'));
    expect(item(revokeDoc, 'lowest-role').status).toBe('manual');
    // The complete list without the person still passes the removal.
    const whole = await runCli(verifyArgs(AFTER_DELETE, dir));
    expect(item(readJson<OffboardVerification>(printedPath(whole.stdout, 'Evidence')), 'member-removed').status).toBe('pass');
  });
});
