/**
 * The service-account secret and the SCIM token never appear in any output channel: stdout and
 * stderr (with --debug, and with stderr as a terminal so the progress display runs), reports of
 * every format, state snapshots, evidence bundles, offboarding documents and error messages,
 * including when a careless server echoes the credentials back in its error. Each value is
 * searched raw and in the encodings it travels in (base64 of the value and of the Basic
 * `username:secret` pair, base64url, URL- and hex-encoded).
 */
import { writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FIXTURE_NOW, startFakeMixpanel, type FakeMixpanel } from '../support/fake-mixpanel/index.js';
import { tempDir } from '../support/run-cli.js';
import { filesUnder, runCaptured, type Captured } from './support/capture.js';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy.js';

const NOW = new Date(FIXTURE_NOW).toISOString();
const WRONG_SECRET = 'Wr0ng-CANARY-secret-5c1d2e3f4a';

function forms(value: string, username?: string): string[] {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const out = [value, b64(value), Buffer.from(value).toString('base64url'), encodeURIComponent(value), Buffer.from(value).toString('hex')];
  if (username !== undefined) out.push(b64(`${username}:${value}`));
  // Base64 padding differs with the position; the unpadded core is what must never appear.
  return [...new Set(out.map((f) => f.replace(/=+$/, '')))];
}

describe('secrets never reach an output', () => {
  let fake: FakeMixpanel;
  let echo: FaultProxy;
  let work: string;
  const runs: Captured[] = [];
  let canaries: string[];

  beforeAll(async () => {
    fake = await startFakeMixpanel();
    // A server that rejects the SCIM and service-account calls and echoes the credentials it got.
    echo = await startFaultProxy(fake.baseUrl, [
      { path: /scim\/v2\/Users/, fault: { kind: 'echo-auth', status: 401 } },
      { path: /organizations\/\d+\/service-accounts/, fault: { kind: 'echo-auth', status: 400 } },
    ]);
    const { username, secret, scimToken } = fake.credentials;
    canaries = [...forms(secret, username), ...forms(scimToken), ...forms(WRONG_SECRET, username)];
    work = tempDir('mph-secrets-');
    const env = { NO_COLOR: '1', MIXPANEL_SERVICE_ACCOUNT_USERNAME: username, MIXPANEL_SERVICE_ACCOUNT_SECRET: secret, MIXPANEL_SCIM_TOKEN: scimToken };
    const credFile = join(work, 'credentials.yaml');
    writeFileSync(credFile, `username: ${username}\nsecret: ${secret}\n`);
    chmodSync(credFile, 0o600);
    mkdirSync(join(work, 'run'));
    const at = { env, cwd: join(work, 'run'), now: FIXTURE_NOW, tty: true };
    const live = ['--api-base-url', fake.baseUrl, '--experimental-endpoints', '--debug'];
    runs.push(await runCaptured(['scan', ...live, '--format', 'all', '--out', 'scan', '--now', NOW, '--fail-on', 'none'], at));
    runs.push(await runCaptured(['collect', ...live, '--out', 'collect/state.json'], at));
    runs.push(await runCaptured(['offboard', 'plan', ...live, '--email', 'dee@contractor.example', '--out', 'offboard', '--now', NOW], at));
    runs.push(await runCaptured(['verify-evidence', 'scan/evidence', '--debug'], at));
    // The credentials file instead of the environment.
    runs.push(await runCaptured(['collect', ...live, '--credentials-file', credFile, '--out', 'from-file/state.json'], { ...at, env: { NO_COLOR: '1', MIXPANEL_SCIM_TOKEN: scimToken } }));
    // Rejected credentials: the error names the variables, never the value.
    runs.push(await runCaptured(['scan', ...live, '--out', 'wrong', '--now', NOW], { ...at, env: { ...env, MIXPANEL_SERVICE_ACCOUNT_SECRET: WRONG_SECRET } }));
    // The echoing server: its error text lands in the slice reasons, the report and the console.
    runs.push(await runCaptured(['scan', '--api-base-url', echo.baseUrl, '--debug', '--format', 'all', '--out', 'echo', '--now', NOW, '--fail-on', 'none'], at));
  }, 120_000);

  afterAll(async () => {
    await echo?.close();
    await fake?.close();
  });

  it('the commands ran: reports, snapshots, evidence and offboarding documents were written', () => {
    expect(runs.map((r) => [r.argv[0], r.code])).toEqual([['scan', 0], ['collect', 0], ['offboard', 0], ['verify-evidence', 0], ['collect', 0], ['scan', 3], ['scan', 3]]);
    const names = filesUnder(work).map(([p]) => p.slice(work.length + 1));
    for (const f of ['run/scan/report.json', 'run/scan/report.html', 'run/scan/report.sarif', 'run/scan/report.csv', 'run/scan/report.junit.xml', 'run/scan/report.oscal.json', 'run/scan/report.md', 'run/scan/state.json', 'run/collect/state.json', 'run/echo/report.json']) {
      expect(names).toContain(f);
    }
    expect(names.some((n) => n.startsWith('run/scan/evidence/'))).toBe(true);
    expect(names.some((n) => n.startsWith('run/offboard/'))).toBe(true);
    // The progress display ran (stderr was a terminal), so its lines were searched too.
    expect(runs[0]!.stderr).toMatch(/serviceAccounts: ok/);
    // The echoing server did answer with the credentials; the redactor had something to remove.
    expect(echo.requests.some((r) => r.fault === 'echo-auth')).toBe(true);
  });

  it('no stream, file or message holds the secret, the token, or their encodings', () => {
    const leaks: string[] = [];
    for (const r of runs) {
      for (const [name, text] of [['stdout', r.stdout], ['stderr', r.stderr]] as const) {
        for (const c of canaries) if (text.includes(c)) leaks.push(`${r.argv.slice(0, 2).join(' ')} ${name}: ${c}`);
      }
    }
    for (const [path, bytes] of filesUnder(work)) {
      if (path.endsWith('credentials.yaml')) continue;
      const text = bytes.toString('latin1');
      for (const c of canaries) if (text.includes(c)) leaks.push(`${path}: ${c}`);
    }
    expect(leaks).toEqual([]);
  });
});
