/**
 * Property-based tests of the check engine (fast-check, seeded and bounded): for random states
 * (valid, partial, unreadable, stale slices; absent fields; nulls; wrong types) and random valid
 * checks generated from the check grammar, as well as every check of the bundled pack,
 *   - no data makes the engine throw (it would surface as `error` "Evaluation failed");
 *   - evaluation never throws and yields one of pass/fail/manual/not_applicable/error;
 *   - it is deterministic (the same inputs give deep-equal outcomes) and does not mutate the state;
 *   - a check whose required slice is missing, unreadable or stale never yields pass (nor fail).
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { evaluateCheck } from '../../src/engine/evaluate-check.js';
import { validator } from '../../src/core/schema-validator.js';
import type { Check } from '../../src/language/check.js';
import { loadPolicyPack } from '../../src/policy/policy-pack.js';
import { requiredSlices } from '../../src/engine/slice-usability.js';
import { buildState, checkArb, fieldVocabulary, NOW, stateSpecArb, unusableStatus, type StateSpec } from './arbitraries.js';

const SEED = 20260601;
const STATUSES = ['pass', 'fail', 'manual', 'not_applicable', 'error'];
const OPTS = { now: NOW, maxAttestationAge: 'P365D' };

// The bundled checks as loadPolicies() returns them (precompiled by the build; the loader when stale).
const pack = loadPolicyPack().checks;
const vocab = fieldVocabulary(pack);
const validCheck = validator('check');

function evaluateTwice(check: Check, spec: StateSpec) {
  const state = buildState(spec);
  const before = structuredClone(state);
  const first = evaluateCheck(check, state, OPTS);
  // A JSON copy, not structuredClone: under jest that makes its arrays in another realm, whose
  // prototypes isDeepStrictEqual (the `eq` operator) tells apart from the policy's own.
  const second = evaluateCheck(JSON.parse(JSON.stringify(check)) as Check, buildState(spec), OPTS);
  return { state, before, first, second };
}

/** What the language promises when required slices are unusable: `error` if any is unreadable, else `manual`. */
function blockedStatus(check: Check, spec: StateSpec): 'manual' | 'error' | undefined {
  const blocking: ('manual' | 'error')[] = [];
  for (const req of check.requires) {
    if (typeof req === 'string') {
      const u = unusableStatus(spec, req);
      if (u) blocking.push(u);
    } else if ('anyOf' in req) {
      const all = req.anyOf.map((s) => unusableStatus(spec, s));
      if (all.every((u) => u !== undefined)) blocking.push(...(all as ('manual' | 'error')[]));
    }
  }
  if (blocking.length === 0) return undefined;
  return blocking.includes('error') ? 'error' : 'manual';
}

