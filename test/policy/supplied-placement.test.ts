import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { InputError } from '../../src/core/errors.js';
import type { StructuredFile } from '../../src/core/structured-file.js';
import { evaluateCheck } from '../../src/engine/evaluate-check.js';
import type { Check, Rule } from '../../src/language/check.js';
import { DEFAULT_POLICY_DIR, loadCheckFile, loadPolicies } from '../../src/policy/load-policies.js';
import { suppliedPlacementProblems } from '../../src/policy/supplied-placement.js';
import { buildState, checkArb, fieldVocabulary, NOW, stateSpecArb } from '../engine/arbitraries.js';

// `{ path: X, supplied: true }` is false where X is absent, which every other test leaves unknown.
// The loader accepts it only where that falseness can move a result toward fail, and refuses every
// other placement with its position and the reason (docs/check-language.md).
const base = readFileSync(join(DEFAULT_POLICY_DIR, 'MP-2.3.1.yaml'), 'utf8');
const ruleLine = base.split('\n').indexOf('rule:') + 1;

function withRule(rule: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'mph-supplied-'));
  const file = join(dir, 'MP-2.3.1.yaml');
  writeFileSync(file, base.replace(/\nrule:\n[\s\S]*?\ncases:/, `\nrule:\n${rule}\ncases:`));
  try {
    loadCheckFile(file);
    return [];
  } catch (err) {
    return (err as InputError).problems.map((p) => `${p.line}:${p.column} ${p.message}`);
  }
}

const COUNT_TAIL = '  atMost: { param: maxOwners }\n  resource: { type: member, id: email }';

describe('supplied: placements refused at load, with file:line:col', () => {
  it('under one `not`', () => {
    const problems = withRule('  assert:\n    not:\n      path: $.members\n      supplied: true');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${ruleLine + 4}:17 \`supplied\` is not allowed under an odd number of \`not\`s`));
  });

  it('in `none` (a `not` of `some`), and in `every` under a `not`', () => {
    expect(withRule('  assert:\n    path: $.members\n    none: { path: email, supplied: true }')).toEqual([
      expect.stringMatching(new RegExp(`^${ruleLine + 3}:36 \`supplied\` is not allowed under an odd number of \`not\`s`)) as unknown as string,
    ]);
    expect(withRule('  assert:\n    not: { path: $.members, every: { path: email, supplied: true } }')).toHaveLength(1);
  });

  it('in the `where` of an `each`, where false would skip an item that is otherwise unknown', () => {
    const problems = withRule('  each: $.members\n  where: { path: orgRole, supplied: true }\n  assert: { path: status, eq: active }\n  resource: { type: member, id: email }');
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${ruleLine + 2}:37 \`supplied\` is not allowed in the \`where\` of an \`each\``)) as unknown as string]);
  });

  it('in the `where` of a `count` with `atMost`, and of one with both bounds', () => {
    expect(withRule(`  count: $.members\n  where: { path: orgRole, supplied: true }\n${COUNT_TAIL}`)[0]).toMatch(/odd number of `not`s/);
    expect(withRule(`  count: $.members\n  where: { path: orgRole, supplied: true }\n${COUNT_TAIL}\n  atLeast: 1`)[0]).toMatch(/with both bounds/);
  });

  it('in a share: its population, and its `where` (more matching helps it fail)', () => {
    const share = (population: string, where: string) => withRule(`  share: { select: $.members, where: ${population} }\n  where: ${where}\n  atMost: 0.5\n  resource: { type: member, id: email }`);
    expect(share('{ path: status, supplied: true }', '{ path: orgRole, eq: owner }')[0]).toMatch(/in the population of a `share`/);
    expect(share('{ path: status, eq: active }', '{ path: orgRole, supplied: true }')[0]).toMatch(/odd number of `not`s/);
    expect(share('{ path: status, eq: active }', '{ not: { path: orgRole, supplied: true } }')).toEqual([]);
  });

  it('inside a computed value', () => {
    const problems = withRule('  assert:\n    value: { count: $.members, where: { path: orgRole, supplied: true } }\n    gte: 1');
    expect(problems[0]).toMatch(new RegExp(`^${ruleLine + 2}:\\d+ \`supplied\` is not allowed inside a computed value`));
  });

  it('`supplied: false`, and `supplied` on a computed value', () => {
    expect(withRule('  assert: { path: $.members, supplied: false }')[0]).toMatch(new RegExp(`^${ruleLine + 1}:\\d+ \`supplied\` takes only \`true\``));
    expect(withRule('  assert: { value: { count: $.members }, supplied: true }')[0]).toMatch(/`supplied` tests a path/);
  });

  it('a `decideIf` condition starts positive again: accepted as is, refused under a `not` within it', () => {
    const decide = (condition: string) => withRule(`  assert:\n    not:\n      decideIf: ${condition}\n      then: { path: $.members, size: { gte: 1 } }\n      because: the member list was not supplied`);
    expect(decide('{ path: $.members, supplied: true }')).toEqual([]);
    expect(decide('{ not: { path: $.members, supplied: true } }')[0]).toMatch(/odd number of `not`s/);
  });

  it('accepted where it can only push toward fail', () => {
    expect(withRule('  assert:\n    any:\n      - { path: $.members, size: { gte: 1 } }\n      - all: [{ path: $.members, supplied: true }, { path: $.members, some: { path: email, supplied: true } }]')).toEqual([]);
    expect(withRule('  assert: { not: { not: { path: $.members, supplied: true } } }')).toEqual([]);
    expect(withRule('  assert: { path: $.members, none: { not: { path: email, supplied: true } } }')).toEqual([]);
    expect(withRule('  count: $.members\n  where: { path: email, supplied: true }\n  atLeast: 1\n  resource: { type: member, id: email }')).toEqual([]);
  });
});

