import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { packagePath } from '../../src/core/paths.js';
import { loadPolicies } from '../../src/policy/load-policies.js';
import { sourcesTable, TABLE_END, TABLE_START, withSourcesTable } from '../../src/plan/sources-table.js';

const doc = packagePath('docs', 'sources.md');

describe('docs/sources.md', () => {
  it('holds the table generated from the policies (else run npm run docs:sources)', () => {
    const text = readFileSync(doc, 'utf8');
    const generated = withSourcesTable(text, sourcesTable(loadPolicies()));
    expect(text).toBe(generated);
  });

  it('the table has one row per check and follows a change of the policies', () => {
    const checks = loadPolicies();
    const table = sourcesTable(checks);
    for (const c of checks) expect(table).toContain(`| ${c.id} | ${c.level} |`);
    const moved = checks.map((c) => (c.id === 'MP-3.1.1' ? { ...c, requires: ['roster' as const] } : c));
    const row = (t: string) => t.split('\n').find((l) => l.startsWith('| MP-3.1.1 |'));
    expect(row(sourcesTable(moved))).toContain('**roster**: IAM tracker (--roster)');
    expect(row(sourcesTable(moved))).not.toBe(row(table));
  });

  it('marks checks only a person can decide, and refuses a file without markers', () => {
    const table = sourcesTable(loadPolicies());
    expect(table.split('\n').find((l) => l.startsWith('| MP-1.1.1 |'))).toContain('attestation (a person)');
    expect(table.split('\n').find((l) => l.startsWith('| MP-3.1.1 |'))).not.toContain('(a person)');
    expect(() => withSourcesTable('no markers', table)).toThrow(/markers/);
    expect(withSourcesTable(`a\n${TABLE_START}\nold\n${TABLE_END}\nb`, 'new')).toBe(`a\n${TABLE_START}\nnew\n${TABLE_END}\nb`);
  });
});
