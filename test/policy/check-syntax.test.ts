import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { InputError } from '../../src/core/errors.js';
import { DEFAULT_POLICY_DIR, loadCheckFile } from '../../src/policy/load-policies.js';

// A check written in the language before its simplification is refused with the position of the
// old form and the new spelling, not with a schema message that names neither.
const base = readFileSync(join(DEFAULT_POLICY_DIR, 'MP-2.3.1.yaml'), 'utf8');

function withRule(rule: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'mph-syntax-'));
  const text = base.replace(/\nrule:\n[\s\S]*?\ncases:/, `\nrule:\n${rule}\ncases:`);
  const file = join(dir, 'MP-2.3.1.yaml');
  writeFileSync(file, text);
  try {
    loadCheckFile(file);
    return [];
  } catch (err) {
    return (err as InputError).problems.map((p) => `${p.line}:${p.column} ${p.message}`);
  }
}

const ruleLine = base.split('\n').indexOf('rule:') + 1;

describe('old check syntax', () => {
  it('a field map names its line and the path/operator spelling', () => {
    const problems = withRule('  count: $.members\n  where: { orgRole: { eq: owner } }\n  atMost: { param: maxOwners }\n  resource: { type: member, id: email }');
    expect(problems).toEqual([`${ruleLine + 2}:10 old check syntax: field maps are gone: write { path: orgRole, eq: ... }`]);
  });

  it('several fields or operators name the all-of-tests spelling', () => {
    const problems = withRule('  count: $.members\n  where: { orgRole: { in: [owner] }, status: { eq: active } }\n  atMost: { param: maxOwners }\n  resource: { type: member, id: email }');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${ruleLine + 2}:10 old check syntax: field maps are gone: write all: \\[\\{ path: orgRole, in: \\.\\.\\. \\}, \\.\\.\\.\\]`));
  });

  it('value/is, allOf, matching and contains each name their replacement', () => {
    const problems = withRule([
      '  allOf:',
      '    - assert: { value: { count: $.members }, is: { gte: 1 } }',
      '    - share: $.members',
      '      where: { path: status, eq: active }',
      '      matching: { path: orgRole, eq: owner }',
      '      atMost: 0.5',
      '      resource: { type: member, id: email }',
      '    - assert: { path: $.members, contains: x }',
    ].join('\n'));
    expect(problems).toEqual([
      `${ruleLine + 2}:5 old check syntax: \`allOf\` is now \`all\`: rule: { all: [rule, rule] }`,
      `${ruleLine + 2}:15 old check syntax: \`{ value: V, is: { op: A } }\` is now \`{ value: V, op: A }\` (one operator; several: all: [...])`,
      `${ruleLine + 5}:17 old check syntax: share \`matching: P\` is now \`where: P\`, and a population \`where\` moves into the collection: share: { select: C, where: <population> }`,
      `${ruleLine + 8}:44 old check syntax: \`contains: X\` is now \`intersects: [X]\``,
    ]);
  });

  it('the new spelling of the same rule loads', () => {
    expect(withRule('  count: $.members\n  where: { all: [{ path: orgRole, in: [owner] }, { path: status, eq: active }] }\n  atMost: { param: maxOwners }\n  resource: { type: member, id: email }')).toEqual([]);
  });

  it('a test with two operators is refused with its position and the all-of-tests spelling', () => {
    const problems = withRule('  count: $.members\n  where: { path: orgRole, eq: owner, ne: admin }\n  atMost: { param: maxOwners }\n  resource: { type: member, id: email }');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^\d+:\d+ old check syntax: one operator per test: write all: \[\{ path: orgRole, eq: \.\.\. \}, \{ path: orgRole, ne: \.\.\. \}\]/);
  });
});