// The promise itself, on random checks and states: wherever the loader accepts `supplied`, the
// result is never nearer to pass than the same check with the test unknown where X is absent
// (`ne` a value no state holds: true where X is present, unknown where absent). Where the loader
// refuses it, random states find results that are nearer to pass: the refusals are not idle.
const RANK: Record<string, number> = { fail: 0, manual: 1, pass: 2, not_applicable: 2, error: -1 };
const NEVER = '\u0000 a value no state holds';

function threeValued(rule: unknown): unknown {
  if (Array.isArray(rule)) return rule.map(threeValued);
  if (rule === null || typeof rule !== 'object') return rule;
  const o = rule as Record<string, unknown>;
  if (o.supplied === true && typeof o.path === 'string') return { path: o.path, ne: NEVER };
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, threeValued(v)]));
}

function accepted(check: Check): boolean {
  const source: StructuredFile = { file: 'generated.yaml', data: check, locate: () => undefined };
  return suppliedPlacementProblems(source).length === 0;
}

const vocab = fieldVocabulary(loadPolicies());
const OPTS = { now: NOW, maxAttestationAge: 'P365D' };
const withSupplied = checkArb(vocab).filter(({ check }) => JSON.stringify(check.rule).includes('"supplied"'));

function nearerToPass(check: Check, spec: Parameters<typeof buildState>[0]): boolean {
  const twoValued = evaluateCheck(JSON.parse(JSON.stringify(check)) as Check, buildState(spec), OPTS).status;
  const reference = evaluateCheck({ ...check, rule: threeValued(check.rule) as Rule }, buildState(spec), OPTS).status;
  if (twoValued === 'error' || reference === 'error') expect(twoValued).toBe(reference);
  return RANK[twoValued]! > RANK[reference]!;
}

describe('supplied moves results only toward fail where the loader accepts it', () => {
  it('on random checks and states', () => {
    let compared = 0;
    fc.assert(
      fc.property(withSupplied.filter(({ check }) => accepted(check)), stateSpecArb(vocab), ({ check }, spec) => {
        compared++;
        expect(nearerToPass(check, spec)).toBe(false);
      }),
      { seed: 20261201, numRuns: 400 },
    );
    expect(compared).toBe(400);
  });

  it('the placements it refuses do let missing data move results toward pass', () => {
    const found = fc.check(
      fc.property(withSupplied.filter(({ check }) => !accepted(check)), stateSpecArb(vocab), ({ check }, spec) => !nearerToPass(check, spec)),
      { seed: 20261201, numRuns: 2000 },
    );
    expect(found.failed).toBe(true);
  });
});
