import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { FIXTURE_NOW, startFakeMixpanel, type FakeMixpanel } from '../support/fake-mixpanel/index.js';
import { runCli, tempDir } from '../support/run-cli.js';

// attest round-trips: a live scan against the loopback Mixpanel, `attest` on its report, the drafts
// filled in as a person would (uncommented, values set), and the file given to `scan --attestations`.
let fake: FakeMixpanel;
beforeAll(async () => {
  fake = await startFakeMixpanel();
});
afterAll(async () => {
  await fake.close();
});

const NOW = new Date(FIXTURE_NOW).toISOString();
const TODAY = NOW.slice(0, 10);

interface Result { id: string; status: string }

const env = () => ({ MIXPANEL_SERVICE_ACCOUNT_USERNAME: fake.credentials.username, MIXPANEL_SERVICE_ACCOUNT_SECRET: fake.credentials.secret, NO_COLOR: '1' });

async function scan(dir: string, out: string, extra: string[] = []) {
  const run = await runCli(['scan', '--api-base-url', fake.baseUrl, '--region', 'US', '--out', join(dir, out), '--now', NOW, '--fail-on', 'none', '--allow-incomplete', '--format', 'json', '--no-evidence', ...extra], { env: env(), now: FIXTURE_NOW, cwd: dir });
  const results = run.code === 0 ? (JSON.parse(readFileSync(join(dir, out, 'report.json'), 'utf8')) as { results: Result[] }).results : [];
  return { run, status: (id: string) => results.find((r) => r.id === id)?.status };
}

/** Uncomments one draft's skeleton, as a person does in an editor. */
function uncomment(text: string, section: string): string {
  const lines = text.split('\n');
  const start = lines.indexOf(`# ${section}:`);
  const end = lines.indexOf(`# ---- end attest: ${section} ----`);
  if (start < 0 || end < start) throw new Error(`no draft for ${section}`);
  for (let i = start; i < end; i++) lines[i] = lines[i]!.replace(/^# /, '');
  return lines.join('\n');
}

const SIGNED = { attestedBy: 'ciso@example.com', attestedAt: TODAY, evidence: 'https://tickets.example.com/SEC-1', expires: '2027-01-31' };

describe('attest round-trips through scan --attestations', () => {
  it('its drafts, filled in, turn the named checks from manual to decided; drafts left alone decide nothing', async () => {
    const dir = tempDir('mph-attest-');
    const first = await scan(dir, 'before');
    expect(first.run.code).toBe(0);
    const named = { 'MP-2.1.3': 'accessReview', 'MP-2.3.3': 'adminMonitoring', 'MP-5.3.1': 'scim', 'MP-3.1.10': 'projectSecrets', 'MP-4.1.1': 'auditLogReview' } as const;
    for (const id of [...Object.keys(named), 'MP-1.1.1']) expect(first.status(id)).toBe('manual');

    const att = join(dir, 'attestations.yaml');
    const attest = await runCli(['attest', '--report', join(dir, 'before', 'report.json'), '--attestations', att, '--now', NOW], { cwd: dir, now: FIXTURE_NOW });
    expect(attest.stderr).toBe('');
    expect(attest.code).toBe(0);
    for (const section of Object.values(named)) expect(attest.stdout).toContain(section);

    // The file as written is valid and decides nothing yet.
    const untouched = await scan(dir, 'drafts', ['--attestations', att]);
    expect(untouched.run.code).toBe(0);
    for (const id of Object.keys(named)) expect(untouched.status(id)).toBe('manual');

    let text = readFileSync(att, 'utf8');
    for (const section of Object.values(named)) text = uncomment(text, section);
    const doc = parseDocument(text);
    const fill = (section: string, facts: Record<string, unknown>) => {
      for (const [k, v] of Object.entries({ ...SIGNED, ...facts })) doc.setIn([section, k], v);
    };
    fill('accessReview', { lastCompleted: TODAY, reviewer: 'grc@example.com' });
    fill('adminMonitoring', { alertsOnPrivilegedChanges: false, channel: 'none' });
    fill('scim', { enabled: true, idp: 'Okta' });
    fill('projectSecrets', { inUse: false });
    doc.deleteIn(['projectSecrets', 'projects']);
    fill('auditLogReview', { lastReviewed: TODAY, siemExport: true, siem: 'Splunk', retentionDays: 400 });
    writeFileSync(att, doc.toString());

    const after = await scan(dir, 'after', ['--attestations', att]);
    expect(after.run.stderr).not.toMatch(/error/);
    expect(after.run.code).toBe(0);
    expect(after.status('MP-2.1.3')).toBe('pass');
    expect(after.status('MP-2.3.3')).toBe('fail');
    expect(after.status('MP-5.3.1')).toBe('pass');
    expect(after.status('MP-3.1.10')).toBe('pass');
    expect(after.status('MP-4.1.1')).toBe('pass');
    // sso's draft stayed a comment: its checks still wait for a person.
    expect(after.status('MP-1.1.1')).toBe('manual');

    // Run again on the new report: the filled sections are kept as they are, no new draft for them.
    const again = await runCli(['attest', '--report', join(dir, 'after', 'report.json'), '--attestations', att, '--now', NOW], { cwd: dir, now: FIXTURE_NOW });
    expect(again.code).toBe(0);
    const drafted = /Drafts to fill in.*/.exec(again.stdout)?.[0] ?? '';
    const updated = readFileSync(att, 'utf8');
    for (const section of Object.values(named)) {
      expect(drafted).not.toContain(` ${section} (`);
      expect(updated).not.toContain(`# ${section}:`);
    }
    expect(drafted).toContain(' sso (');
    expect(updated).toContain('# ---- attest: sso ----');
    expect(parseDocument(updated).toJS()).toEqual(doc.toJS());
  });

  it('a draft uncommented but not filled in is refused by scan and by attest (file:line:col, exit 2), and attest writes nothing', async () => {
    const dir = tempDir('mph-attest-');
    await scan(dir, 'before');
    const att = join(dir, 'attestations.yaml');
    await runCli(['attest', '--report', join(dir, 'before', 'report.json'), '--attestations', att, '--now', NOW], { cwd: dir, now: FIXTURE_NOW });
    const half = uncomment(readFileSync(att, 'utf8'), 'scim');
    writeFileSync(att, half);
    const refused = await scan(dir, 'after', ['--attestations', att]);
    expect(refused.run.code).toBe(2);
    expect(refused.run.stderr).toMatch(/attestations\.yaml:\d+:\d+: \/scim\/enabled must be boolean/);
    const again = await runCli(['attest', '--report', join(dir, 'before', 'report.json'), '--attestations', att, '--now', NOW], { cwd: dir, now: FIXTURE_NOW });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/attestations\.yaml:\d+:\d+: \/scim\/enabled must be boolean/);
    expect(readFileSync(att, 'utf8')).toBe(half);

    // A file about another organization than the report's is refused too.
    const other = 'version: 1\norganization: { id: 999, name: Other, region: EU }\n';
    writeFileSync(att, other);
    const mismatch = await runCli(['attest', '--report', join(dir, 'before', 'report.json'), '--attestations', att, '--now', NOW], { cwd: dir, now: FIXTURE_NOW });
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/attestations\.yaml:2:21: the attestations are about organization 999, but the report is about organization \d+/);
    expect(readFileSync(att, 'utf8')).toBe(other);
  });
});
