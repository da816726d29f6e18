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
  let browser: Browser | undefined;
  let page: Page;
  let report: Report;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    // Chromium starts in its own process while the organization is generated and scanned here.
    const launched = launchBrowser().then((b) => (browser = b));
    const dir = tempDir('mph-large-html-');
    const out = join(dir, 'out');
    try {
      const state = generateOrg({ members: MEMBERS, seed: 4242, violationRate: 0.25, now: NOW }) as OrgState;
      // Hostile names on the first service accounts, which fail the expiry check and so are listed.
      const accounts = state.slices.serviceAccounts!.data!;
      HOSTILE_USERNAMES.forEach((username, i) => {
        accounts[i] = { ...accounts[i]!, username, expires: null };
      });
      writeFileSync(join(dir, 'state.json'), serializeState(state));
      const r = await runCli(['scan', '--state', join(dir, 'state.json'), '--out', out, '--now', NOW, '--fail-on', 'none', '--no-evidence']);
      expect(r.stderr).toBe('');
    } finally {
      await launched;
    }
    report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;

    page = await browser!.newPage();
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('request', (req) => { if (!req.url().startsWith('file:')) requests.push(req.url()); });
    await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
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

  it('loads with no console errors and no network requests, its size set by the cap, not by the organization', async () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    // What keeps the load bounded, counted rather than timed: the page holds the capped resource
    // rows of each check, far fewer than the failing resources of report.json.
    const total = report.results.reduce((n, r) => n + r.resources.length, 0);
    const capped = report.results.reduce((n, r) => n + Math.min(r.resources.length, CAP), 0);
    expect(capped).toBeLessThan(total);
    await expect(page.locator('table.resources tbody tr').count()).resolves.toBe(capped);
  });

  it('shows the summary, the matrices and every check with the counts of report.json', async () => {
    // Read in one round trip: the card texts and the matrix rows by framework and status.
    const shown = await page.evaluate(() => ({
      cards: [...document.querySelectorAll('#status-cards .card .n')].map((n) => ({ status: n.closest('.card')!.getAttribute('data-status'), text: n.textContent })),
      rows: [...document.querySelectorAll('table.matrix tbody tr')].map((tr) => ({ fw: tr.closest('table.matrix')!.getAttribute('data-framework'), status: tr.getAttribute('data-status') })),
      checks: document.querySelectorAll('section.check').length,
    }));
    for (const [status, n] of Object.entries(report.summary.byStatus)) {
      // Exactly one card per status, as a locator read of it requires.
      expect({ status, n: shown.cards.filter((c) => c.status === status).map((c) => c.text) }).toEqual({ status, n: [String(n)] });
    }
    for (const [fw, rows] of Object.entries(report.frameworks)) {
      const trs = shown.rows.filter((r) => r.fw === fw).map((r) => r.status);
      expect({ fw, rows: trs.length }).toEqual({ fw, rows: rows.length });
      for (const status of ['pass', 'fail', 'manual', 'error']) {
        const n = rows.filter((c) => c.status === status).length;
        expect({ fw, status, n: trs.filter((s) => s === status).length }).toEqual({ fw, status, n });
      }
    }
    expect(shown.checks).toBe(report.results.length);
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

  /** The filter values, the checks the page shows and the count it states, in one round trip. */
  async function shown(): Promise<{ filters: Record<string, string>; ids: string[]; count: (string | null)[] }> {
    return page.evaluate(() => ({
      filters: Object.fromEntries([...document.querySelectorAll<HTMLSelectElement>('#filters select')].map((x) => [x.name, x.value])),
      ids: [...document.querySelectorAll('section.check:not(.hidden)')].map((e) => e.id).sort(),
      count: [...document.querySelectorAll('#shown-count')].map((e) => e.textContent),
    }));
  }

  /** The filter values as last chosen through the page; all three start at "all" (''). */
  const chosen: Record<'status' | 'level' | 'framework', string> = { status: '', level: '', framework: '' };

  /** Chooses each filter value that differs from the one last chosen, as a person would. */
  async function filter(values: { status?: string; level?: string; framework?: string }): Promise<void> {
    for (const name of ['status', 'level', 'framework'] as const) {
      const value = values[name] ?? '';
      if (value === chosen[name]) continue;
      await page.selectOption(`#filters select[name="${name}"]`, value);
      chosen[name] = value;
    }
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
      const { filters, ids, count } = await shown();
      // The page's selects hold the whole combination (a value left from the previous one is reset).
      expect(filters).toEqual(expect.objectContaining({ status: combo.status ?? '', level: combo.level ?? '', framework: combo.framework ?? '' }));
      expect({ combo, shown: ids }).toEqual({ combo, shown: want });
      expect({ combo, count }).toEqual({ combo, count: [String(want.length)] });
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