describe('the check engine, for random states', () => {
  it('every check of the bundled pack: one of the five statuses, deterministic, state untouched, fail-closed', () => {
    fc.assert(
      fc.property(stateSpecArb(vocab), (spec) => {
        const state = buildState(spec);
        const twin = buildState(spec);
        const before = JSON.stringify(state);
        for (const check of pack) {
          const first = evaluateCheck(check, state, OPTS);
          const second = evaluateCheck(check, twin, OPTS);
          if (!STATUSES.includes(first.status)) throw new Error(`${check.id}: status ${first.status}`);
          // An exception inside the engine becomes `error` "Evaluation failed": data of any shape must not cause one.
          if (first.message.startsWith('Evaluation failed')) throw new Error(`${check.id}: ${first.message}`);
          if (!isDeepStrictEqual(first, second)) expect(second).toEqual(first);
          const blocked = blockedStatus(check, spec);
          if (blocked && first.status !== blocked) expect({ id: check.id, status: first.status }).toEqual({ id: check.id, status: blocked });
        }
        expect(JSON.stringify(state)).toBe(before);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('a required slice that is missing, forbidden, failed or stale never yields pass: each check, each slice', () => {
    const statuses = fc.constantFrom<'missing' | 'forbidden' | 'error' | 'absent' | 'expired' | 'future' | 'old'>('missing', 'forbidden', 'error', 'absent', 'expired', 'future', 'old');
    fc.assert(
      fc.property(stateSpecArb(vocab), fc.nat(), statuses, (spec, pick, how) => {
        const check = pack[pick % pack.length]!;
        const slices = requiredSlices(check.requires);
        // Break every slice the check could use, so that no anyOf alternative remains.
        const broken: StateSpec = { ...spec };
        for (const s of slices) {
          if (how === 'absent') delete broken[s];
          else if (how === 'expired' || how === 'future' || how === 'old') {
            broken[s] = { status: 'ok', freshness: how, data: spec[s]?.data ?? [], noData: false };
            if (!['sso', 'twoFactor', 'idpMfa', 'accessRequests', 'scim', 'projectSecrets', 'accessReview', 'adminMonitoring', 'auditLogReview', 'dataGovernance', 'serviceAccountOwners'].includes(s)) delete broken[s];
          } else broken[s] = { status: how, freshness: 'fresh', data: undefined, noData: true };
        }
        const outcome = evaluateCheck(check, buildState(broken), OPTS);
        expect(outcome.status).not.toBe('pass');
        expect(outcome.status).not.toBe('fail');
        expect(outcome.status).toBe(how === 'forbidden' || how === 'error' ? 'error' : 'manual');
      }),
      { seed: SEED + 1, numRuns: 400 },
    );
  });
});

describe('the check engine, for random valid checks from the grammar', () => {
  it('generated checks are valid against schemas/check.schema.json', () => {
    fc.assert(
      fc.property(checkArb(vocab), ({ check }) => {
        const rule = JSON.stringify(check.rule);
        if (!validCheck(check)) throw new Error(`generator produced an invalid check: ${JSON.stringify(validCheck.errors?.slice(0, 3))}\n${rule}`);
      }),
      { seed: SEED + 2, numRuns: 300 },
    );
  });

  it('never throw, yield one of the five statuses, are deterministic and leave the state untouched', () => {
    fc.assert(
      fc.property(checkArb(vocab), stateSpecArb(vocab), ({ check }, spec) => {
        const { state, before, first, second } = evaluateTwice(check, spec);
        expect(STATUSES).toContain(first.status);
        expect(first.message).not.toMatch(/^Evaluation failed/);
        if (!isDeepStrictEqual(first, second)) expect(second).toEqual(first);
        if (!isDeepStrictEqual(state, before)) expect(state).toEqual(before);
      }),
      { seed: SEED + 3, numRuns: 400 },
    );
  });

  it('with a required slice missing, unreadable or stale, never pass and never fail', () => {
    fc.assert(
      fc.property(checkArb(vocab), stateSpecArb(vocab), ({ check }, spec) => {
        const blocked = blockedStatus(check, spec);
        fc.pre(blocked !== undefined);
        const outcome = evaluateCheck(check, buildState(spec), OPTS);
        expect(outcome.status).toBe(blocked);
      }),
      { seed: SEED + 4, numRuns: 300 },
    );
  });
});

describe('engine defects this property found (kept as regressions)', () => {
  const base = pack.find((c) => c.id === 'MP-2.3.1')!;
  const owners = buildState({
    members: { status: 'ok', freshness: 'fresh', noData: false, data: [
      { email: 'a@acme.example', orgRole: 'owner', status: 'active' },
      { email: 'b@acme.example', orgRole: 'owner', status: 'active' },
      { email: 'c@acme.example', orgRole: 'owner', status: 'active' },
      { email: 'd@acme.example', orgRole: 'owner', status: 'active' },
    ] },
  });

  // Found by this property: `count` with `atMost: { ref: $.members.maxOwners }` (a field no member
  // has) used to drop the bound and pass four owners. An undeterminable bound now gives `manual`.
  it('a count whose bound cannot be determined is never pass', () => {
    fc.assert(
      fc.property(fc.constantFrom<unknown>({ ref: '$.members.maxOwners' }, { param: 'label' }, 'three', null, true), (bound) => {
        const check = { ...base, params: { ...base.params, label: 'three' }, rule: { ...base.rule, atMost: bound } } as Check;
        expect(validCheck(check)).toBe(true);
        expect(evaluateCheck(check, owners, OPTS).status).not.toBe('pass');
      }),
      { seed: SEED + 6, numRuns: 20 },
    );
  });
});
