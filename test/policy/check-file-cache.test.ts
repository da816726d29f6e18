import { describe, expect, it } from '@jest/globals';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cachedCheckFile } from '../../src/policy/check-file-cache.js';
import { DEFAULT_POLICY_DIR, loadCheckFile, loadPolicies } from '../../src/policy/load-policies.js';
import type { Check } from '../../src/language/check.js';
import { tempDir } from '../support/run-cli.js';

/** loadCheckFile, counting how often the file is really read. */
function counted(): { load: (file: string) => Check; reads: () => number } {
  let n = 0;
  return { load: (file) => { n++; return loadCheckFile(file); }, reads: () => n };
}

describe('check files loaded once while unchanged', () => {
  const source = join(DEFAULT_POLICY_DIR, 'MP-2.3.1.yaml');

  it('an unchanged file is read once; every caller gets an equal, independent copy', () => {
    const file = join(tempDir('mph-cache-'), 'MP-2.3.1.yaml');
    copyFileSync(source, file);
    const { load, reads } = counted();
    const first = cachedCheckFile(file, load);
    const second = cachedCheckFile(file, load);
    expect(reads()).toBe(1);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    (second as { title: string }).title = 'changed by one run';
    expect(cachedCheckFile(file, load).title).toBe(first.title);
  });

  it('a rewritten file is read again (its new content wins)', () => {
    const file = join(tempDir('mph-cache-'), 'MP-2.3.1.yaml');
    copyFileSync(source, file);
    const { load, reads } = counted();
    const before = cachedCheckFile(file, load);
    writeFileSync(file, readFileSync(source, 'utf8').replace(/^title: .*$/m, 'title: A new title'));
    const after = cachedCheckFile(file, load);
    expect(reads()).toBe(2);
    expect(after.title).toBe('A new title');
    expect(before.title).not.toBe('A new title');
  });

  it('a file that became invalid is refused, not served from the cache', () => {
    const file = join(tempDir('mph-cache-'), 'MP-2.3.1.yaml');
    copyFileSync(source, file);
    cachedCheckFile(file, loadCheckFile);
    writeFileSync(file, 'id: [unclosed\n');
    expect(() => cachedCheckFile(file, loadCheckFile)).toThrow();
  });

  it('the whole pack loads the same from the cache as fresh', () => {
    const fresh = loadPolicies();
    expect(loadPolicies()).toEqual(fresh);
  });
});
