/**
 * One table per operator of the check language: for each, rows that are true, false and unknown,
 * the unknown rows including a missing field and a value of the wrong type. Every operator here is
 * either used by a policy or part of the surface docs/check-language.md documents; the last test
 * keeps this table, the engine's operator set and the schema's in step.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { compilePredicate } from '../../src/engine/compile-predicate.js';
import type { EvalContext } from '../../src/engine/context.js';
import { judge } from '../../src/engine/evaluate-rule.js';
import { createMemo } from '../../src/engine/memo.js';
import { SCALAR_OPERATORS } from '../../src/engine/operators/index.js';
import type { Truth } from '../../src/engine/truth.js';
import { markWithheld } from '../../src/engine/withheld.js';
import type { Predicate } from '../../src/language/check.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const MISSING = Symbol('missing field');

type Row = [label: string, arg: unknown, observed: unknown, truth: Truth];

/** The truth of `{ path: x, <op>: arg }` for an item whose x is `observed` (absent for MISSING). */
function truthOf(op: string, arg: unknown, observed: unknown, root: Record<string, unknown> = {}): Truth {
  const item = observed === MISSING ? {} : { x: observed };
  const pred = { path: 'x', [op]: arg } as unknown as Predicate;
  for (const cached of [false, true]) {
    const ctx: EvalContext = { scope: { root, vars: {}, item }, now: NOW, params: { days: 'P30D', list: ['a', 'b'] }, ...(cached ? { memo: createMemo() } : {}) };
    const verdict = judge(compilePredicate(pred), ctx);
    // The evidence always says what was expected, whatever the truth.
    expect(verdict.evidence.length).toBeGreaterThan(0);
    expect(verdict.evidence.every((e) => typeof e.expected === 'string' && e.expected.length > 0)).toBe(true);
    if (!cached) continue;
    return verdict.truth;
  }
  throw new Error('unreachable');
}

