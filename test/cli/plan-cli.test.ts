import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_NOW, fixtureOrg, startFakeMixpanel, type FakeMixpanel } from '../support/fake-mixpanel/index.js';
import { runCli, tempDir } from '../support/run-cli.js';
import { spawnCli } from '../support/spawn-cli.js';

// The plan command against the loopback Mixpanel. One case runs the built CLI as its own process
// (the way users run it: real argv, environment and exit code); the others run it in process, with
// the same argv, environment and wall clock, which saves a Node start and a module load per case.
let fake: FakeMixpanel;
let memberRole: FakeMixpanel;
beforeAll(async () => {
  fake = await startFakeMixpanel();
  memberRole = await startFakeMixpanel({ org: { ...fixtureOrg(), callerRole: 'member' } });
});
afterAll(async () => {
  await fake.close();
  await memberRole.close();
});

const examples = (f: string) => join(process.cwd(), 'examples', f);
const NOW = new Date(FIXTURE_NOW).toISOString();

interface PlanJson {
  mode: string;
  blockers: string[];
  organization?: { id: string };
  inputs: { credentials: string; callerRole?: string; projects?: number; attestedSections: string[] };
  summary: { checks: number; decidable: number; byBasis: Record<string, number> };
  checks: { id: string; decidable: boolean; basis: string[]; missing: { need: string; options: string[] }[] }[];
}

/** The CLI in process, as spawnCli would run it: NO_COLOR, the given variables only, the wall clock. */
function plan(args: string[], opts: { env?: NodeJS.ProcessEnv } = {}) {
  return runCli(['plan', ...args], { env: { NO_COLOR: '1', ...opts.env }, now: Date.now() });
}

function env(server: FakeMixpanel): NodeJS.ProcessEnv {
  return { MIXPANEL_SERVICE_ACCOUNT_USERNAME: server.credentials.username, MIXPANEL_SERVICE_ACCOUNT_SECRET: server.credentials.secret };
}

describe('mixpanel-hardening plan', () => {
  it('without credentials: exit 0, says a live scan needs them, and lists what each check lacks', async () => {
    const run = await plan(['--attestations', examples('attestations.example.yaml'), '--members', examples('members.example.csv'), '--now', NOW, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as PlanJson;
    expect(doc.mode).toBe('live');
    expect(doc.inputs.credentials).toBe('absent');
    expect(doc.blockers[0]).toMatch(/needs service-account credentials/);
    expect(doc.summary.checks).toBe(45);
    const sa = doc.checks.find((c) => c.id === 'MP-3.1.1')!;
    expect(sa.decidable).toBe(false);
    expect(sa.missing[0]!.options[0]).toMatch(/no service-account credentials/);
    expect(doc.checks.find((c) => c.id === 'MP-1.1.1')!.basis).toEqual(['attestation']);
    expect(doc.checks.find((c) => c.id === 'MP-2.3.1')!.basis).toEqual(['export']);
  });

  it('a credential variable that is set but blank is exit 2, as in scan (a CI secret that failed to expand), not "no credentials"', async () => {
    const run = await plan(['--now', NOW, '--json'], { env: { MIXPANEL_SERVICE_ACCOUNT_USERNAME: 'sa.user', MIXPANEL_SERVICE_ACCOUNT_SECRET: '  ' } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/MIXPANEL_SERVICE_ACCOUNT_SECRET is set but empty/);
  });

  it('with credentials: asks /me alone (one GET), learns the role, and more checks can be decided', async () => {
    const before = fake.requests.length;
    const run = await spawnCli(['plan', '--api-base-url', fake.baseUrl, '--attestations', examples('attestations.example.yaml'), '--members', examples('members.example.csv'), '--now', NOW, '--json'], { env: env(fake) });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as PlanJson;
    const sent = fake.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    for (const r of sent) expect([r.method, r.path]).toEqual(['GET', expect.stringMatching(/\/api\/app\/me$/)]);
    expect(doc.inputs).toMatchObject({ credentials: 'accepted', callerRole: 'admin', projects: expect.any(Number) });
    expect(doc.blockers).toEqual([]);
    expect(doc.checks.find((c) => c.id === 'MP-3.1.1')!.basis).toEqual(['mixpanel-api']);
    expect(doc.summary.decidable).toBeGreaterThan(30);
    // Neither the secret nor the username leaks.
    expect(run.stdout + run.stderr).not.toContain(fake.credentials.secret);
  });

  it('a service account below Admin: the checks on service accounts are missing their source', async () => {
    const run = await plan(['--api-base-url', memberRole.baseUrl, '--now', NOW, '--json'], { env: env(memberRole) });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as PlanJson;
    expect(doc.inputs.callerRole).toBe('member');
    expect(doc.checks.find((c) => c.id === 'MP-3.1.1')!.missing[0]!.options[0]).toMatch(/role is "member"; Owner or Admin is needed/);
  });

  it('rejected credentials: exit 0, and the plan says /me failed', async () => {
    const run = await plan(['--api-base-url', fake.baseUrl, '--region', 'US', '--now', NOW, '--json'], { env: { MIXPANEL_SERVICE_ACCOUNT_USERNAME: 'nobody', MIXPANEL_SERVICE_ACCOUNT_SECRET: 'wrong-secret-123' } });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as PlanJson;
    expect(doc.inputs.credentials).toBe('rejected');
    expect(doc.blockers[0]).toMatch(/did not answer/);
    expect(run.stdout).not.toContain('wrong-secret-123');
  });

  it('prints a table for people, and plans a saved snapshot without any credentials', async () => {
    const run = await plan(['--demo']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Preflight \(saved snapshot\) of Harborline Financial/);
    expect(run.stdout).toMatch(/CHECK +LEVEL READY WILL BE DECIDED FROM/);
    // The optional audit log is listed before what is missing.
    expect(run.stdout).toMatch(/MP-3\.2\.3 +L\d +no +-\n(?: +auditLog \(optional.*\n)? +missing dataGovernance: give .*expired/);
  });

  it('a bad input file: exit 2 with file:line:col, as scan', async () => {
    const dir = tempDir();
    const bad = join(dir, 'att.yaml');
    writeFileSync(bad, 'version: 1\nsso: [\n');
    const run = await plan(['--attestations', bad, '--json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/att\.yaml:\d+:\d+/);
    expect(run.stdout).toBe('');
  });
});
