import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { collectOrgState } from '../../src/collect/collect-org-state.js';
import { CollectionError } from '../../src/collect/collection-error.js';
import type { CollectEvent } from '../../src/collect/events.js';
import type { CollectOptions } from '../../src/collect/options.js';
import { progressLine } from '../../src/collect/progress.js';
import { InputError, UsageError } from '../../src/core/errors.js';
import { validator } from '../../src/core/schema-validator.js';
import { packagePath } from '../../src/core/paths.js';
import type { OrgState } from '../../src/state/org-state.js';
import { FIXTURE_NOW, startFakeMixpanel, type FakeMixpanel } from '../support/fake-mixpanel/index.js';
import { TempFiles } from './inputs/temp-files.js';

// These run the real got client over a real loopback socket against the fake Mixpanel.
let fake: FakeMixpanel;
const tmp = new TempFiles();
beforeAll(async () => {
  fake = await startFakeMixpanel();
});
afterEach(() => {
  fake.faults = {};
  fake.requests.length = 0;
});
afterAll(async () => {
  await fake.close();
  tmp.remove();
});

const example = (name: string) => packagePath('examples', name);

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    MIXPANEL_SERVICE_ACCOUNT_USERNAME: fake.credentials.username,
    MIXPANEL_SERVICE_ACCOUNT_SECRET: fake.credentials.secret,
    MIXPANEL_SCIM_TOKEN: fake.credentials.scimToken,
    ...extra,
  };
}

async function collect(overrides: Partial<CollectOptions> = {}): Promise<{ state: OrgState; events: CollectEvent[] }> {
  const events: CollectEvent[] = [];
  const state = await collectOrgState({
    apiBaseUrl: fake.baseUrl,
    env: env(),
    now: new Date(FIXTURE_NOW),
    waitFor: () => 1,
    onEvent: (e) => events.push(e),
    ...overrides,
  });
  return { state, events };
}

describe('service-account creators', () => {
  it('a creator email is written only by an exact user-id join with the members; no join, no email', async () => {
    const members = tmp.write('members.csv', [
      'Email,User ID,Org Role',
      'ada@acme.example,900,owner',
      'bob@acme.example,901,admin',
      'cy@acme.example,901,member',
    ].join('\n'));
    const { state } = await collect({ inputs: { members } });
    const byId = new Map(state.slices.serviceAccounts!.data!.map((s) => [s.id, s]));
    // 501 and 503 were created by 900 (one member carries it); 502 by 901, which two members carry.
    expect(byId.get('501')!.creatorEmail).toBe('ada@acme.example');
    expect(byId.get('503')!.creatorEmail).toBe('ada@acme.example');
    expect(byId.get('502')).not.toHaveProperty('creatorEmail');
    expect(state.slices.serviceAccounts!.provenance.detail).toMatch(/creator emails of 2 accounts joined by user id with the members \(export\)/);
    const without = await collect();
    expect(without.state.slices.serviceAccounts!.data!.every((s) => s.creatorEmail === undefined)).toBe(true);
  });
});

function expectNoSecrets(text: string): void {
  for (const s of [fake.credentials.secret, fake.credentials.scimToken, Buffer.from(`${fake.credentials.username}:${fake.credentials.secret}`).toString('base64')]) {
    expect(text).not.toContain(s);
  }
}

