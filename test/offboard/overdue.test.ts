import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runCli, tempDir } from '../support/run-cli.js';
import { offboardPlanCommand } from '../../src/offboard/overdue.js';
import { annotateOffboarding } from '../../src/offboard/annotate.js';
import { loadPolicies } from '../../src/policy/load-policies.js';
import { shellQuote } from '../../src/offboard/shell-quote.js';
import type { ScanReport } from '../../src/report/report.js';
import { BEFORE, PLAN_AT, variant } from './support.js';

async function scan(state: string, now: string, extra: string[] = []) {
  const out = join(tempDir(), 'out');
  const r = await runCli(['scan', '--state', state, '--out', out, '--now', now, '--level', 'L1', '--fail-on', 'none', ...extra]);
  expect(r.code).toBe(0);
  return { report: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ScanReport, html: readFileSync(join(out, 'report.html'), 'utf8') };
}

describe('MP-5.2.1 findings for offboarding', () => {
  it('name the person, the engagement end and the hours past the 24-hour window', async () => {
    const { report: written } = await scan(BEFORE, '2026-05-31T07:30:00Z');
    const r = written.results.find((x) => x.id === 'MP-5.2.1')!;
    expect(r.status).toBe('fail');
    expect(r.resources[0]!.offboarding).toEqual({
      person: 'late@contractor.dev',
      name: 'Lee Late',
      engagementEnd: '2026-05-29T00:00:00Z',
      windowHours: 24,
      removalDueBy: '2026-05-30T00:00:00Z',
      hoursPastWindow: 31,
      summary: 'Lee Late <late@contractor.dev>: engagement ended 2026-05-29T00:00:00Z; still a member 31 hours past the 24-hour removal window (removal was due by 2026-05-30T00:00:00Z).',
      command: 'mixpanel-hardening offboard plan --email late@contractor.dev',
    });
    expect(r.offboardCommand).toBe(offboardPlanCommand(r.resources.filter((x) => x.status === 'fail').map((x) => x.id)));
    // The step on its own: the same result without its annotations gets them back, and the input is untouched.
    const bare = JSON.parse(JSON.stringify(r), (key, value: unknown) => (key === 'offboarding' || key === 'offboardCommand' ? undefined : value)) as typeof r;
    const check = loadPolicies().find((c) => c.id === 'MP-5.2.1')!;
    expect(annotateOffboarding(check, bare, Date.parse(written.scan.now))).toEqual(r);
    expect(bare.resources[0]!.offboarding).toBeUndefined();
  });

  it('are declared by the check, not by its id: without the declaration nothing is added', async () => {
    const { report } = await scan(BEFORE, '2026-05-31T07:30:00Z');
    const r = report.results.find((x) => x.id === 'MP-5.2.1')!;
    const bare = JSON.parse(JSON.stringify(r), (key, value: unknown) => (key === 'offboarding' || key === 'offboardCommand' ? undefined : value)) as typeof r;
    expect(annotateOffboarding({}, bare, Date.parse(report.scan.now))).toBe(bare);
    // Any check may declare it: another id with the declaration is annotated the same way.
    const renamed = { ...bare, id: 'MP-9.9.9' };
    const annotated = annotateOffboarding({ annotate: { offboarding: { resourceTypes: ['roster_entry'] } } }, renamed, Date.parse(report.scan.now));
    expect(annotated.resources[0]!.offboarding).toEqual({ person: 'late@contractor.dev', command: 'mixpanel-hardening offboard plan --email late@contractor.dev' });
    // Only the declared resource types name people.
    expect(annotateOffboarding({ annotate: { offboarding: { resourceTypes: ['member'] } } }, renamed, Date.parse(report.scan.now))).toBe(renamed);
  });

  it('every overdue declaration names a duration parameter of its check', () => {
    const declared = loadPolicies().filter((c) => c.annotate?.offboarding?.overdue);
    expect(declared.map((c) => c.id)).toEqual(['MP-5.2.1']);
    for (const c of declared) expect(c.params?.[c.annotate!.offboarding!.overdue!.windowParam]).toMatch(/^P/);
  });

  it('follow the grace period of the check\'s parameters', async () => {
    const dir = tempDir();
    const config = join(dir, 'config.yaml');
    writeFileSync(config, 'params:\n  MP-5.2.1: { removalGracePeriod: PT36H }\n');
    const { report } = await scan(BEFORE, '2026-06-01T00:00:00Z', ['--config', config]);
    const res = report.results.find((x) => x.id === 'MP-5.2.1')!.resources[0]!;
    expect(res.offboarding).toMatchObject({ windowHours: 36, removalDueBy: '2026-05-30T12:00:00Z', hoursPastWindow: 36 });
  });

  it('the HTML report shows the sentence and an offboard plan command per person', async () => {
    const { html } = await scan(BEFORE, PLAN_AT);
    expect(html).toContain('Lee Late &lt;late@contractor.dev&gt;: engagement ended 2026-05-29T00:00:00Z; still a member 24 hours past the 24-hour removal window');
    expect(html).toContain('<code>mixpanel-hardening offboard plan --email late@contractor.dev</code>');
  });

  it('commands built from organization data are shell-quoted', async () => {
    expect(shellQuote('late@contractor.dev')).toBe('late@contractor.dev');
    expect(shellQuote("a'b;rm -rf ~@x.io")).toBe("'a'\\''b;rm -rf ~@x.io'");
    expect(offboardPlanCommand(['a@x.io', 'b$(id)@x.io'])).toBe("mixpanel-hardening offboard plan --email a@x.io --email 'b$(id)@x.io'");
    const dir = tempDir();
    const file = variant(dir, 'state.yaml', BEFORE, (s) => {
      s.slices.roster!.data!.push({ email: 'x$(id)@agency.io', name: 'X', type: 'agency', engagementEnd: '2026-05-01T00:00:00Z' });
      // A project grant: a Member with none would count as revoked (the runbook's second method) and pass.
      s.slices.members!.data!.push({ email: 'x$(id)@agency.io', orgRole: 'member', status: 'active', projectRoles: [{ projectId: '1', role: 'analyst', via: 'direct' }], teams: [] });
    });
    const { html } = await scan(file, PLAN_AT);
    expect(html).toContain('offboard plan --email &#x27;x$(id)@agency.io&#x27;');
  });
});