const TABLES: Record<string, Row[]> = {
  exists: [
    ['a value is set', true, 'x', true],
    ['false is a value', true, false, true],
    ['null is not set', true, null, false],
    ['exists: false on null', false, null, true],
    ['exists: false on a value', false, 1, false],
    ['missing field', true, MISSING, 'unknown'],
  ],
  // Two-valued on absent data: the one operator whose missing-field row is false, not unknown
  // (its unknown rows are below: given but withheld, a path through a list).
  supplied: [
    ['a value is given', true, 'x', true],
    ['null is a value the source gave', true, null, true],
    ['false is a value the source gave', true, false, true],
    ['an empty list is a value the source gave', true, [], true],
    ['missing field: not supplied', true, MISSING, false],
  ],
  eq: [
    ['equal string', 'owner', 'owner', true],
    ['different string', 'owner', 'admin', false],
    ['deep-equal list', [1, 2], [1, 2], true],
    ['wrong type (number vs string)', 'owner', 5, false],
    ['argument from a param', { param: 'days' }, 'P30D', true],
    ['argument from an absent ref', { ref: 'nope' }, 'owner', 'unknown'],
    ['missing field', 'owner', MISSING, 'unknown'],
  ],
  ne: [
    ['different', 'production', 'staging', true],
    ['equal', 'production', 'production', false],
    ['null differs from a string', 'production', null, true],
    ['a number (wrong type) differs from a string', 'production', 5, true],
    ['missing field', 'production', MISSING, 'unknown'],
  ],
  in: [
    ['element', ['a', 'b'], 'a', true],
    ['not an element', ['a', 'b'], 'c', false],
    ['list from a param', { param: 'list' }, 'b', true],
    ['argument not a list (wrong type)', { param: 'days' }, 'a', 'unknown'],
    ['missing field', ['a'], MISSING, 'unknown'],
  ],
  notIn: [
    ['not an element', ['a', 'b'], 'c', true],
    ['element', ['a', 'b'], 'a', false],
    ['argument not a list (wrong type)', 'a', 'a', 'unknown'],
    ['missing field', ['a'], MISSING, 'unknown'],
  ],
  intersects: [
    ['shares an element', ['a', 'b'], ['z', 'b'], true],
    ['shares none', ['a', 'b'], ['y', 'z'], false],
    ['empty list shares none', ['a'], [], false],
    ['observed not a list (wrong type)', ['a'], 'a', 'unknown'],
    ['argument not a list (wrong type)', 'a', ['a'], 'unknown'],
    ['missing field', ['a'], MISSING, 'unknown'],
  ],
  gt: [
    ['greater', 2, 3, true],
    ['equal', 2, 2, false],
    ['string (wrong type)', 2, '3', 'unknown'],
    ['missing field', 2, MISSING, 'unknown'],
  ],
  gte: [
    ['equal', 2, 2, true],
    ['less', 2, 1, false],
    ['null (wrong type)', 2, null, 'unknown'],
    ['missing field', 2, MISSING, 'unknown'],
  ],
  lt: [
    ['less', 2, 1, true],
    ['equal', 2, 2, false],
    ['boolean (wrong type)', 2, true, 'unknown'],
    ['missing field', 2, MISSING, 'unknown'],
  ],
  lte: [
    ['equal', 2, 2, true],
    ['greater', 2, 3, false],
    ['list (wrong type)', 2, [1], 'unknown'],
    ['missing field', 2, MISSING, 'unknown'],
  ],
  olderThan: [
    ['older', 'P30D', '2026-04-01T00:00:00Z', true],
    ['recent', 'P30D', '2026-05-20T00:00:00Z', false],
    ['null: never happened, not older', 'P30D', null, false],
    ['duration from a param', { param: 'days' }, '2026-04-01T00:00:00Z', true],
    ['not a date (wrong type)', 'P30D', 'yesterday', 'unknown'],
    ['impossible date', 'P30D', '2026-02-30T00:00:00Z', 'unknown'],
    ['missing field', 'P30D', MISSING, 'unknown'],
  ],
  newerThan: [
    ['recent', 'P30D', '2026-05-20T00:00:00Z', true],
    ['exactly at the cutoff is recent', 'P30D', '2026-05-02T00:00:00Z', true],
    ['older', 'P30D', '2026-04-01T00:00:00Z', false],
    ['null: never happened, not recent', 'P30D', null, false],
    ['number (wrong type)', 'P30D', 20260520, 'unknown'],
    ['missing field', 'P30D', MISSING, 'unknown'],
  ],
  before: [
    ['earlier', '2026-05-01T00:00:00Z', '2026-04-01T00:00:00Z', true],
    ['same instant', '2026-05-01T00:00:00Z', '2026-05-01T00:00:00Z', false],
    ['argument now', { now: true }, '2026-04-01T00:00:00Z', true],
    ['null: no such date', '2026-05-01T00:00:00Z', null, false],
    ['not a date (wrong type)', '2026-05-01T00:00:00Z', 'soon', 'unknown'],
    ['missing field', '2026-05-01T00:00:00Z', MISSING, 'unknown'],
  ],
  after: [
    ['later', '2026-05-01T00:00:00Z', '2026-06-01T00:00:00Z', true],
    ['earlier', '2026-05-01T00:00:00Z', '2026-04-01T00:00:00Z', false],
    ['argument shifted by a duration', { now: true, minus: 'P60D' }, '2026-05-01T00:00:00Z', true],
    ['null: no such date', '2026-05-01T00:00:00Z', null, false],
    ['number (wrong type)', '2026-05-01T00:00:00Z', 5, 'unknown'],
    ['missing field', '2026-05-01T00:00:00Z', MISSING, 'unknown'],
  ],
  matches: [
    ['matches', '^etl[.-]', 'etl.sync', true],
    ['does not match', '^etl[.-]', 'sync', false],
    ['number (wrong type)', '^\\d+$', 5, 'unknown'],
    ['missing field', '^etl', MISSING, 'unknown'],
  ],
  domainIn: [
    ['domain listed (any case)', ['acme.example'], 'a@ACME.example', true],
    ['domain not listed', ['acme.example'], 'a@other.example', false],
    ['not an email', ['acme.example'], 'acme.example', false],
    ['number (wrong type)', ['acme.example'], 5, 'unknown'],
    ['argument not a list (wrong type)', 'acme.example', 'a@acme.example', 'unknown'],
    ['missing field', ['acme.example'], MISSING, 'unknown'],
  ],
  size: [
    ['length meets the operator', { eq: 1 }, ['a'], true],
    ['length does not', { gte: 2 }, ['a'], false],
    ['not a list (wrong type)', { eq: 1 }, 'a', 'unknown'],
    ['missing field', { eq: 1 }, MISSING, 'unknown'],
  ],
  some: [
    ['one element holds', { path: 'v', eq: 1 }, [{ v: 0 }, { v: 1 }], true],
    ['none holds', { path: 'v', eq: 1 }, [{ v: 0 }], false],
    ['empty list', { path: 'v', eq: 1 }, [], false],
    ['an element cannot be judged, none holds', { path: 'v', eq: 1 }, [{ v: 0 }, {}], 'unknown'],
    ['not a list (wrong type)', { path: 'v', eq: 1 }, { v: 1 }, 'unknown'],
    ['missing field', { path: 'v', eq: 1 }, MISSING, 'unknown'],
  ],
  every: [
    ['all hold', { path: 'v', eq: 1 }, [{ v: 1 }, { v: 1 }], true],
    ['empty list', { path: 'v', eq: 1 }, [], true],
    ['one fails', { path: 'v', eq: 1 }, [{ v: 1 }, { v: 0 }], false],
    ['one cannot be judged', { path: 'v', eq: 1 }, [{ v: 1 }, {}], 'unknown'],
    ['not a list (wrong type)', { path: 'v', eq: 1 }, 3, 'unknown'],
    ['missing field', { path: 'v', eq: 1 }, MISSING, 'unknown'],
  ],
  none: [
    ['none holds', { path: 'v', eq: 1 }, [{ v: 0 }], true],
    ['one holds', { path: 'v', eq: 1 }, [{ v: 0 }, { v: 1 }], false],
    ['one cannot be judged', { path: 'v', eq: 1 }, [{ v: 0 }, {}], 'unknown'],
    ['not a list (wrong type)', { path: 'v', eq: 1 }, 'x', 'unknown'],
    ['missing field', { path: 'v', eq: 1 }, MISSING, 'unknown'],
  ],
};

