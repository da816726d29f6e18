import { describe, expect, it } from '@jest/globals';
import { DEFAULT_NOW, generateOrg } from '../../src/bench/generate-org.js';
import { Random } from '../../src/bench/random.js';
import { evaluateCheck } from '../../src/engine/evaluate-check.js';
import type { Check } from '../../src/language/check.js';
import { loadPolicies } from '../../src/policy/load-policies.js';
import { caseState, DEFAULT_CASE_NOW } from '../../src/policy/run-cases.js';
import type { OrgState } from '../../src/state/org-state.js';
import { damageSlices } from './arbitraries.js';

// The caches and joins of src/engine/memo.ts exist for speed only: with and without them every
// check must give the same status, message, findings and evidence, on clean and on damaged data. (That the one interpreter itself means what the language
// says is one-interpreter.test.ts's business.)
const checks = loadPolicies();
const NOW = Date.parse(DEFAULT_NOW);

function both(check: Check, state: OrgState, now = NOW, params = {}) {
  const opts = { now, maxAttestationAge: 'P365D', params };
  return { memo: evaluateCheck(check, state, opts), plain: evaluateCheck(check, state, { ...opts, withoutMemo: true }) };
}

function damagedOrg(seed: number, rate: number): OrgState {
  const state = generateOrg({ members: 400, seed, violationRate: 0.2 });
  damageSlices(state, new Random(seed * 31 + 1), rate, ['members', 'projects', 'teams', 'serviceAccounts', 'scimUsers', 'roster', 'serviceAccountOwners']);
  return state;
}

describe('memoized evaluation equals plain evaluation', () => {
  it.each([
    [1, 0],
    [2, 0],
    [3, 0.03],
    [4, 0.1],
  ])('on a generated organization (seed %i, damage rate %s)', (seed, rate) => {
    const state = rate === 0 ? generateOrg({ members: 400, seed, violationRate: 0.2 }) : damagedOrg(seed, rate);
    for (const check of checks) {
      const { memo, plain } = both(check, state);
      expect([check.id, memo]).toEqual([check.id, plain]);
    }
  });

  it('on every policy case', () => {
    for (const check of checks) {
      for (const c of check.cases) {
        const { memo, plain } = both(check, caseState(check, c), Date.parse(c.now ?? DEFAULT_CASE_NOW), c.params ?? {});
        expect([check.id, c.name, memo]).toEqual([check.id, c.name, plain]);
      }
    }
  });
});

describe('joins on awkward keys', () => {
  const base = { title: 't', level: 'L1', severity: 'low', section: '0', source: 'guide', description: 'd', rationale: 'r', remediation: 'm', frameworks: {}, cases: [] } as const;
  // Projects keyed by ids of every kind: strings, numbers, 0 and -0, null, absent, a list.
  const ids: unknown[] = ['a', 'b', 1, 0, -0, null, undefined, ['a'], 'a'];
  // A snapshot listing one project id twice is not judged (an error), so the projects carry each id
  // once (-0 is 0 as a key, and 'a' repeats); the members' grants still point at every kind, -0 included.
  const projects = ids.map((id, i) => ({ ...(id === undefined ? {} : { id }), name: `p${i}`, environment: 'production', sensitive: i % 2 === 0 })).filter((_, i) => i !== 4 && i !== 8);
  const members = Array.from({ length: 60 }, (_, i) => ({
    email: `m${i}@x.example`,
    orgRole: 'member',
    status: i % 7 === 0 ? 'invited' : 'active',
    projectRoles: [
      { projectId: ids[i % ids.length], role: i % 3 === 0 ? 'admin' : 'analyst', via: 'direct' },
      ...(i % 5 === 0 ? [{ projectId: ids[(i + 1) % ids.length], via: 'team' }] : []),
    ],
    teams: [],
  }));
  const owners = Array.from({ length: 40 }, (_, i) => ({ username: ids[i % ids.length], owner: i % 4 === 0 ? '' : 'o', purpose: 'p' }));
  const state = {
    schemaVersion: '1.1', generatedAt: DEFAULT_NOW, organization: { id: '1', name: 'x', region: 'US' },
    slices: {
      projects: { status: 'ok', provenance: { source: 'api', collectedAt: DEFAULT_NOW }, data: projects },
      members: { status: 'ok', provenance: { source: 'api', collectedAt: DEFAULT_NOW }, data: members },
      serviceAccountOwners: { status: 'ok', provenance: { source: 'api', collectedAt: DEFAULT_NOW }, data: owners },
    },
  } as unknown as OrgState;

  const rules: [string, Check['rule']][] = [
    ['count join', {
      each: '$.projects', as: 'proj', assert: { value: { count: '$.members', where: { path: 'projectRoles', some: { all: [{ path: 'projectId', eq: { ref: '$proj.id' } }, { path: 'role', in: ['admin', 'owner'] }] } } }, lte: 3 },
      resource: { type: 'project', id: 'id' },
    }],
    ['select join with pluck and two keys', {
      each: '$.projects', as: 'proj', assert: { path: 'name', notIn: { select: '$.members', where: { any: [{ path: 'projectRoles.projectId', eq: { ref: '$proj.id' } }, { path: 'email', eq: { ref: '$proj.name' } }] }, pluck: 'email' } },
      resource: { type: 'project', id: 'name' },
    }],
    ['select join under not', {
      each: '$.projects', as: 'proj', assert: { value: { select: '$.members', where: { not: { path: 'projectRoles', every: { path: 'projectId', eq: { ref: '$proj.id' } } } } }, size: { gte: 50 } },
      resource: { type: 'project', id: 'name' },
    }],
    ['quantifier join over a root list', {
      each: '$.projects', as: 'proj', assert: { path: '$.serviceAccountOwners', some: { all: [{ path: 'username', eq: { ref: '$proj.id' } }, { path: 'owner', matches: '\\S' }] } },
      resource: { type: 'project', id: 'name' },
    }],
    ['quantifier every and none over a root list', {
      each: '$.projects', as: 'proj', assert: { any: [
        { path: '$.serviceAccountOwners', every: { path: 'username', eq: { ref: '$proj.id' } } },
        { path: '$.serviceAccountOwners', none: { all: [{ path: 'username', eq: { ref: '$proj.id' } }, { path: 'purpose', eq: 'p' }] } },
      ] },
      resource: { type: 'project', id: 'name' },
    }],
  ];

  it.each(rules)('%s', (_name, rule) => {
    const check = { ...base, id: 'X-1', requires: ['projects', 'members', 'serviceAccountOwners'], rule } as unknown as Check;
    const { memo, plain } = both(check, state);
    expect(memo.status).not.toBe('error');
    expect(memo).toEqual(plain);
  });
});
