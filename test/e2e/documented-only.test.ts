/**
 * Truth on a real organization: the built CLI against a loopback server that answers only in the
 * documented shapes (the OpenAPI specs and the notes on /me), with every optional field left out,
 * and no attestations, exports or SCIM token. No check may be decided by a value the scanner made
 * up: project labels, data-view flags, last use and classified-data access stay unknown, so the
 * checks that need them are not pass or fail.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FIXTURE_NOW, startFakeMixpanel, type FakeMixpanel } from '../support/fake-mixpanel/index.js';
import { tempDir } from '../support/run-cli.js';
import { spawnCli } from '../support/spawn-cli.js';

type Body = Record<string, unknown>;

/** Keeps only the named fields of each object. */
const only = (o: Body, keys: readonly string[]): Body => Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k)));
const mapValues = (o: Body, f: (v: Body) => Body): Body => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v as Body)]));

let fake: FakeMixpanel;
let report: { results: { id: string; status: string; message: string; resources: { id: string; observed: unknown }[] }[] };
let state: { organization: Body; slices: Record<string, { status: string; data?: unknown }> };

beforeAll(async () => {
  fake = await startFakeMixpanel({
    faults: {
      rewrite: {
        // /me: the organization (id, name; no role), the projects (name, owner, regional domain), the
        // data views (id, name, project): every other field is optional in the notes' MeResponse.
        me: (b) => {
          const r = b.results as Body;
          return {
            status: 'ok',
            results: {
              organizations: mapValues(r.organizations as Body, (o) => only(o, ['id', 'name'])),
              projects: mapValues(r.projects as Body, (p) => only(p, ['name', 'organization_id', 'domain'])),
              workspaces: mapValues(r.workspaces as Body, (w) => only(w, ['id', 'name', 'project_id'])),
            },
          };
        },
        // ServiceAccountRead: every field is optional; keep what identifies the account and its dates.
        orgServiceAccounts: (b) => ({ status: 'ok', results: (b.results as Body[]).map((s) => only(s, ['id', 'username', 'created', 'expires'])) }),
        projectServiceAccounts: (b) => ({ status: 'ok', results: (b.results as Body[]).map((s) => only(s, ['id', 'username', 'created', 'expires', 'role'])) }),
      },
    },
  });
  const out = tempDir('mph-documented-');
  const run = await spawnCli([
    'scan', '--api-base-url', fake.baseUrl, '--out', out, '--now', new Date(FIXTURE_NOW).toISOString(), '--format', 'json', '--fail-on', 'none', '--no-evidence',
  ], { env: { MIXPANEL_SERVICE_ACCOUNT_USERNAME: fake.credentials.username, MIXPANEL_SERVICE_ACCOUNT_SECRET: fake.credentials.secret } });
  if (run.code !== 0 && run.code !== 3) throw new Error(`scan failed (${run.code}): ${run.stderr}`);
  report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  state = JSON.parse(readFileSync(join(out, 'state.json'), 'utf8'));
}, 120_000);

afterAll(async () => {
  await fake.close();
});

const status = (id: string) => report.results.find((r) => r.id === id)!.status;

describe('a scan of an organization that answers only the documented shapes', () => {
  it('invents no project label, data-view flag, last use or classified-data access', () => {
    const projects = state.slices.projects!.data as Body[];
    expect(projects.length).toBe(4);
    for (const p of projects) {
      expect(p).not.toHaveProperty('environment');
      expect(p).not.toHaveProperty('sensitive');
      expect(p).not.toHaveProperty('defaultAccessRole');
      for (const v of (p.dataViews as Body[] | undefined) ?? []) expect(Object.keys(v).sort()).toEqual(['id', 'name']);
    }
    for (const sa of state.slices.serviceAccounts!.data as Body[]) {
      expect(sa).not.toHaveProperty('lastUsed');
      expect(sa).not.toHaveProperty('creatorId');
      for (const g of sa.projects as Body[]) expect(g).not.toHaveProperty('hasSensitiveAccess');
    }
    expect(state.organization.scanner).toEqual({ serviceAccount: fake.credentials.username });
  });

  it.each(['MP-2.2.1', 'MP-2.2.2', 'MP-2.2.3', 'MP-3.2.1'])('%s, which needs labels no API returns, is not decided', (id) => {
    expect(['manual', 'not_applicable', 'error']).toContain(status(id));
    expect(status(id)).not.toBe('not_applicable');
  });

  it('checks on last use and classified-data access are not decided from an invented value', () => {
    for (const r of report.results) {
      if (r.status !== 'pass' && r.status !== 'fail') continue;
      for (const res of r.resources) {
        const seen = JSON.stringify(res.observed ?? null);
        expect([r.id, seen.includes('lastUsed') || seen.includes('hasSensitiveAccess')]).toEqual([r.id, false]);
      }
    }
  });

  it('the checks decided at all are those the documented data can decide', () => {
    const decided = report.results.filter((r) => r.status === 'pass' || r.status === 'fail').map((r) => `${r.id}:${r.status}`).sort();
    expect(decided).toEqual(DECIDED);
  });
});

/**
 * What the documented data decides: the service-account checks that read `created`, `expires` (absent
 * is documented as "no expiration") and the per-project roles of list-project-service-accounts. Each
 * fails on the fixture's accounts; nothing passes on a value no source gave.
 */
const DECIDED: string[] = [
  'MP-3.1.1:fail', // no expiry (ci-export)
  'MP-3.1.2:fail', // grants on two projects (ci-export)
  'MP-3.1.3:fail', // admin / owner project roles
  'MP-3.1.5:fail', // credential age from `created`
  'MP-3.1.6:fail', // lifetime from `created` and `expires`
  'MP-3.1.8:fail', // age and lifetime
  'MP-3.1.9:fail', // expired and still listed (old-etl)
];
