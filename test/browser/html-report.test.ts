import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launchBrowser } from '../support/browser.js';
import { runCli, tempDir } from '../support/run-cli.js';

const run = browserAvailable() ? describe : describe.skip;
const NOW = '2026-06-01T00:00:00Z';

interface Loaded {
  page: Page;
  consoleErrors: string[];
  requests: string[];
  report: { summary: { byStatus: Record<string, number> }; results: { id: string; status: string; level: string }[]; frameworks: Record<string, { id: string; status: string }[]> };
}

run('the HTML report in Chromium', () => {
  let browser: Browser | undefined;
  let small: Loaded;
  let demo: Loaded;

  async function scan(stateArgs: string[]): Promise<string> {
    const out = tempDir();
    const r = await runCli(['scan', ...stateArgs, '--out', out, '--now', NOW, '--fail-on', 'none', '--allow-incomplete']);
    expect(r.stderr).toBe('');
    return out;
  }

  async function open(out: string): Promise<Loaded> {
    const page = await browser!.newPage();
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('request', (req) => { if (!req.url().startsWith('file:')) requests.push(req.url()); });
    await page.goto(pathToFileURL(join(out, 'report.html')).href);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Loaded['report'];
    return { page, consoleErrors, requests, report };
  }

  beforeAll(async () => {
    // Chromium starts in its own process while both reports are scanned here; then both load at once.
    const launched = launchBrowser().then((b) => (browser = b));
    let smallOut: string;
    let demoOut: string;
    try {
      smallOut = await scan(['--state', join(process.cwd(), 'test', 'fixtures', 'small-state.yaml')]);
      demoOut = await scan(['--demo']);
    } finally {
      await launched;
    }
    [small, demo] = await Promise.all([open(smallOut), open(demoOut)]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads with no console errors and no network requests', async () => {
    const { consoleErrors, requests } = small;
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('shows the summary counts and the matrices of the report', async () => {
    const { page, report } = small;
    for (const [status, n] of Object.entries(report.summary.byStatus)) {
      await expect(page.locator(`#status-cards .card[data-status="${status}"] .n`).textContent()).resolves.toBe(String(n));
    }
    for (const fw of ['soc2', 'nist-800-53', 'cis-v8']) {
      const rows = page.locator(`table.matrix[data-framework="${fw}"] tbody tr`);
      await expect(rows.count()).resolves.toBe(report.frameworks[fw]!.length);
      const failing = report.frameworks[fw]!.filter((c) => c.status === 'fail').length;
      await expect(page.locator(`table.matrix[data-framework="${fw}"] tbody tr[data-status="fail"]`).count()).resolves.toBe(failing);
    }
  });

  it('filters checks by status and level', async () => {
    const { page, report } = small;
    await page.selectOption('#filters select[name="status"]', 'fail');
    const fails = report.results.filter((r) => r.status === 'fail').length;
    await expect(page.locator('section.check:not(.hidden)').count()).resolves.toBe(fails);
    await expect(page.locator('#shown-count').textContent()).resolves.toBe(String(fails));
    await page.selectOption('#filters select[name="status"]', '');
    await page.selectOption('#filters select[name="level"]', 'L1');
    const l1 = report.results.filter((r) => r.level === 'L1').length;
    await expect(page.locator('section.check:not(.hidden)').count()).resolves.toBe(l1);
    await page.selectOption('#filters select[name="level"]', '');
  });

  it('renders hostile organization data as text, never as markup', async () => {
    const { page } = small;
    await expect(page.locator('section.check img').count()).resolves.toBe(0);
    const text = await page.locator('#MP-3\\.1\\.1').textContent();
    expect(text).toContain('<img src=x onerror=alert(2)>');
    await expect(page.evaluate(() => (window as unknown as { __xss?: boolean }).__xss)).resolves.toBeUndefined();
  });

  it('the demo report loads cleanly and matches its JSON', async () => {
    const { page, consoleErrors, requests, report } = demo;
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    await expect(page.locator('section.check').count()).resolves.toBe(report.results.length);
    await expect(page.locator('#status-cards .card[data-status="fail"] .n').textContent()).resolves.toBe(String(report.summary.byStatus.fail));
  });
});