describe.each(Object.entries(TABLES).filter(([op]) => op !== 'supplied'))('operator %s', (op, rows) => {
  it('has true, false and unknown rows, a missing field and a wrong type among them', () => {
    const truths = new Set(rows.map((r) => r[3]));
    expect([...truths].sort()).toEqual([false, true, 'unknown'].sort());
    expect(rows.some((r) => r[2] === MISSING && r[3] === 'unknown')).toBe(true);
    if (op !== 'exists') expect(rows.some((r) => r[0].includes('wrong type') || r[0].includes('cannot be judged'))).toBe(true);
  });
  it.each(rows)('%s', (_label, arg, observed, truth) => {
    expect(truthOf(op, arg, observed)).toBe(truth);
  });
});

describe('operator supplied', () => {
  const rows = TABLES.supplied!;
  it('has true and false rows, and a missing field is false (not supplied), never true', () => {
    expect(new Set(rows.map((r) => r[3]))).toEqual(new Set([true, false]));
    expect(rows.filter((r) => r[2] === MISSING).map((r) => r[3])).toEqual([false]);
  });
  it.each(rows)('%s', (_label, arg, observed, truth) => {
    expect(truthOf('supplied', arg, observed)).toBe(truth);
  });

  const truth = (path: string, item: unknown, root: Record<string, unknown> = {}, vars: Record<string, unknown> = {}) =>
    judge(compilePredicate({ path, supplied: true } as Predicate), { scope: { root, vars, item }, now: NOW, params: {} });

  it.each([
    ['a nested field that is given', 'a.b', { a: { b: 1 } }, true],
    ['a nested field that is not', 'a.b', { a: { c: 1 } }, false],
    ['under a null: nothing under it was given', 'a.b', { a: null }, false],
    ['under a scalar: nothing under it was given', 'a.b', { a: 3 }, false],
    ['through a list: each element may or may not hold it', 'a.b', { a: [{ b: 1 }, {}] }, 'unknown'],
    ['through a list whose elements all hold it: still unknown (use every)', 'a.b', { a: [{ b: 1 }] }, 'unknown'],
  ] as [string, string, unknown, Truth][])('%s', (_label, path, item, want) => {
    expect(truth(path, item).truth).toBe(want);
  });

  it('a slice given but unusable (unreadable, stale) is unknown, one nobody supplied is false', () => {
    const root: Record<string, unknown> = { scim: { enabled: false } };
    markWithheld(root, ['scimUsers']);
    const given = truth('$.scimUsers', root, root);
    expect(given.truth).toBe('unknown');
    expect(given.evidence[0]!.because).toBe('scimUsers: its source gave it, but it cannot be used (unreadable or stale)');
    expect(truth('$.auditLog', root, root).truth).toBe(false);
    expect(truth('$.scim.enabled', root, root).truth).toBe(true);
  });

  it('a field held back as stale is unknown', () => {
    const project = { id: 'p' };
    markWithheld(project, ['environment']);
    expect(truth('environment', project).truth).toBe('unknown');
    expect(truth('sensitive', project).truth).toBe(false);
  });

  it('variables: a bound one is read, an unbound one is unknown', () => {
    expect(truth('$p.id', {}, {}, { p: { id: 1 } }).truth).toBe(true);
    expect(truth('$p.name', {}, {}, { p: { id: 1 } }).truth).toBe(false);
    expect(truth('$q.id', {}, {}, { p: { id: 1 } }).truth).toBe('unknown');
  });

  it('the evidence says what was seen: the value, its size, or that it was not supplied', () => {
    expect(truth('x', { x: 'a' }).evidence).toEqual([{ path: 'x', observed: 'a', expected: 'supplied by its source' }]);
    expect(truth('x', { x: [1, 2] }).evidence[0]!.observed).toBe('(supplied: a list of 2)');
    expect(truth('x', {}).evidence).toEqual([{ path: 'x', observed: '(not supplied)', expected: 'supplied by its source' }]);
  });

  it('only `supplied: true` on a path compiles', () => {
    expect(() => compilePredicate({ path: 'x', supplied: false } as unknown as Predicate)).toThrow(/takes only true/);
    expect(() => compilePredicate({ value: 1, supplied: true } as unknown as Predicate)).toThrow(/tests a path/);
  });
});

