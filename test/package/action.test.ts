import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeMixpanel, type FakeMixpanel } from '../support/fake-mixpanel/index.js';
import { parse } from 'yaml';
import { loadAction, runAction, type ActionRun } from '../support/run-action.js';
import { tempDir } from '../support/run-cli.js';

// Whole installs and several live scans, on a machine that may be busy.
jest.setTimeout(300_000);

// The GitHub Action's run steps, executed locally with a fake runner environment against the
// loopback Mixpanel. Needs dist/ (npm test builds it first), so the install step finds it built.
// The four runs share nothing but the action's checkout (each has its own workspace and runner
// folder; the run that needs a failing source has its own fake Mixpanel), so they run at once:
// each is a chain of child processes, mostly waiting on one another and on the disk.
const ROOT = process.cwd();
const action = loadAction(join(ROOT, 'action.yml'));
const examples = (f: string) => join(ROOT, 'examples', f);

const loadWorkflow = (file: string) => parse(readFileSync(file, 'utf8')) as { jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }> };

let fake: FakeMixpanel;
/** Answers 403 on the service-account list: a source the scan cannot read. */
let forbidding: FakeMixpanel;
beforeAll(async () => {
  [fake, forbidding] = await Promise.all([startFakeMixpanel(), startFakeMixpanel({ faults: { status: { orgServiceAccounts: 403 } } })]);
});
afterAll(async () => {
  await Promise.all([fake.close(), forbidding.close()]);
});

async function run(inputs: Record<string, string>, server: FakeMixpanel = fake): Promise<{ result: ActionRun; workspace: string }> {
  const workspace = tempDir('mph-ws-');
  const result = await runAction(action, {
    actionPath: ROOT,
    workspace,
    runnerTemp: join(tempDir('mph-runner-'), 'tmp'),
    inputs: { 'api-base-url': server.baseUrl, ...inputs },
    env: { MIXPANEL_SERVICE_ACCOUNT_USERNAME: server.credentials.username, MIXPANEL_SERVICE_ACCOUNT_SECRET: server.credentials.secret, MIXPANEL_SCIM_TOKEN: server.credentials.scimToken },
  });
  return { result, workspace };
}

const step = (r: ActionRun, name: string) => {
  const s = r.steps.find((x) => x.name === name);
  if (!s) throw new Error(`no step ${name}`);
  return s;
};

const liveInputs = {
  attestations: examples('attestations.example.yaml'),
  members: examples('members.example.csv'),
  roster: examples('roster.example.yaml'),
  'audit-log': examples('audit-log.example.ndjson'),
};

describe('action.yml', () => {
  it('is a composite action whose inputs cover level, fail-on, formats, the input files and a baseline', () => {
    expect(action.runs.using).toBe('composite');
    for (const input of ['level', 'fail-on', 'formats', 'attestations', 'members', 'roster', 'exceptions', 'baseline']) expect(Object.keys(action.inputs)).toContain(input);
    const uses = action.runs.steps.map((s) => s.uses).filter(Boolean);
    expect(uses).toEqual(expect.arrayContaining(['github/codeql-action/upload-sarif@v3', 'actions/upload-artifact@v4']));
  });

  it('the example workflow uses it with inputs it declares', () => {
    const example = loadWorkflow(examples('github-actions-scan.yml'));
    const scan = Object.values(example.jobs).flatMap((j) => j.steps).find((s) => /\/mixpanel-hardening@/.test(s.uses ?? ''));
    expect(scan).toBeDefined();
    for (const key of Object.keys(scan!.with ?? {})) expect([key, key in action.inputs]).toEqual([key, true]);
    expect(JSON.stringify(scan!.with)).not.toMatch(/SECRET/);
  });

  it.concurrent('scans, publishes SARIF, the reports, the evidence bundle and the summary, and exits as the CLI did', async () => {
    const { result, workspace } = await run({ ...liveInputs, 'fail-on': 'none', 'allow-incomplete': 'true' });
    const scan = result.outputs.scan!;
    expect(step(result, 'Scan').stderr).not.toMatch(/internal error/);
    expect(scan['exit-code']).toBe('0');
    expect(result.failed).toBe(false);
    expect(step(result, 'Gate').status).toBe(0);
    // Markdown report in the job summary.
    expect(result.summary).toBe(readFileSync(join(workspace, 'mixpanel-hardening-reports', 'report.md'), 'utf8'));
    // The uses steps point at files that exist.
    const sarif = step(result, 'Upload SARIF to code scanning');
    expect(sarif.skipped).toBe(false);
    expect(existsSync(join(workspace, sarif.with!.sarif_file!))).toBe(true);
    const reports = step(result, 'Upload the reports');
    expect(reports.skipped).toBe(false);
    expect(existsSync(join(workspace, reports.with!.path!.replace('report.*', 'report.html')))).toBe(true);
    const evidence = step(result, 'Upload the evidence bundle');
    expect(evidence.skipped).toBe(false);
    expect(existsSync(join(workspace, evidence.with!.path!, 'manifest.json'))).toBe(true);
    expect(step(result, 'Verify the evidence bundle').status).toBe(0);
    // Credentials never reach the log or the summary.
    for (const s of result.steps) expect(`${s.stdout ?? ''}${s.stderr ?? ''}`).not.toContain(fake.credentials.secret);
    expect(result.summary).not.toContain(fake.credentials.secret);
  });

  it.concurrent('fails with the CLI\'s exit code 1 after publishing, when findings reach fail-on', async () => {
    const { result } = await run({ ...liveInputs, 'fail-on': 'low', 'allow-incomplete': 'true' });
    expect(result.outputs.scan!['exit-code']).toBe('1');
    expect(step(result, 'Gate').status).toBe(1);
    expect(step(result, 'Upload SARIF to code scanning').skipped).toBe(false);
    expect(result.failed).toBe(true);
  });

  it.concurrent('exit 3 when a source could not be read, the reports still published', async () => {
    const { result } = await run({ ...liveInputs, 'fail-on': 'none' }, forbidding);
    expect(result.outputs.scan!['exit-code']).toBe('3');
    expect(step(result, 'Gate').status).toBe(3);
    expect(step(result, 'Upload the reports').skipped).toBe(false);
  });

  it.concurrent('exit 2 on bad input: nothing published, the summary says so, and input values are never run as shell', async () => {
    const { result, workspace } = await run({ ...liveInputs, exceptions: '$(touch pwned)', level: 'L1; touch pwned2' });
    expect(result.outputs.scan!['exit-code']).toBe('2');
    expect(step(result, 'Gate').status).toBe(2);
    expect(result.summary).toMatch(/wrote no report \(exit code 2\)/);
    for (const name of ['Upload SARIF to code scanning', 'Upload the reports', 'Upload the evidence bundle']) expect(step(result, name).skipped).toBe(true);
    expect(existsSync(join(workspace, 'pwned'))).toBe(false);
    expect(existsSync(join(workspace, 'pwned2'))).toBe(false);
  });
});
