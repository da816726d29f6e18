import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planChecks } from '../../src/plan/build-plan.js';
import { checkNeeds } from '../../src/plan/check-needs.js';
import { gatherLive } from '../../src/plan/gather-live.js';
import { liveResolver, stateResolver, type LiveFacts } from '../../src/plan/resolvers.js';
import { ATTESTED_SLICES, type OrgState } from '../../src/state/org-state.js';
import { loadPolicies } from '../../src/policy/load-policies.js';
import type { Check } from '../../src/language/check.js';
import { tempDir } from '../fixtures/harness.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const pack = loadPolicies();
const byId = (id: string): Check => pack.find((c) => c.id === id)!;

const fresh = { ok: true, detail: 'a.yaml section' };
const everything: LiveFacts = {
  credentials: 'accepted', callerRole: 'owner', projectCount: 3, experimental: true, lexiconProjects: 5, scimToken: true,
  files: { members: 'm.csv', roster: 'r.yaml', auditLog: 'a.ndjson', attestations: 'a.yaml' },
  sections: Object.fromEntries([...ATTESTED_SLICES, 'projects'].map((s) => [s, fresh])),
};
const nothing: LiveFacts = { credentials: 'absent', experimental: false, lexiconProjects: 5, scimToken: false, files: {}, sections: {} };

const plan = (facts: LiveFacts, ids?: string[]) => planChecks(ids ? ids.map(byId) : pack, liveResolver(facts));

describe('plan: what will decide each check', () => {
  it('with every input given, every check of the pack can be decided (each slice a check needs has a source)', () => {
    const p = plan(everything);
    expect(p.checks.filter((c) => !c.decidable).map((c) => [c.id, c.missing])).toEqual([]);
    expect(p.summary.decidable).toBe(pack.length);
  });

  it('with nothing given, no check can be decided, and each says what it lacks', () => {
    const p = plan(nothing);
    expect(p.summary.decidable).toBe(0);
    const sa = p.checks.find((c) => c.id === 'MP-3.1.1')!;
    expect(sa.missing).toEqual([{ need: 'serviceAccounts', options: [expect.stringMatching(/^Service Accounts API .*: no service-account credentials/)] }]);
    const sso = p.checks.find((c) => c.id === 'MP-1.1.1')!;
    expect(sso.missing[0]!.options).toEqual(['--attestations section "sso": --attestations not given']);
  });

  it('an organization role below Admin cannot read service accounts or the audit log; Owner can', () => {
    const member = plan({ ...everything, callerRole: 'member' }, ['MP-3.1.1', 'MP-4.1.4']);
    expect(member.checks[0]!.decidable).toBe(false);
    expect(member.checks[0]!.missing[0]!.options[0]).toContain('role is "member"; Owner or Admin is needed');
    // The audit log falls back to the export file.
    expect(member.checks[1]!.from.find((f) => f.need === 'auditLog')).toMatchObject({ kind: 'export', source: 'a.ndjson (--audit-log)' });
    const owner = plan(everything, ['MP-3.1.1', 'MP-4.1.4']);
    expect(owner.checks[0]!.from).toEqual([{ need: 'serviceAccounts', slice: 'serviceAccounts', kind: 'mixpanel-api', source: 'Service Accounts API (Owner or Admin service account)' }]);
    expect(owner.checks[1]!.from.find((f) => f.need === 'auditLog')).toMatchObject({ kind: 'audit-log', fallback: 'a.ndjson (--audit-log)' });
    const unknownRole = { ...everything };
    delete unknownRole.callerRole;
    expect(plan(unknownRole, ['MP-3.1.1']).checks[0]!.from[0]!.note).toContain('/me did not state its role');
  });

  it('Lexicon needs the exports (--lexicon), or --lexicon-projects to cover every project', () => {
    const missing = plan({ ...everything, projectCount: 7 }, ['MP-3.2.2']).checks[0]!.missing[0]!.options;
    expect(missing[0]).toContain('--lexicon not given');
    expect(missing[1]).toContain('7 projects and --lexicon-projects is 5');
    const exported = plan({ ...everything, projectCount: 7, files: { ...everything.files, lexicon: 'web.csv' } }, ['MP-3.2.2']).checks[0]!;
    expect(exported.decidable).toBe(true);
    expect(exported.basis).toContain('export');
    expect(plan({ ...everything, lexiconProjects: 0 }, ['MP-3.2.2']).checks[0]!.decidable).toBe(false);
    expect(plan(everything, ['MP-3.2.2']).checks[0]!.decidable).toBe(true);
  });

  it('members come from the export first, the undocumented route second; SCIM needs the token and /me', () => {
    const both = plan(everything, ['MP-2.3.1']).checks[0]!;
    expect(both.from[0]).toMatchObject({ kind: 'export', source: 'm.csv (--members)', fallback: 'undocumented members route (--experimental-endpoints)' });
    const onlyRoute = plan({ ...everything, files: {} }, ['MP-2.3.1']).checks[0]!;
    expect(onlyRoute.basis).toEqual(['mixpanel-internal-api']);
    const scim = plan({ ...everything, credentials: 'rejected', credentialsNote: 'GET /api/app/me failed: 401' }, ['MP-5.3.2']).checks[0]!;
    expect(scim.missing.find((m) => m.need === 'scimUsers')!.options[0]).toContain('SCIM is read only after /me');
  });

  it('a check that reads project labels needs the attested labels too', () => {
    expect(checkNeeds(byId('MP-2.2.2')).map((n) => n.what)).toContain('projects labels (environment)');
    expect(checkNeeds(byId('MP-3.1.1')).map((n) => n.what)).toEqual(['serviceAccounts']);
    const noLabels = plan({ ...everything, sections: { ...everything.sections, projects: { ok: false, note: 'expired' } } }, ['MP-2.2.2']).checks[0]!;
    expect(noLabels.decidable).toBe(false);
    expect(noLabels.missing).toEqual([{ need: 'projects labels (environment)', options: ['project labels (--attestations section "projects"): expired'] }]);
  });
});