describe('selections with items that could not be judged (three-valued membership)', () => {
  const root = { projects: [{ id: 'p', env: 'production' }, { id: 's', env: 'staging' }, { id: 'u' }] };
  const prod = { select: '$.projects', where: { path: 'env', eq: 'production' }, pluck: 'id' };
  it.each([
    ['in: a definite member is in', 'in', 'p', true],
    ['in: a definite non-member is not', 'in', 's', false],
    ['in: a member only an unjudged item could be is unknown', 'in', 'u', 'unknown'],
    ['notIn: the negation', 'notIn', 'u', 'unknown'],
    ['notIn: a definite non-member', 'notIn', 's', true],
    ['intersects: a definite overlap is true while others are unknown', 'intersects', ['s', 'p'], true],
    ['intersects: only a possible overlap is unknown', 'intersects', ['s', 'u'], 'unknown'],
    ['intersects: no overlap at all is false', 'intersects', ['s'], false],
    ['eq cannot reason per item: unknown', 'eq', ['p'], 'unknown'],
  ] as [string, string, unknown, Truth][])('%s', (_label, op, observed, truth) => {
    expect(truthOf(op, prod, observed, root)).toBe(truth);
  });

  it('a count over unjudged items is unknown; a distinct count counts values once', () => {
    const count = (expr: unknown, item: unknown) => judge(compilePredicate({ value: expr, eq: 1 } as unknown as Predicate), { scope: { root, vars: {}, item }, now: NOW, params: {} }).truth;
    expect(count({ count: '$.projects', where: { path: 'env', eq: 'production' } }, {})).toBe('unknown');
    expect(count({ count: 'grants', distinct: 'projectId' }, { grants: [{ projectId: 'a' }, { projectId: 'a' }] })).toBe(true);
    expect(count({ count: 'grants', distinct: 'projectId' }, { grants: [{ projectId: 'a' }, { projectId: 'b' }] })).toBe(false);
    expect(count({ count: 'grants', distinct: 'projectId' }, { grants: [{ projectId: 'a' }, { role: 'x' }] })).toBe('unknown');
  });
});

it('the operator tables, the engine and the schema name the same operators', () => {
  const schema = JSON.parse(readFileSync('schemas/check.schema.json', 'utf8')) as { definitions: { test: { properties: Record<string, unknown> } } };
  const inSchema = Object.keys(schema.definitions.test.properties).filter((k) => k !== 'path' && k !== 'value').sort();
  const inEngine = [...Object.keys(SCALAR_OPERATORS), 'size', 'some', 'every', 'none', 'supplied'].sort();
  expect(inEngine).toEqual(inSchema);
  expect(Object.keys(TABLES).sort()).toEqual(inSchema);
  const docs = readFileSync('docs/check-language.md', 'utf8');
  for (const op of inSchema) expect([op, docs.includes(`\`${op}`)]).toEqual([op, true]);
});
