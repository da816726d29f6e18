import { describe, expect, it } from '@jest/globals';
import { evaluateCheck } from '../../src/engine/evaluate-check.js';
import type { CheckOutcome, SliceUse } from '../../src/engine/result.js';
import type { Check, Requirement, Rule } from '../../src/language/check.js';
import { basisClass, basisKindOf, basisOf } from '../../src/report/basis.js';
import { summarize, toCheckResult } from '../../src/report/build-report.js';
import { readsOf } from '../../src/report/rule-reads.js';
import type { CheckResult } from '../../src/report/report.js';
import type { Attestation, JoinedFields, OrgState, Provenance, Slice } from '../../src/state/org-state.js';
import { assertReportValid } from '../../src/pipeline/scan-pipeline.js';
import { fixtureReport } from '../fixtures/harness.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const AT = '2026-05-31T00:00:00Z';
const ATTESTATION: Attestation = { attestedBy: 'ciso@acme.com', attestedAt: '2026-05-01T00:00:00Z', evidence: 'SEC-1', expires: '2027-05-01T00:00:00Z' };

function check(id: string, requires: Requirement[], rule: Rule): Check {
  return {
    id, title: id, level: 'L1', severity: 'high', section: '9.9', source: 'guide', description: 'd', rationale: 'r', remediation: 'x',
    frameworks: {}, requires, rule, cases: [],
  };
}

function slice<T>(data: T, provenance: Provenance): Slice<T> {
  return { status: 'ok', provenance, data };
}

function state(slices: OrgState['slices']): OrgState {
  return { schemaVersion: '1.1', generatedAt: AT, organization: { id: '1', name: 'Acme', region: 'US' }, slices };
}

const opts = { now: NOW, maxAttestationAge: 'P365D' };
const result = (c: Check, s: OrgState): CheckResult => toCheckResult(c, evaluateCheck(c, s, opts));

const saRule: Rule = { each: '$.serviceAccounts', assert: { path: 'username', eq: 'deploy' }, resource: { type: 'service_account', id: 'id' } };
const sa = { id: 'sa1', username: 'ci', created: AT, projects: [] };

describe('basis kinds', () => {
  it('maps each documented slice source to its kind, and anything else (a demo stand-in) to none', () => {
    expect(basisKindOf('api')).toBe('mixpanel-api');
    expect(basisKindOf('api-undocumented')).toBe('mixpanel-internal-api');
    expect(basisKindOf('scim')).toBe('scim');
    expect(basisKindOf('audit-log')).toBe('audit-log');
    expect(basisKindOf('export')).toBe('export');
    expect(basisKindOf('attestation')).toBe('attestation');
    expect(basisKindOf('demo')).toBe('none');
    expect(basisKindOf('toString')).toBe('none');
    expect(basisKindOf(undefined)).toBe('none');
  });

  it('files a mixed basis under its weakest input', () => {
    expect(basisClass(['mixpanel-api', 'scim'])).toBe('records');
    expect(basisClass(['mixpanel-api', 'export'])).toBe('export');
    expect(basisClass(['export', 'attestation'])).toBe('attested');
    expect(basisClass(['none'])).toBe('none');
  });
});

