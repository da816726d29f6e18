/**
 * The HTML report of a large organization in Chromium (thousands of members, checks with far more
 * failing resources than the page lists): it loads with no console error and no network request,
 * every count matches report.json (summary, matrices, the resources listed under the per-check
 * cap and the "more" note), the status, level and framework filters show exactly the checks they
 * should, alone and combined, and hostile organization data appears as text.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { generateOrg } from '../../src/bench/generate-org.js';
import { LEVELS, type Level } from '../../src/language/check.js';
import { DEFAULT_HTML_OPTIONS } from '../../src/report/render-html.js';
import { serializeState } from '../../src/state/load-state.js';
import type { OrgState } from '../../src/state/org-state.js';
import { browserAvailable, launchBrowser } from '../support/browser.js';
import { runCli, tempDir } from '../support/run-cli.js';

const run = browserAvailable() ? describe : describe.skip;
const NOW = '2026-06-01T00:00:00Z';
const CAP = DEFAULT_HTML_OPTIONS.maxResourcesPerCheck;
const MEMBERS = 3000;

const HOSTILE_USERNAMES = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  "{{constructor.constructor('window.__xss=3')()}}",
  '=HYPERLINK("http://evil.example","x")',
];

interface Report {
  summary: { byStatus: Record<string, number> };
  results: { id: string; status: string; level: Level; frameworks: Record<string, string[]>; resources: { id: string }[] }[];
  frameworks: Record<string, { id: string; status: string }[]>;
}

run('a large HTML report in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let report: Report;
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  let loadMs = 0;

  beforeAll(async () => {
    const dir = tempDir('mph-large-html-');
    const state = generateOrg({ members: MEMBERS, seed: 4242, violationRate: 0.25, now: NOW }) as OrgState;
    // Hostile names on the first service accounts, which fail the expiry check and so are listed.
    const accounts = state.slices.serviceAccounts!.data!;
    HOSTILE_USERNAMES.forEach((username, i) => {
      accounts[i] = { ...accounts[i]!, username, expires: null };
    });
    writeFileSync(join(dir, 'state.json'), serializeState(state));
    const out = join(dir, 'out');
    const r = await runCli(['scan', '--state', join(dir, 'state.json'), '--out', out, '--now', NOW, '--fail-on', 'none', '--no-evidence']);
    expect(r.stderr).toBe('');
    report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;

    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('request', (req) => { if (!req.url().startsWith('file:')) requests.push(req.url()); });
    const started = Date.now();
    await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
    loadMs = Date.now() - started;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  const section = (id: string) => page.locator(`section.check[id="${id}"]`);

  it('is large: thousands of failing resources, several checks beyond the per-check cap', () => {
    const total = report.results.reduce((n, r) => n + r.resources.length, 0);
    expect(total).toBeGreaterThan(1000);
    expect(report.results.filter((r) => r.resources.length > CAP).length).toBeGreaterThanOrEqual(3);
  });

  it('loads in bounded time with no console errors and no network requests', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    expect(loadMs).toBeLessThan(20_000);
  });

  it('shows the summary, the matrices and every check with the counts of report.json', async () => {
    for (const [status, n] of Object.entries(report.summary.byStatus)) {
      await expect(page.locator(`#status-cards .card[data-status="${status}"] .n`).textContent()).resolves.toBe(String(n));
    }
    for (const [fw, rows] of Object.entries(report.frameworks)) {
      await expect(page.locator(`table.matrix[data-framework="${fw}"] tbody tr`).count()).resolves.toBe(rows.length);
      for (const status of ['pass', 'fail', 'manual', 'error']) {
        const n = rows.filter((c) => c.status === status).length;
        await expect(page.locator(`table.matrix[data-framework="${fw}"] tbody tr[data-status="${status}"]`).count()).resolves.toBe(n);
      }
    }
    await expect(page.locator('section.check').count()).resolves.toBe(report.results.length);
  });

  it('lists at most the cap of resources per check, and says how many more are in report.json', async () => {
    const counts = await page.$$eval('section.check', (sections) => sections.map((s) => ({
      id: s.id,
      rows: s.querySelectorAll('table.resources tbody tr').length,
      more: s.querySelector('p.more')?.textContent ?? '',
    })));
    const byId = new Map(counts.map((c) => [c.id, c]));
    for (const r of report.results) {
      const shown = byId.get(r.id)!;
      expect({ id: r.id, rows: shown.rows }).toEqual({ id: r.id, rows: Math.min(r.resources.length, CAP) });
      const hidden = r.resources.length - CAP;
      if (hidden > 0) expect(shown.more).toContain(`and ${hidden} more`);
      else expect(shown.more).toBe('');
    }
  });

  async function shownIds(): Promise<string[]> {
    return page.$$eval('section.check:not(.hidden)', (s) => s.map((e) => e.id).sort());
  }

  async function filter(values: { status?: string; level?: string; framework?: string }): Promise<void> {
    await page.selectOption('#filters select[name="status"]', values.status ?? '');
    await page.selectOption('#filters select[name="level"]', values.level ?? '');
    await page.selectOption('#filters select[name="framework"]', values.framework ?? '');
  }

  function expected(values: { status?: string; level?: Level; framework?: string }): string[] {
    return report.results
      .filter((r) => !values.status || r.status === values.status)
      .filter((r) => !values.level || LEVELS.indexOf(r.level) <= LEVELS.indexOf(values.level))
      .filter((r) => !values.framework || (r.frameworks[values.framework]?.length ?? 0) > 0)
      .map((r) => r.id)
      .sort();
  }

  it('filters by status, level and framework, alone and combined, and counts what it shows', async () => {
    const statuses = [...new Set(report.results.map((r) => r.status))];
    const combos: { status?: string; level?: Level; framework?: string }[] = [
      ...statuses.map((status) => ({ status })),
      ...LEVELS.map((level) => ({ level })),
      ...Object.keys(report.frameworks).map((framework) => ({ framework })),
      { status: 'fail', level: 'L1' },
      { status: 'fail', framework: 'cis-v8' },
      { status: 'manual', level: 'L2', framework: 'nist-800-53' },
    ];
    for (const combo of combos) {
      await filter(combo);
      const want = expected(combo);
      expect({ combo, shown: await shownIds() }).toEqual({ combo, shown: want });
      await expect(page.locator('#shown-count').textContent()).resolves.toBe(String(want.length));
    }
    await filter({});
    await expect(page.locator('#shown-count').textContent()).resolves.toBe(String(report.results.length));
  });

  it('hostile service-account names appear as text, never as markup', async () => {
    const listed = report.results.filter((r) => r.resources.slice(0, CAP).some((x) => HOSTILE_USERNAMES.includes(x.id)));
    expect(listed.length).toBeGreaterThan(0);
    for (const r of listed) {
      const text = (await section(r.id).textContent()) ?? '';
      for (const name of HOSTILE_USERNAMES) if (r.resources.slice(0, CAP).some((x) => x.id === name)) expect(text).toContain(name);
    }
    await expect(page.locator('section.check img, section.check script').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).resolves.toBeUndefined();
  });
});