describe('plan: the files are read, judged, and nothing is sent without credentials', () => {
  it('an expired attestation section is not usable; a fresh one is; the labels section is judged too', async () => {
    const dir = tempDir();
    const file = join(dir, 'att.yaml');
    const sign = (expires: string) => `  attestedBy: ciso@acme.com\n  attestedAt: 2026-01-01\n  evidence: SEC-1\n  expires: ${expires}\n`;
    writeFileSync(file, `version: 1\nscim:\n  enabled: true\n${sign('2027-01-01')}accessRequests:\n  enabled: true\n  approvers: [a@acme.com]\n${sign('2026-03-01')}projects:\n  labels: [{ id: 1, environment: production }]\n${sign('2026-04-01')}`);
    const live = await gatherLive({ attestations: file }, { env: {}, cwd: dir, stderr: () => undefined, stderrIsTty: false }, { now: NOW, maxAttestationAge: 'P365D' });
    expect(live.facts.credentials).toBe('absent');
    expect(live.facts.sections.scim).toEqual({ ok: true, detail: 'att.yaml section "scim"' });
    expect(live.facts.sections.accessRequests!.ok).toBe(false);
    expect(live.facts.sections.accessRequests!.note).toContain('expired on 2026-03-01');
    expect(live.facts.sections.projects!.ok).toBe(false);
    const p = planChecks([byId('MP-5.3.1'), byId('MP-1.3.1')], liveResolver(live.facts));
    expect(p.checks.map((c) => c.decidable)).toEqual([true, false]);
  });

  it('a bad file is an input error, as in scan', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'version: 1\nsso: [\n');
    await expect(gatherLive({ attestations: file }, { env: {}, cwd: dir, stderr: () => undefined, stderrIsTty: false }, { now: NOW, maxAttestationAge: 'P365D' })).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('plan for a saved snapshot', () => {
  const state: OrgState = {
    schemaVersion: '1.1', generatedAt: '2026-05-31T00:00:00Z', organization: { id: '1', name: 'Acme', region: 'US' },
    slices: {
      serviceAccounts: { status: 'ok', provenance: { source: 'api', collectedAt: '2026-05-31T00:00:00Z', detail: 'GET /sa' }, data: [] },
      members: { status: 'forbidden', provenance: { source: 'api-undocumented', collectedAt: '2026-05-31T00:00:00Z' }, reason: 'HTTP 403' },
      sso: { status: 'ok', provenance: { source: 'attestation', collectedAt: '2026-05-31T00:00:00Z', attestation: { attestedBy: 'x@acme.com', attestedAt: '2025-01-01T00:00:00Z', evidence: 'E', expires: '2026-02-01T00:00:00Z' } }, data: { configured: true, enforced: true, claimedDomains: [], breakGlassAccounts: [] } },
    },
  };
  const p = planChecks([byId('MP-3.1.1'), byId('MP-2.3.1'), byId('MP-1.1.1')], stateResolver(state, { now: NOW, maxAttestationAge: 'P365D' }));

  it('uses the slices as the evaluation will find them: readable, unreadable, stale', () => {
    expect(p.checks[0]!.from).toEqual([{ need: 'serviceAccounts', slice: 'serviceAccounts', kind: 'mixpanel-api', source: 'snapshot: GET /sa' }]);
    expect(p.checks[1]!.decidable).toBe(false);
    expect(p.checks[1]!.missing[0]!.options.join(' ')).toContain('HTTP 403');
    expect(p.checks[2]!.missing[0]!.options[0]).toContain('expired on 2026-02-01');
    expect(p.summary).toMatchObject({ checks: 3, decidable: 1 });
    expect(p.summary.byBasis['mixpanel-api']).toBe(1);
  });
});