describe('the basis of a result', () => {
  it('names the API for a verdict from an API slice, with the route', () => {
    const r = result(check('MP-9.0.1', ['serviceAccounts'], saRule), state({ serviceAccounts: slice([sa], { source: 'api', collectedAt: AT, detail: 'GET /sa' }) }));
    expect(r.status).toBe('fail');
    expect(r.basis).toEqual([{ kind: 'mixpanel-api', slices: ['serviceAccounts'], details: ['GET /sa'] }]);
  });

  it('names the file for an export, and who, when and until when for an attestation', () => {
    const c = check('MP-9.0.2', ['members', 'sso'], { each: '$.members', assert: { path: 'email', domainIn: { ref: '$.sso.claimedDomains.domain' } }, resource: { type: 'member', id: 'email' } });
    const r = result(c, state({
      members: slice([{ email: 'a@acme.com', orgRole: 'member', status: 'active', projectRoles: [], teams: [] }], { source: 'export', collectedAt: AT, detail: 'members export m.csv (1 members)' }),
      sso: slice({ configured: true, enforced: true, claimedDomains: [{ domain: 'acme.com', verified: true }], breakGlassAccounts: [] }, { source: 'attestation', collectedAt: AT, attestation: ATTESTATION }),
    }));
    expect(r.status).toBe('pass');
    expect(r.basis).toEqual([
      { kind: 'export', slices: ['members'], files: ['members export m.csv (1 members)'] },
      { kind: 'attestation', attestations: [{ slice: 'sso', ...ATTESTATION }] },
    ]);
  });

  it('is none when a required slice is missing, even if another one was read', () => {
    const c = check('MP-9.0.3', ['serviceAccounts', 'members'], saRule);
    const r = result(c, state({ serviceAccounts: slice([sa], { source: 'api', collectedAt: AT }) }));
    expect(r.status).toBe('manual');
    expect(r.basis).toEqual([{ kind: 'none' }]);
  });

  it('keeps the source of a not_applicable decided on an empty list', () => {
    const r = result(check('MP-9.0.4', ['serviceAccounts'], saRule), state({ serviceAccounts: slice([], { source: 'scim', collectedAt: AT }) }));
    expect(r.status).toBe('not_applicable');
    expect(r.basis).toEqual([{ kind: 'scim', slices: ['serviceAccounts'] }]);
  });

  it('counts only the anyOf slice that could be read', () => {
    const c = check('MP-9.0.5', [{ anyOf: ['twoFactor', 'sso'] }], { assert: { any: [{ path: '$.twoFactor.requiredOrgWide', eq: true }, { path: '$.sso.enforced', eq: true }] } });
    const r = result(c, state({ twoFactor: slice({ requiredOrgWide: true }, { source: 'api-undocumented', collectedAt: AT }) }));
    expect(r.basis).toEqual([{ kind: 'mixpanel-internal-api', slices: ['twoFactor'] }]);
  });

  it('a demo stand-in provenance decides nothing', () => {
    const r = result(check('MP-9.0.6', ['serviceAccounts'], saRule), state({ serviceAccounts: slice([sa], { source: 'demo' as string as Provenance['source'], collectedAt: AT }) }));
    expect(r.basis).toEqual([{ kind: 'none' }]);
  });
});

