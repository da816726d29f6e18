import { describe, expect, it } from '@jest/globals';
import { DEFAULT_NOW, generateOrg } from '../../src/bench/generate-org.js';
import { Random } from '../../src/bench/random.js';
import { compilePredicate } from '../../src/engine/compile-predicate.js';
import { withItem, type EvalContext } from '../../src/engine/context.js';
import { judge } from '../../src/engine/evaluate-rule.js';
import { createMemo } from '../../src/engine/memo.js';
import { resolvePath } from '../../src/engine/path.js';
import { evaluationRoot, requiredSlices, sliceUse } from '../../src/engine/slice-usability.js';
import type { Verdict } from '../../src/engine/truth.js';
import type { Check, Predicate, Rule } from '../../src/language/check.js';
import { loadPolicies } from '../../src/policy/load-policies.js';
import { caseState, DEFAULT_CASE_NOW } from '../../src/policy/run-cases.js';
import type { OrgState } from '../../src/state/org-state.js';
import fc from 'fast-check';
import { buildState, checkArb, damageSlices, fieldVocabulary, NOW, stateSpecArb } from './arbitraries.js';
import { evaluatePredicate } from './reference-oracle.js';

// The engine has one interpreter: a compiled pass that gives each item's truth and, for the items
// a result reports, the evidence that decided it, read off that same pass. Here it is held to a
// plain interpreter written from the language's definition (reference-oracle.ts): for every
// predicate of every policy, on every item it judges, the same truth and the same evidence.
const checks = loadPolicies();

interface Position {
  pred: Predicate;
  /** The collection whose items the predicate judges, or undefined for the state itself. */
  over?: string;
  as?: string;
}

function positions(rule: Rule): Position[] {
  if ('all' in rule) return rule.all.flatMap(positions);
  if ('each' in rule) return [...(rule.where ? [{ pred: rule.where, over: rule.each, as: rule.as }] : []), { pred: rule.assert, over: rule.each, as: rule.as }];
  if ('count' in rule) return rule.where ? [{ pred: rule.where, over: rule.count }] : [];
  if ('share' in rule) {
    const over = typeof rule.share === 'string' ? rule.share : rule.share.select;
    return [...(typeof rule.share === 'string' ? [] : [{ pred: rule.share.where, over }]), { pred: rule.where, over }];
  }
  return [{ pred: rule.assert }];
}

/** Alternative groups numbered in order of appearance: only which leaves share a group matters. */
function normal(v: Verdict): Verdict {
  const seen = new Map<number, number>();
  return {
    truth: v.truth,
    evidence: v.evidence.map((e) => {
      if (e.alternative === undefined) return e;
      if (!seen.has(e.alternative)) seen.set(e.alternative, seen.size + 1);
      return { ...e, alternative: seen.get(e.alternative)! };
    }),
  };
}

function contextFor(check: Check, state: OrgState, now: number, params: Record<string, unknown>, cached: boolean): EvalContext {
  const opts = { now, maxAttestationAge: 'P365D' };
  // The root evaluateCheck builds, with the marks of slices given but unusable (what `supplied` reads).
  const root = evaluationRoot(state, requiredSlices(check.requires).map((slice) => sliceUse(state, slice, opts)), opts);
  const all = { ...(check.params ?? {}), ...params } as EvalContext['params'];
  return { scope: { root, vars: {}, item: root }, now, params: all, ...(cached ? { memo: createMemo() } : {}) };
}

function compare(check: Check, state: OrgState, now: number, params: Record<string, unknown>, label: string): number {
  let compared = 0;
  for (const cached of [true, false]) {
    const ctx = contextFor(check, state, now, params, cached);
    for (const pos of positions(check.rule)) {
      const node = compilePredicate(pos.pred);
      const items = pos.over === undefined ? [undefined] : resolvePath(pos.over, ctx.scope);
      if (!Array.isArray(items)) continue;
      for (const item of items) {
        const itemCtx = pos.over === undefined ? ctx : withItem(ctx, item, pos.as);
        const engine = normal(judge(node, itemCtx));
        const oracle = normal(evaluatePredicate(pos.pred, itemCtx));
        if (JSON.stringify(engine) !== JSON.stringify(oracle)) expect([label, check.id, engine]).toEqual([label, check.id, oracle]);
        compared++;
      }
    }
  }
  return compared;
}

describe('the compiled interpreter agrees with the reference oracle', () => {
  it('on every policy case', () => {
    let n = 0;
    for (const check of checks) for (const c of check.cases) n += compare(check, caseState(check, c), Date.parse(c.now ?? DEFAULT_CASE_NOW), c.params ?? {}, c.name);
    expect(n).toBeGreaterThan(500);
  });

  // The grammar's every node (decideIf included) on random states: the same truth and evidence.
  it('on random checks from the grammar', () => {
    const vocab = fieldVocabulary(checks);
    let n = 0;
    fc.assert(
      fc.property(checkArb(vocab), stateSpecArb(vocab), ({ check }, spec) => {
        n += compare(check, buildState(spec), NOW, {}, 'generated');
      }),
      { seed: 20261202, numRuns: 150 },
    );
    expect(n).toBeGreaterThan(100);
  });

  it.each([[1, 0], [2, 0.05], [3, 0.15]])('on a generated organization (seed %i, damage rate %s)', (seed, rate) => {
    const state = generateOrg({ members: 150, seed, violationRate: 0.3 });
    if (rate > 0) {
      const rnd = new Random(seed * 17 + 3);
      damageSlices(state, rnd, rate);
    }
    let n = 0;
    for (const check of checks) n += compare(check, state, Date.parse(DEFAULT_NOW), {}, `seed ${seed}`);
    expect(n).toBeGreaterThan(1000);
  });
});