describe('collectOrgState against the loopback Mixpanel', () => {
  it('collects every documented slice and merges the supplied files into a schema-valid state', async () => {
    const { state, events } = await collect({
      inputs: { attestations: example('attestations.example.yaml'), members: example('members.example.csv'), roster: example('roster.example.yaml') },
    });
    expect(validator('org-state')(state)).toBe(true);
    expect(state.organization).toEqual({
      id: '4242', name: 'Acme Analytics', region: 'US', scanner: { serviceAccount: 'scanner.0b9e77.mp-service-account', orgRole: 'admin' },
    });
    expect(state.generatedAt).toBe('2026-06-15T12:00:00Z');
    const statuses = Object.fromEntries(Object.entries(state.slices).map(([k, s]) => [k, `${s.status}/${s.provenance.source}`]));
    expect(statuses).toEqual({
      projects: 'ok/api', members: 'ok/export', teams: 'ok/export', serviceAccounts: 'ok/api', scimUsers: 'ok/scim', auditLog: 'ok/audit-log',
      roster: 'ok/export', lexicon: 'ok/api', sso: 'ok/attestation', twoFactor: 'ok/attestation', idpMfa: 'ok/attestation',
      accessRequests: 'ok/attestation', scim: 'ok/attestation', projectSecrets: 'ok/attestation', accessReview: 'ok/attestation',
      adminMonitoring: 'ok/attestation', auditLogReview: 'ok/attestation', dataGovernance: 'ok/attestation', serviceAccountOwners: 'ok/attestation',
    });
    // Labels merged onto the projects /me listed, each with its region.
    expect(state.slices.projects!.data!.map((p) => [p.id, p.region, p.environment, p.sensitive, p.defaultAccessRole])).toEqual([
      ['3001', 'US', 'production', true, null], ['3002', 'US', 'staging', false, undefined],
      ['3101', 'EU', 'production', true, 'consumer'], ['3102', 'EU', 'development', false, undefined],
    ]);
    expect(state.slices.projects!.provenance.detail).toMatch(/caller role admin; labels of 4 projects attested by ada@acme.example/);
    // Each labeled project keeps the attestation its labels came from.
    expect(new Set(state.slices.projects!.data!.map((p) => JSON.stringify(p.labelAttestation)))).toEqual(new Set([JSON.stringify({
      attestedBy: 'ada@acme.example', attestedAt: '2026-05-01T00:00:00Z', evidence: 'service catalog export, 2026-05-01', expires: '2027-05-01T00:00:00Z',
    })]));
    expect(state.slices.serviceAccounts!.data!.map((s) => [s.id, s.projects.map((g) => `${g.projectId}:${g.role}`)])).toEqual([
      ['501', ['3001:admin', '3101:analyst']], ['502', ['3002:owner']], ['503', ['3001:consumer']],
    ]);
    expect(state.slices.scimUsers!.data).toHaveLength(7);
    // Only the event types the derived facts read were asked for (logins, role and 2FA changes here).
    expect(state.slices.auditLog!.data!.events).toHaveLength(179);
    expect(new Set(state.slices.auditLog!.data!.events.map((e) => e.type))).toEqual(new Set(['session.logged_in', 'user.role_changed', 'user.twofactor_enabled']));
    expect(state.slices.auditLog!.data!.facts!.lastLogins.map((l) => l.email).sort()).toEqual(['ada@acme.example', 'bob@acme.example', 'cy@acme.example', 'dee@contractor.example']);
    expect(state.slices.auditLog!.data!.facts!.retentionDays).toBe(730);
    expect(state.slices.auditLog!.data!.window).toEqual({ start: '2025-12-17T12:00:00Z', end: '2026-06-15T12:00:00Z' });
    expect(state.slices.lexicon!.data).toHaveLength(6);
    // Member grants named by project name became ids.
    expect(state.slices.members!.data!.find((m) => m.email === 'bob@acme.example')!.projectRoles).toEqual([
      { projectId: '3002', role: 'analyst', via: 'direct' }, { projectId: '3101', role: 'analyst', via: 'team', team: 'Data' },
    ]);

    // Only reads left the client; project calls went to each project's region; SCIM paged, audit log followed cursors.
    expect(new Set(fake.requests.map((r) => r.method))).toEqual(new Set(['GET', 'POST']));
    expect(fake.requests.filter((r) => r.method === 'POST').every((r) => r.route === 'auditLog')).toBe(true);
    expect(fake.requests.every((r) => r.status === 200)).toBe(true);
    expect(fake.requests.filter((r) => r.path.includes('/projects/31')).every((r) => r.path.startsWith('/eu/'))).toBe(true);
    expect(fake.requests.filter((r) => r.route === 'scimUsers').map((r) => r.query.startIndex)).toEqual(['1', '4', '7']);
    expect(fake.requests.filter((r) => r.route === 'auditLog')).toHaveLength(2);
    expect(fake.requests.filter((r) => r.route === 'scimUsers').every((r) => r.auth === 'bearer')).toBe(true);
    // No undocumented route without the opt-in.
    expect(fake.requests.some((r) => r.route === 'orgUsers' || r.route === 'teams' || r.route === 'twoFactor' || r.route === 'workspaces')).toBe(false);

    expectNoSecrets(JSON.stringify(state));
    expectNoSecrets(events.map((e) => progressLine(e) ?? '').join('\n'));
  });

  it('reads every audit event type when asked (offboarding), only the types the facts read otherwise', async () => {
    const all = await collect({ auditAllTypes: true });
    expect(all.state.slices.auditLog!.data!.events).toHaveLength(250);
    expect(all.state.slices.auditLog!.data!.types).toBeUndefined();
    const some = await collect();
    expect(some.state.slices.auditLog!.data!.events).toHaveLength(179);
    expect(some.state.slices.auditLog!.data!.types).toContain('session.logged_in');
  });

  it('with 403 on service accounts, that slice is forbidden with the reason and the others are read', async () => {
    fake.faults = { status: { orgServiceAccounts: 403 } };
    const { state } = await collect();
    expect(state.slices.serviceAccounts).toMatchObject({ status: 'forbidden' });
    expect(state.slices.serviceAccounts!.reason).toMatch(/^this service account lacks the owner\/admin role needed for listing the organization's service accounts \(HTTP 403 from 127\.0\.0\.1:\d+\/us\/api\/app\/organizations\/4242\/service-accounts\)/);
    for (const s of ['projects', 'lexicon', 'auditLog', 'scimUsers'] as const) expect(state.slices[s]!.status).toBe('ok');
  });

  it('rides out a 429 storm with Retry-After and a 5xx storm', async () => {
    fake.faults = { storms: [{ route: 'schemas', status: 429, times: 2, retryAfter: '1' }, { route: 'projectServiceAccounts', status: 503, times: 3 }] };
    const { state, events } = await collect();
    expect(state.slices.lexicon!.status).toBe('ok');
    expect(state.slices.serviceAccounts!.status).toBe('ok');
    const retries = events.filter((e) => e.type === 'retry') as { reason: string; delayMs: number }[];
    expect(retries.filter((r) => r.reason === 'HTTP 429').map((r) => r.delayMs)).toEqual([1000, 1000]);
    expect(retries.filter((r) => r.reason === 'HTTP 503')).toHaveLength(3);
  });

  it('a storm longer than the retry limit makes the slice an error, not a crash', async () => {
    fake.faults = { storms: [{ route: 'auditLog', status: 502, times: 100 }] };
    const { state } = await collect({ retry: { limit: 2 } });
    expect(state.slices.auditLog).toMatchObject({ status: 'error' });
    expect(state.slices.auditLog!.reason).toMatch(/^Mixpanel failed while querying the audit log after 3 attempts \(HTTP 502/);
  });

  it('a slow route times out, is retried, then recorded as an error', async () => {
    fake.faults = { slowRoutes: { scimUsers: 400 } };
    const { state } = await collect({ timeoutMs: 100, retry: { limit: 1 } });
    expect(state.slices.scimUsers!.reason).toMatch(/^no answer within 100 ms while listing SCIM users after 2 attempts \(ETIMEDOUT/);
    expect(state.slices.serviceAccounts!.status).toBe('ok');
  });

  it('malformed JSON on one route only breaks its slice', async () => {
    fake.faults = { malformed: ['orgServiceAccounts'] };
    const { state } = await collect();
    expect(state.slices.serviceAccounts!.reason).toMatch(/not valid JSON/);
    expect(state.slices.projects!.status).toBe('ok');
  });

  it('falls back to the audit-log export when the API answers 404', async () => {
    fake.faults = { status: { auditLog: 404 } };
    const { state } = await collect({ inputs: { auditLog: example('audit-log.example.ndjson') } });
    expect(state.slices.auditLog!.status).toBe('ok');
    expect(state.slices.auditLog!.provenance.source).toBe('export');
    expect(state.slices.auditLog!.provenance.detail).toMatch(/used because the audit-log API failed: organization 4242 not found in region US/);
  });

  it('Lexicon exports for every project replace the Lexicon API read and carry the sensitive flag', async () => {
    const csv = (flag: string) => `Entity Type,Event Name,Property Name,Hidden,Sensitive\nEvent Property,Signed Up,email,No,${flag}\n`;
    const lexicon = [3001, 3002, 3101, 3102].map((id) => ({ projectId: String(id), file: tmp.write(`lex-${id}.csv`, csv(id === 3001 ? 'No' : 'Yes')) }));
    const { state } = await collect({ inputs: { lexicon } });
    expect(fake.requests.some((r) => r.route === 'schemas')).toBe(false);
    expect(state.slices.lexicon).toMatchObject({ status: 'ok', provenance: { source: 'export' } });
    expect(state.slices.lexicon!.data!.find((p) => p.projectId === '3001')).toEqual({ projectId: '3001', entity: 'Event Property:Signed Up', name: 'email', hidden: false, sensitive: false });
    expect(validator('org-state')(state)).toBe(true);
  });

  it('Lexicon exports that leave a project out make the slice missing, naming the project', async () => {
    const only = tmp.write('lex-only.csv', 'Property Name,Sensitive\nemail,yes\n');
    const { state } = await collect({ inputs: { lexicon: [{ projectId: '3001', file: only }] } });
    expect(state.slices.lexicon!.status).toBe('missing');
    expect(state.slices.lexicon!.reason).toContain('cover 1 of 4 projects');
    expect(state.slices.lexicon!.reason).toContain('Acme EU Sandbox (3102)');
    expect(state.slices.lexicon!.data).toBeUndefined();
  });

  it('opt-in undocumented routes fill members, teams and 2FA, marked api-undocumented', async () => {
    const { state } = await collect({ experimentalEndpoints: true, inputs: {} });
    expect(state.slices.members!.provenance.source).toBe('api-undocumented');
    expect(state.slices.teams!.provenance.source).toBe('api-undocumented');
    expect(state.slices.twoFactor).toMatchObject({ status: 'ok', data: { requiredOrgWide: false }, provenance: { source: 'api-undocumented' } });
    expect(state.slices.projects!.provenance.source).toBe('api-undocumented');
    expect(state.slices.projects!.data![0]!.dataViews![0]!.members).toEqual(['ada@acme.example', 'bob@acme.example']);
  });

  it('supplied files win over the undocumented routes', async () => {
    const { state } = await collect({ experimentalEndpoints: true, inputs: { members: example('members.example.csv'), attestations: example('attestations.example.yaml') } });
    expect(state.slices.members!.provenance.source).toBe('export');
    expect(state.slices.twoFactor!.provenance.source).toBe('attestation');
    expect(fake.requests.some((r) => r.route === 'orgUsers' || r.route === 'twoFactor')).toBe(false);
  });

  it('without a SCIM token, no SCIM request is made and the slice is left for the engine to call missing', async () => {
    const { MIXPANEL_SCIM_TOKEN: _unset, ...withoutToken } = env();
    const { state } = await collect({ env: withoutToken });
    expect(state.slices.scimUsers).toBeUndefined();
    expect(fake.requests.some((r) => r.route === 'scimUsers')).toBe(false);
  });
});

describe('before and instead of the network', () => {
  it('a bad input file stops the run before any request', async () => {
    const bad = tmp.write('bad-att.yaml', 'version: 2\n');
    const err = await collect({ inputs: { attestations: bad, members: example('members.example.csv') } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/bad-att\.yaml:1:10: \/version must be 1/);
    expect(fake.requests).toEqual([]);
  });

  it('problems of several files are reported together', async () => {
    const a = tmp.write('a.yaml', 'version: 2\n');
    const m = tmp.write('m.csv', 'Email,Colour\nx@y.example,red\n');
    const err = (await collect({ inputs: { attestations: a, members: m } }).catch((e: unknown) => e)) as InputError;
    expect(err.problems.map((p) => p.file.split('/').pop())).toEqual(['a.yaml', 'm.csv']);
  });

  it('missing credentials are a usage error, before any request', async () => {
    const err = await collect({ env: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(fake.requests).toEqual([]);
  });

  it('bad options are usage errors', async () => {
    await expect(collect({ auditWindow: '90 days' })).rejects.toThrow(/--audit-window must be an ISO 8601 duration/);
    await expect(collect({ apiBaseUrl: 'http://proxy.example' })).rejects.toThrow(/must use https/);
    await expect(collect({ concurrency: 0 })).rejects.toThrow(/--concurrency must be an integer of at least 1/);
    expect(fake.requests).toEqual([]);
  });

  it('rejected credentials everywhere: nothing collected, exit 3, and the secret appears nowhere', async () => {
    const wrong = 'wrong-secret-0000-1111';
    const err = await collect({ env: env({ MIXPANEL_SERVICE_ACCOUNT_SECRET: wrong }) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectionError);
    expect((err as CollectionError).exitCode).toBe(3);
    expect((err as Error).message).toMatch(/^nothing collected: credentials rejected in every region \(US, EU, IN\)/);
    expect((err as Error).message).not.toContain(wrong);
    expect(fake.requests.map((r) => r.path)).toEqual(['/us/api/app/me', '/eu/api/app/me', '/in/api/app/me']);
  });

  it('rejected credentials with an attested organization: a state whose API slices say why', async () => {
    const { state } = await collect({
      env: env({ MIXPANEL_SERVICE_ACCOUNT_SECRET: 'wrong-secret-0000-1111' }),
      inputs: { attestations: example('attestations.example.yaml'), auditLog: example('audit-log.example.ndjson') },
    });
    expect(state.organization).toEqual({ id: '4242', name: 'Acme Analytics', region: 'US', scanner: { serviceAccount: 'scanner.0b9e77.mp-service-account' } });
    expect(state.slices.projects!.status).toBe('error');
    expect(state.slices.serviceAccounts!.reason).toMatch(/^not read: \/api\/app\/me failed: credentials rejected in every region/);
    expect(state.slices.auditLog!.provenance.source).toBe('export');
    expect(state.slices.sso!.status).toBe('ok');
  });

  it('attestations about another organization stop the run', async () => {
    const other = tmp.write('other.yaml', 'version: 1\norganization: { id: "1", name: Other, region: US }\n');
    await expect(collect({ inputs: { attestations: other } })).rejects.toThrow(/the attestations are about organization 1, but the service account reads organization 4242/);
  });

  it('an explicit region asks only that region', async () => {
    await expect(collect({ region: 'EU' })).rejects.toThrow(/^nothing collected: credentials rejected/);
    expect(fake.requests.map((r) => r.path)).toEqual(['/eu/api/app/me']);
  });
});