describe('field attestations and finding bases', () => {
  const projectsUse = (fields: string[]): SliceUse => ({
    slice: 'projects', status: 'ok', provenance: { source: 'api', collectedAt: AT, detail: 'GET /me' }, attestations: [{ fields, attestation: ATTESTATION }],
  });
  const outcome = (id: string, slices: SliceUse[], resources: CheckOutcome['resources'] = []): CheckOutcome => ({ id, status: 'fail', message: 'm', resources, slices, params: {} });

  it('adds an attested field only to checks whose rule reads it', () => {
    const reads = check('MP-9.1.1', ['projects'], { each: '$.projects', where: { path: 'sensitive', eq: true }, assert: { path: 'defaultAccessRole', eq: null }, resource: { type: 'project', id: 'id' } });
    const r = toCheckResult(reads, outcome('MP-9.1.1', [projectsUse(['projects[].sensitive', 'environment'])]));
    expect(r.basis).toEqual([
      { kind: 'mixpanel-api', slices: ['projects'], details: ['GET /me'] },
      { kind: 'attestation', attestations: [{ slice: 'projects', fields: ['projects[].sensitive'], ...ATTESTATION }] },
    ]);
    const other = check('MP-9.1.2', ['projects'], { each: '$.projects', assert: { path: 'name', exists: true }, resource: { type: 'project', id: 'id' } });
    expect(toCheckResult(other, outcome('MP-9.1.2', [projectsUse(['sensitive'])])).basis).toEqual([{ kind: 'mixpanel-api', slices: ['projects'], details: ['GET /me'] }]);
  });

  it('gives a finding its own basis where the rule part that made it reads less than the whole check', () => {
    const c = check('MP-9.1.3', ['projects', 'serviceAccounts'], {
      all: [
        { each: '$.projects', assert: { path: 'environment', exists: true }, resource: { type: 'project', id: 'id' } },
        { each: '$.serviceAccounts', assert: { path: 'projects', size: { eq: 1 } }, resource: { type: 'service_account', id: 'id' } },
      ],
    });
    const saUse: SliceUse = { slice: 'serviceAccounts', status: 'ok', provenance: { source: 'export', collectedAt: AT, detail: 'sa.csv' } };
    const r = toCheckResult(c, outcome('MP-9.1.3', [projectsUse(['environment']), saUse], [
      { type: 'project', id: 'p1', status: 'fail', observed: null, expected: 'present' },
      { type: 'service_account', id: 'sa1', status: 'fail', observed: 2, expected: '1' },
    ]));
    expect(r.basis.map((b) => b.kind)).toEqual(['mixpanel-api', 'export', 'attestation']);
    expect(r.resources[0]!.basis!.map((b) => b.kind)).toEqual(['mixpanel-api', 'attestation']);
    expect(r.resources[1]!.basis).toEqual([{ kind: 'export', slices: ['serviceAccounts'], files: ['sa.csv'] }]);
  });

  it('leaves a finding without its own basis when it is the result\'s', () => {
    const r = toCheckResult(check('MP-9.1.4', ['serviceAccounts'], saRule), outcome('MP-9.1.4', [{ slice: 'serviceAccounts', status: 'ok', provenance: { source: 'api', collectedAt: AT } }], [
      { type: 'service_account', id: 'sa1', status: 'fail', observed: null, expected: 'present' },
    ]));
    expect(r.resources[0]!.basis).toBeUndefined();
  });

  it('an unmet setting rests on the slice that holds it', () => {
    const c = check('MP-9.1.5', ['sso', 'twoFactor'], { assert: { all: [{ path: '$.sso.enforced', eq: true }, { path: '$.twoFactor.requiredOrgWide', eq: true }] } });
    const r = result(c, state({
      sso: slice({ configured: true, enforced: false, claimedDomains: [], breakGlassAccounts: [] }, { source: 'attestation', collectedAt: AT, attestation: ATTESTATION }),
      twoFactor: slice({ requiredOrgWide: true }, { source: 'api-undocumented', collectedAt: AT }),
    }));
    expect(r.status).toBe('fail');
    expect(r.basis.map((b) => b.kind)).toEqual(['mixpanel-internal-api', 'attestation']);
    const setting = r.resources.find((x) => x.id === 'sso.enforced')!;
    expect(setting.basis).toEqual([{ kind: 'attestation', attestations: [{ slice: 'sso', ...ATTESTATION }] }]);
  });

  it('reads slices and segments from a rule\'s text', () => {
    const reads = readsOf({ each: '$.serviceAccounts', as: 'sa', assert: { path: 'projects.projectId', in: { select: '$.projects', pluck: 'id' } } });
    expect([...reads.slices].sort()).toEqual(['projects', 'serviceAccounts']);
    expect(reads.segments.has('projectId')).toBe(true);
    expect(basisOf([], reads)).toEqual([{ kind: 'none' }]);
  });

  it('no slice is guessed from a field name: a rule reads the slices it names', () => {
    expect([...readsOf({ each: '$.members', assert: { path: 'lastActiveRecordedSince', newerThan: 'P90D' } }).slices]).toEqual(['members']);
  });

  const JOINED: JoinedFields = { source: 'audit-log', fields: ['lastActive', 'lastActiveRecordedSince'], detail: 'last activity of 2 member(s) from the audit log' };
  const membersUse = (joined?: JoinedFields[]): SliceUse => ({ slice: 'members', status: 'ok', provenance: { source: 'scim', collectedAt: AT, detail: 'GET /scim/v2/Users' }, ...(joined ? { joined } : {}) });

  it('fields the slice says were joined from the audit log add it to the basis of a rule that reads one of them', () => {
    const reads = readsOf({ each: '$.members', assert: { path: 'lastActive', newerThan: 'P90D' } });
    expect(basisOf([membersUse([JOINED])], reads)).toEqual([
      { kind: 'scim', slices: ['members'], details: ['GET /scim/v2/Users'] },
      { kind: 'audit-log', slices: ['members'], details: ['last activity of 2 member(s) from the audit log'] },
    ]);
  });

  it('from the state through the evaluation: the slice\'s joined fields reach the result\'s basis and its findings', () => {
    const activity = check('MP-9.5.1', ['members'], { each: '$.members', assert: { path: 'lastActive', ne: null }, resource: { type: 'member', id: 'email' } });
    const members = [{ email: 'quiet@acme.com', status: 'active' as const, lastActive: null, lastActiveRecordedSince: '2026-04-05T00:00:00Z', lastActiveFrom: 'audit-log' as const }];
    const joined = result(activity, state({ members: { ...slice(members, { source: 'scim', collectedAt: AT }), joined: [JOINED] } }));
    expect(joined.status).toBe('fail');
    expect(joined.basis.map((b) => b.kind)).toEqual(['scim', 'audit-log']);
    expect(joined.provenance[0]!.joined).toEqual([JOINED]);
    const own = result(activity, state({ members: slice(members, { source: 'scim', collectedAt: AT }) }));
    expect(own.basis.map((b) => b.kind)).toEqual(['scim']);
  });

  it('a rule that reads none of the joined fields, or a slice that joined nothing, rests on the slice\'s own source alone', () => {
    const roles = readsOf({ each: '$.members', assert: { path: 'orgRole', ne: 'owner' } });
    expect(basisOf([membersUse([JOINED])], roles).map((b) => b.kind)).toEqual(['scim']);
    const activity = readsOf({ each: '$.members', assert: { path: 'lastActive', newerThan: 'P90D' } });
    expect(basisOf([membersUse()], activity).map((b) => b.kind)).toEqual(['scim']);
    // A joined export counts as an export, with what was read as its file.
    expect(basisOf([membersUse([{ ...JOINED, source: 'export', detail: 'logins.csv' }])], activity)).toEqual([
      { kind: 'scim', slices: ['members'], details: ['GET /scim/v2/Users'] },
      { kind: 'export', slices: ['members'], files: ['logins.csv'] },
    ]);
  });
});

