import { describe, expect, it } from '@jest/globals';
import { DEFAULT_NOW, generateOrg, orgShape } from '../../src/bench/generate-org.js';
import { runChecks } from '../../src/engine/run-checks.js';
import { validator } from '../../src/core/schema-validator.js';
import { loadPolicies } from '../../src/policy/load-policies.js';
import { serializeState } from '../../src/state/load-state.js';

// The benchmark's synthetic organizations: repeatable, valid, and shaped as documented. No timing
// is asserted anywhere (timings belong to `npm run bench`).
describe('generateOrg', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = serializeState(generateOrg({ members: 300, seed: 7 }));
    const b = serializeState(generateOrg({ members: 300, seed: 7 }));
    const c = serializeState(generateOrg({ members: 300, seed: 8 }));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it.each([
    [10, 0.02],
    [500, 0],
    [500, 0.02],
    [500, 1],
  ])('validates against the state schema (%i members, violation rate %s)', (members, violationRate) => {
    const validate = validator('org-state');
    const state = generateOrg({ members, violationRate, seed: 3 });
    expect(validate(JSON.parse(serializeState(state)))).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('sizes projects, service accounts, teams and events from the member count', () => {
    const shape = orgShape({ members: 2000 });
    expect(shape).toMatchObject({ members: 2000, projects: 40, serviceAccounts: 100, teams: 80, auditEvents: 4000 });
    const state = generateOrg({ members: 2000, seed: 1 });
    expect(state.slices.members?.data).toHaveLength(2000);
    expect(state.slices.projects?.data).toHaveLength(40);
    expect(state.slices.serviceAccounts?.data).toHaveLength(100);
    expect(state.slices.teams?.data).toHaveLength(80);
    expect(state.slices.auditLog?.data?.events).toHaveLength(4000);
  });

  it('keeps the joins consistent: unique emails, teams and grants that point at real things', () => {
    const state = generateOrg({ members: 1000, seed: 5 });
    const members = state.slices.members!.data!;
    const emails = new Set(members.map((m) => m.email));
    expect(emails.size).toBe(members.length);
    const projectIds = new Set(state.slices.projects!.data!.map((p) => p.id));
    const teams = new Map(state.slices.teams!.data!.map((t) => [t.id, t]));
    for (const m of members) {
      for (const g of m.projectRoles!) expect(projectIds.has(g.projectId)).toBe(true);
      for (const t of m.teams!) expect(teams.get(t)?.members).toContain(m.email);
    }
    for (const sa of state.slices.serviceAccounts!.data!) for (const g of sa.projects) expect(projectIds.has(g.projectId)).toBe(true);
  });

  it('produces findings in proportion and no check that cannot be evaluated', () => {
    const checks = loadPolicies();
    const state = generateOrg({ members: 1000, seed: 11 });
    const outcomes = runChecks(checks, state, { now: Date.parse(DEFAULT_NOW), maxAttestationAge: 'P365D' });
    expect(outcomes.filter((o) => o.status === 'error').map((o) => `${o.id}: ${o.message}`)).toEqual([]);
    expect(outcomes.some((o) => o.status === 'pass')).toBe(true);
    expect(outcomes.some((o) => o.status === 'fail')).toBe(true);
    const findings = outcomes.reduce((n, o) => n + o.resources.length, 0);
    // A 2% violation rate over ~1,000 members and their grants, accounts and events: a few hundred.
    expect(findings).toBeGreaterThan(50);
    expect(findings).toBeLessThan(2000);
  });

  it('the finding-heavy profile: most members dormant, most service accounts flawed, still valid; bench bytes unchanged by the option', () => {
    const now = Date.parse(DEFAULT_NOW);
    const bench = generateOrg({ members: 1000, seed: 4 });
    expect(serializeState(generateOrg({ members: 1000, seed: 4, profile: 'bench' }))).toBe(serializeState(bench));
    const heavy = generateOrg({ members: 1000, seed: 4, profile: 'finding-heavy' });
    const validate = validator('org-state');
    expect(validate(JSON.parse(serializeState(heavy)))).toBe(true);
    const dormantShare = (s: typeof bench) => {
      const active = s.slices.members!.data!.filter((m) => m.status === 'active');
      return active.filter((m) => m.lastActive !== null && now - Date.parse(m.lastActive!) > 90 * 86_400_000).length / active.length;
    };
    expect(dormantShare(bench)).toBeLessThan(0.1);
    expect(dormantShare(heavy)).toBeGreaterThan(0.5);
    const checks = loadPolicies();
    const failing = (s: typeof bench) => runChecks(checks, s, { now, maxAttestationAge: 'P365D' }).filter((o) => o.status === 'fail').reduce((n, o) => n + o.resources.length, 0);
    expect(failing(heavy)).toBeGreaterThan(3 * failing(bench));
  });
});
