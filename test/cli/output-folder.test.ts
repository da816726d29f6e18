import { describe, expect, it } from '@jest/globals';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyBundle } from '../../src/evidence/verify.js';
import { cli, SCAN_ARGS, tempDir } from '../fixtures/harness.js';

const reportFiles = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('report.')).sort();

describe('an output folder holds one run\'s reports', () => {
  it('--format all then --format json leaves no stale html, sarif or csv; other files are kept', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'notes.txt'), 'mine');
    writeFileSync(join(out, 'state.json'), '{}');
    expect((await cli([...SCAN_ARGS, '--format', 'all', '--out', out])).code).toBe(0);
    expect(reportFiles(out)).toContain('report.html');
    expect(reportFiles(out)).toContain('report.sarif');
    const run = await cli([...SCAN_ARGS, '--format', 'json', '--out', out]);
    expect(run.code).toBe(0);
    expect(reportFiles(out)).toEqual(['report.json']);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(out, 'state.json'), 'utf8')).toBe('{}');
    // The bundle is rebuilt for this run alone, and verifies.
    const bundle = verifyBundle(join(out, 'evidence'));
    expect(bundle.intact).toBe(true);
  });

  it('a run refused for bad input leaves the previous run\'s reports as they were', async () => {
    const out = tempDir();
    expect((await cli([...SCAN_ARGS, '--format', 'json,html,csv', '--out', out])).code).toBe(0);
    const before = reportFiles(out).map((f) => readFileSync(join(out, f), 'utf8'));
    const bad = join(tempDir(), 'exceptions.yaml');
    writeFileSync(bad, 'exceptions: [ {');
    const run = await cli([...SCAN_ARGS, '--format', 'json', '--exceptions', bad, '--out', out]);
    expect(run.code).toBe(2);
    expect(reportFiles(out)).toEqual(['report.csv', 'report.html', 'report.json']);
    expect(reportFiles(out).map((f) => readFileSync(join(out, f), 'utf8'))).toEqual(before);
  });

  it('a folder with a report\'s name is left alone', async () => {
    const out = tempDir();
    mkdirSync(join(out, 'report.sarif'));
    writeFileSync(join(out, 'report.sarif', 'keep'), 'x');
    expect((await cli([...SCAN_ARGS, '--format', 'json', '--out', out, '--no-evidence'])).code).toBe(0);
    expect(readdirSync(join(out, 'report.sarif'))).toEqual(['keep']);
  });
});