describe('summary.byBasis', () => {
  it('counts decided checks (pass or fail, also when excepted) under each of their kinds, and nothing else', () => {
    const base = fixtureReport().results[0]!;
    const api = [{ kind: 'mixpanel-api' as const, slices: ['x'] }];
    const mixed = [...api, { kind: 'attestation' as const, attestations: [{ slice: 'y', ...ATTESTATION }] }];
    const results: CheckResult[] = [
      { ...base, status: 'pass', basis: api },
      { ...base, status: 'fail', basis: mixed },
      { ...base, status: 'excepted', originalStatus: 'fail', basis: api },
      { ...base, status: 'manual', basis: api },
      { ...base, status: 'not_applicable', basis: api },
      { ...base, status: 'error', basis: [{ kind: 'none' }] },
    ];
    expect(summarize(results).byBasis).toEqual({ 'mixpanel-api': 3, 'mixpanel-internal-api': 0, scim: 0, 'audit-log': 0, export: 0, attestation: 1, none: 0 });
  });

  it('the report schema requires a basis on every result and byBasis in the summary', () => {
    const report = fixtureReport();
    expect(() => assertReportValid(report)).not.toThrow();
    const [first, ...rest] = report.results;
    const { basis: _dropped, ...noBasis } = first!;
    expect(() => assertReportValid({ ...report, results: [noBasis as CheckResult, ...rest] })).toThrow(/basis/);
    expect(() => assertReportValid({ ...report, results: [{ ...first!, basis: [{ kind: 'somewhere' } as never] }, ...rest] })).toThrow();
    const { byBasis: _gone, ...summary } = report.summary;
    expect(() => assertReportValid({ ...report, summary: summary as typeof report.summary })).toThrow(/byBasis/);
  });
});

describe('the headline split', () => {
  it('files each check once: decided ones by their weakest input, the rest by status; the parts add up', async () => {
    const { basisSplit, basisSentence } = await import('../../src/report/basis-text.js');
    const base = fixtureReport().results[0]!;
    const api = { kind: 'mixpanel-api' as const, slices: ['x'] };
    const exp = { kind: 'export' as const, slices: ['m'], files: ['m.csv'] };
    const att = { kind: 'attestation' as const, attestations: [{ slice: 'y', ...ATTESTATION }] };
    const results: CheckResult[] = [
      { ...base, status: 'pass', basis: [api] },
      { ...base, status: 'fail', basis: [api, exp] },
      { ...base, status: 'pass', basis: [api, exp, att] },
      { ...base, status: 'excepted', originalStatus: 'fail', basis: [{ kind: 'scim', slices: ['scimUsers'] }] },
      { ...base, status: 'manual', basis: [api] },
      { ...base, status: 'not_applicable', basis: [api] },
    ];
    const split = basisSplit(results);
    expect(split).toEqual({ total: 6, records: 2, exports: 1, attested: 1, unsourced: 0, awaiting: 1, unreadable: 0, notApplicable: 1 });
    expect(basisSentence({ results })).toBe("2 of 6 decided from Mixpanel's records, 1 from your exports, 1 attested, 1 awaiting a person, 1 not applicable");
  });
});
