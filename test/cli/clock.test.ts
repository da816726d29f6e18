/**
 * The scan's clock through the real CLI (in process). `scan --state S --now T` with T before S was
 * collected judges data from its own future (expired credentials look current): refused, exit 2,
 * unless --allow-now-before-snapshot, and then recorded in the report. `--now` outside the years
 * 0000-9999 in UTC is refused as bad input, not a crash (exit 4) when the report is written.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runCli, tempDir } from '../support/run-cli.js';

const SMALL = join(process.cwd(), 'test', 'fixtures', 'small-state.yaml');
/** small-state.yaml was collected at 2026-05-01T00:00:00Z. */
const COLLECTED = '2026-05-01T00:00:00Z';

interface ReportLike {
  scan: { now: string; clock?: { nowBeforeCollection?: { collectedAt: string; allowedBy: string }; dataAfterNow?: { count: number; latest: string; examples: string[] } } };
  results: { id: string; status: string }[];
}

function scan(now: string, ...extra: string[]) {
  const out = join(tempDir('mph-clock-'), 'out');
  return { out, run: runCli(['scan', '--state', SMALL, '--out', out, '--now', now, '--fail-on', 'none', '--format', 'json', '--no-evidence', ...extra]) };
}

describe('--now against the snapshot', () => {
  it('refuses a --now before the snapshot was collected: exit 2, the reason, nothing written', async () => {
    const { out, run } = scan('2020-01-01T00:00:00Z');
    const r = await run;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--now 2020-01-01T00:00:00Z is before the snapshot was collected (${COLLECTED})`);
    expect(r.stderr).toContain('--allow-now-before-snapshot');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses it for the demo too', async () => {
    const out = join(tempDir('mph-clock-'), 'out');
    const r = await runCli(['scan', '--demo', '--out', out, '--now', '2020-01-01T00:00:00Z', '--fail-on', 'none', '--no-evidence']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is before the snapshot was collected/);
  });

  it('accepts it with --allow-now-before-snapshot, and the report and the console say so', async () => {
    const { out, run } = scan('2020-01-01T00:00:00Z', '--allow-now-before-snapshot');
    const r = await run;
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportLike;
    expect(report.scan.now).toBe('2020-01-01T00:00:00Z');
    expect(report.scan.clock?.nowBeforeCollection).toEqual({ collectedAt: COLLECTED, allowedBy: '--allow-now-before-snapshot' });
    expect(report.scan.clock?.dataAfterNow?.count).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/warning: evaluated as of 2020-01-01T00:00:00Z, before the snapshot was collected/);
  });

  it('a --now at or after the collection records nothing about the clock', async () => {
    for (const now of [COLLECTED, '2026-06-01T00:00:00Z']) {
      const { out, run } = scan(now);
      const r = await run;
      expect(r.code).toBe(0);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportLike;
      expect(report.scan.clock).toBeUndefined();
      expect(r.stderr).toBe('');
    }
  });

  it('--allow-now-before-snapshot means nothing to a live scan: refused before anything is read', async () => {
    const out = join(tempDir('mph-clock-'), 'out');
    const r = await runCli(['scan', '--out', out, '--now', '2020-01-01T00:00:00Z', '--allow-now-before-snapshot'], { env: { NO_COLOR: '1' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/applies to --state or --demo/);
  });
});

describe('--now outside the years 0000-9999', () => {
  it.each(['9999-12-31T23:00:00-14:00', '+099999-01-01T00:00:00Z', '2026-02-31T00:00:00Z'])('refuses --now %s with exit 2', async (now) => {
    const { out, run } = scan(now);
    const r = await run;
    expect({ code: r.code, stderr: r.stderr.split('\n')[0] }).toEqual({ code: 2, stderr: expect.stringMatching(/--now must be an ISO 8601 date-time/) as unknown as string });
    expect(existsSync(out)).toBe(false);
  });

  it('accepts the last instant of 9999 given with an offset', async () => {
    const { out, run } = scan('9999-12-31T09:00:00-14:00');
    const r = await run;
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportLike;
    expect(report.scan.now).toBe('9999-12-31T23:00:00Z');
  });
});
