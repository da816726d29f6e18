/**
 * fast-check arbitraries for the check engine: random organization states (valid or partial slices,
 * unreadable or stale ones, absent fields, nulls, wrong types) and random checks built from the
 * grammar of schemas/check.schema.json (docs/check-language.md).
 *
 * Field names come from the bundled policy pack, so random data and random checks meet on the
 * fields real checks read.
 */
import fc from 'fast-check';
import type { Check, OperatorMap, Predicate, Rule, ValueExpr } from '../../src/language/check.js';
import { ATTESTED_SLICES, SLICE_NAMES, type OrgState, type SliceName } from '../../src/state/org-state.js';
import type { Random } from '../../src/bench/random.js';

export const NOW = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;

export const ARRAY_SLICES: readonly SliceName[] = ['projects', 'members', 'teams', 'serviceAccounts', 'scimUsers', 'roster', 'lexicon', 'serviceAccountOwners'];

/** Every dotted path segment the policy pack names, plus a few it does not. */
export function fieldVocabulary(checks: Check[]): string[] {
  const names = new Set<string>(['email', 'id', 'name', 'status', 'created', 'missingField']);
  const visit = (v: unknown, key?: string) => {
    if (typeof v === 'string' && key && ['path', 'each', 'count', 'share', 'select', 'ref', 'pluck', 'distinct', 'id', 'name'].includes(key)) {
      for (const s of v.split('.')) if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) names.add(s);
    }
    if (Array.isArray(v)) v.forEach((x) => visit(x));
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        visit(x, k);
      }
    }
  };
  for (const c of checks) visit(c.rule);
  for (const slice of SLICE_NAMES) names.delete(slice);
  names.delete('$');
  return [...names].sort();
}

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

/** Leaf values: the kinds of thing the state holds, and a few it should not. */
export const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('owner', 'admin', 'member', 'analyst', 'consumer', 'active', 'invited', 'production', 'contractor', 'employee', ''),
  fc.constantFrom('a@acme.example', 'b@acme.example', 'c@contractor.example', 'A@Acme.Example', 'not-an-email', '<script>x</script>'),
  fc.integer({ min: -3 * 365, max: 3 * 365 }).map((d) => iso(NOW + d * DAY)),
  fc.constantFrom('not a date', '2026-02-30T00:00:00Z', 'P90D'),
  fc.integer({ min: -5, max: 100 }),
  fc.constantFrom(0.5, 1e9, -0, Number.MAX_SAFE_INTEGER),
  fc.boolean(),
  fc.constant(null),
);

/** An item of a collection: a record of vocabulary fields, some absent, some nested. */
export function itemArb(vocab: string[]): fc.Arbitrary<Record<string, unknown>> {
  const nested = fc.dictionary(fc.constantFrom(...vocab), leaf, { maxKeys: 4, noNullPrototype: true });
  const value = fc.oneof({ weight: 6, arbitrary: leaf }, { weight: 1, arbitrary: fc.array(leaf, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.array(nested, { maxLength: 3 }) }, { weight: 1, arbitrary: nested });
  return fc.dictionary(fc.constantFrom(...vocab), value, { maxKeys: 8, noNullPrototype: true });
}

export type Freshness = 'fresh' | 'expired' | 'future' | 'old' | 'unsigned';

export interface SliceSpec {
  status: 'ok' | 'missing' | 'forbidden' | 'error';
  freshness: Freshness;
  data: unknown;
  /** Data left out altogether (a partial slice). */
  noData: boolean;
}

function attestation(freshness: Freshness) {
  switch (freshness) {
    case 'fresh': return { attestedBy: 'ciso@acme.example', attestedAt: iso(NOW - 30 * DAY), evidence: 'https://tickets.example/1', expires: iso(NOW + 300 * DAY) };
    case 'expired': return { attestedBy: 'ciso@acme.example', attestedAt: iso(NOW - 400 * DAY), evidence: 'https://tickets.example/1', expires: iso(NOW - DAY) };
    case 'future': return { attestedBy: 'ciso@acme.example', attestedAt: iso(NOW + 10 * DAY), evidence: 'https://tickets.example/1', expires: iso(NOW + 300 * DAY) };
    case 'old': return { attestedBy: 'ciso@acme.example', attestedAt: iso(NOW - 500 * DAY), evidence: 'https://tickets.example/1', expires: iso(NOW + 300 * DAY) };
    case 'unsigned': return undefined;
  }
}

export function sliceArb(name: SliceName, vocab: string[]): fc.Arbitrary<SliceSpec> {
  const item = itemArb(vocab);
  const data: fc.Arbitrary<unknown> = name === 'auditLog'
    ? fc.record({ window: fc.constant({ start: iso(NOW - 90 * DAY), end: iso(NOW) }), events: fc.array(item, { maxLength: 6 }) }, { requiredKeys: [] })
    : ARRAY_SLICES.includes(name) ? fc.array(item, { maxLength: 6 }) : item;
  return fc.record({
    status: fc.constantFrom('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'missing', 'forbidden', 'error'),
    freshness: fc.constantFrom<Freshness>('fresh', 'fresh', 'fresh', 'fresh', 'fresh', 'expired', 'future', 'old', 'unsigned'),
    data,
    noData: fc.constantFrom(false, false, false, false, false, true),
  });
}

export type StateSpec = Partial<Record<SliceName, SliceSpec>>;

export function stateSpecArb(vocab: string[]): fc.Arbitrary<StateSpec> {
  const entries = Object.fromEntries(SLICE_NAMES.map((n) => [n, sliceArb(n, vocab)])) as Record<SliceName, fc.Arbitrary<SliceSpec>>;
  return fc.record(entries, { requiredKeys: [] }) as fc.Arbitrary<StateSpec>;
}

/** The state a spec describes, with provenance as collect writes it. */
export function buildState(spec: StateSpec): OrgState {
  const slices: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(spec) as [SliceName, SliceSpec][]) {
    const attested = ATTESTED_SLICES.includes(name);
    const a = attested ? attestation(s.freshness) : undefined;
    const provenance = { source: attested ? 'attestation' : 'api', collectedAt: iso(NOW - DAY), ...(a ? { attestation: a } : {}) };
    slices[name] = s.status === 'ok'
      ? { status: 'ok', provenance, ...(s.noData ? {} : { data: s.data }) }
      : { status: s.status, provenance, reason: `${name}: ${s.status} (property test)` };
  }
  return { schemaVersion: '1.1', generatedAt: iso(NOW - DAY), organization: { id: '1', name: 'Prop Co', region: 'US' }, slices } as unknown as OrgState;
}

/** Whether a slice is usable for evaluation, as the language documents it. */
export function unusableStatus(spec: StateSpec, slice: SliceName): 'manual' | 'error' | undefined {
  const s = spec[slice];
  if (!s || s.status === 'missing') return 'manual';
  if (s.status === 'forbidden' || s.status === 'error') return 'error';
  if (ATTESTED_SLICES.includes(slice) && s.freshness !== 'fresh') return 'manual';
  return undefined;
}

// ---- checks from the grammar

export const PARAMS = { n: 2, share: 0.5, age: 'P90D', roles: ['owner', 'admin'], flag: true } as const;

const DURATIONS = ['P1D', 'P30D', 'P90D', 'P1Y', 'PT24H', 'P2W'];
const REGEXES = ['\\S', '^[a-z]+@', 'example$', '^(owner|admin)$'];

export interface CheckGen {
  check: Check;
  /** Slices its paths read. */
  reads: SliceName[];
}

export function checkArb(vocab: string[], slices: readonly SliceName[] = SLICE_NAMES): fc.Arbitrary<CheckGen> {
  const field = fc.constantFrom(...vocab);
  const itemPath = fc.array(field, { minLength: 1, maxLength: 2 }).map((p) => p.join('.'));
  const slice = fc.constantFrom(...slices);
  const rootPath = fc.tuple(slice, fc.option(field, { nil: undefined })).map(([s, f]) => (f ? `$.${s}.${f}` : `$.${s}`));
  const collectionPath = slice.map((s) => (s === 'auditLog' ? '$.auditLog.events' : `$.${s}`));
  const duration = fc.oneof(fc.constantFrom(...DURATIONS), fc.constant({ param: 'age' }));
  const literal = fc.oneof(fc.constantFrom('owner', 'admin', 'active', 'a@acme.example', 'acme.example', ''), fc.integer({ min: -1, max: 5 }), fc.boolean(), fc.constant(null));

  // Recursion is bounded by a shared depth: past it, each oneof takes its first, non-recursive branch.
  const depth = { maxDepth: 3, depthIdentifier: 'check-grammar', withCrossShrink: true };
  const { predicate } = fc.letrec<{ predicate: Predicate; value: ValueExpr; operator: OperatorMap }>((tie) => {
    const value = () => tie('value') as fc.Arbitrary<ValueExpr>;
    const pred = () => tie('predicate') as fc.Arbitrary<Predicate>;
    const op = (name: string, arg: fc.Arbitrary<unknown>) => arg.map((v) => ({ [name]: v }) as OperatorMap);
    return {
      value: fc.oneof(
        depth,
        literal,
        fc.array(literal, { maxLength: 3 }),
        fc.constantFrom({ param: 'n' }, { param: 'share' }, { param: 'roles' }, { param: 'flag' }),
        fc.record({ ref: fc.oneof(itemPath, rootPath), plus: duration, minus: duration }, { requiredKeys: ['ref'] }),
        fc.record({ now: fc.constant(true as const), minus: duration, plus: duration }, { requiredKeys: ['now'] }),
        fc.record({ select: collectionPath, where: pred(), pluck: itemPath }, { requiredKeys: ['select'] }),
        fc.record({ count: collectionPath, where: pred(), distinct: itemPath }, { requiredKeys: ['count'] }),
      ) as fc.Arbitrary<ValueExpr>,
      operator: fc.oneof(
        depth,
        op('exists', fc.boolean()),
        op('olderThan', duration),
        op('newerThan', duration),
        op('matches', fc.constantFrom(...REGEXES)),
        op('domainIn', fc.constantFrom(['acme.example'], ['contractor.example', 'acme.example'])),
        op('size', fc.oneof(fc.record({ eq: fc.integer({ min: 0, max: 3 }) }), fc.record({ gte: fc.integer({ min: 0, max: 3 }) }))),
        ...['eq', 'ne', 'in', 'notIn', 'intersects', 'gt', 'gte', 'lt', 'lte', 'before', 'after'].map((name) => op(name, value())),
        ...['some', 'every', 'none'].map((name) => op(name, pred())),
      ) as fc.Arbitrary<OperatorMap>,
      predicate: fc.oneof(
        depth,
        fc.tuple(fc.oneof(itemPath, rootPath), tie('operator') as fc.Arbitrary<OperatorMap>).map(([path, ops]) => ({ path, ...ops }) as Predicate),
        fc.record({ all: fc.array(pred(), { minLength: 1, maxLength: 3 }) }),
        fc.record({ any: fc.array(pred(), { minLength: 1, maxLength: 3 }) }),
        fc.record({ not: pred() }),
        // Two-valued on absent data; the loader limits where it may stand (src/policy/supplied-placement.ts).
        fc.oneof(itemPath, rootPath).map((path) => ({ path, supplied: true }) as Predicate),
        fc.record({ decideIf: pred(), then: pred(), because: fc.constantFrom('the record begins after the limit', 'the source does not cover the period') }, { requiredKeys: ['decideIf', 'because'] }),
        fc.tuple(value(), tie('operator') as fc.Arbitrary<OperatorMap>).map(([v, ops]) => ({ value: v, ...ops }) as Predicate),
      ) as fc.Arbitrary<Predicate>,
    };
  });

  const resource = fc.record({ type: fc.constantFrom('member', 'service_account', 'project'), id: fc.oneof(itemPath, fc.array(itemPath, { minLength: 2, maxLength: 2 })), name: itemPath }, { requiredKeys: ['type', 'id'] });
  const bound = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant({ param: 'n' }), fc.constant({ count: '$.members' }));
  const { rule } = fc.letrec<{ rule: Rule }>((tie) => ({
    rule: fc.oneof(
      { maxDepth: 2, depthIdentifier: 'rules', withCrossShrink: true },
      fc.record({ assert: predicate }),
      fc.record({ each: collectionPath, as: fc.constant('it'), where: predicate, assert: predicate, resource }, { requiredKeys: ['each', 'assert', 'resource'] }),
      fc.record({ count: collectionPath, where: predicate, atMost: bound, atLeast: bound, resource }, { requiredKeys: ['count', 'resource'] })
        .filter((r) => 'atMost' in r || 'atLeast' in r),
      fc.record({ share: fc.oneof(collectionPath, fc.record({ select: collectionPath, where: predicate })), where: predicate, atMost: fc.oneof(fc.constant({ param: 'share' }), fc.constantFrom(0, 0.25, 1)), resource }, { requiredKeys: ['share', 'where', 'atMost', 'resource'] }),
      fc.record({ all: fc.array(tie('rule') as fc.Arbitrary<Rule>, { minLength: 2, maxLength: 3 }) }),
    ) as fc.Arbitrary<Rule>,
  }));

  return fc.tuple(rule, fc.boolean()).map(([r, useAnyOf]) => {
    const reads = slicesRead(r);
    const requires: Check['requires'] = reads.length === 0 ? ['members'] : useAnyOf && reads.length >= 2 ? [{ anyOf: reads.slice(0, 2) }, ...reads.slice(2)] : reads;
    const check: Check = {
      id: 'MP-9.9.9', title: 'A generated check', level: 'L1', severity: 'low', section: '9.9', source: 'guide',
      description: 'Generated from the grammar.', rationale: 'Property tests of the engine.', remediation: 'None needed here.',
      frameworks: { soc2: ['CC6.1'] }, requires, params: { ...PARAMS, roles: [...PARAMS.roles] }, rule: r,
      cases: [{ name: 'unused', state: {}, expect: 'pass' }, { name: 'unused too', state: {}, expect: 'fail' }],
    } as Check;
    return { check, reads: reads.length === 0 ? ['members'] : reads };
  });
}

/** Every slice a rule's `$.` paths read (docs/check-language.md: each must be in `requires`). */
export function slicesRead(rule: unknown): SliceName[] {
  const out = new Set<SliceName>();
  const note = (s: string) => {
    const m = /^\$\.([A-Za-z]+)/.exec(s);
    if (m && (SLICE_NAMES as readonly string[]).includes(m[1]!)) out.add(m[1] as SliceName);
  };
  const visit = (v: unknown) => {
    if (typeof v === 'string') note(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) { note(k); visit(x); }
  };
  visit(rule);
  return [...out].sort();
}

/**
 * Deletes fields, nulls them and swaps their types at random, so that verdicts become unknown and
 * join keys absent, null or of the wrong kind: the paths where a join must fall back or agree.
 */
export function damage(value: unknown, rnd: Random, rate: number): unknown {
  if (Array.isArray(value)) return value.map((v) => damage(v, rnd, rate));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const roll = rnd.next();
    if (roll < rate) continue;
    if (roll < rate * 1.5) out[k] = null;
    else if (roll < rate * 2) out[k] = typeof v === 'string' ? 0 : typeof v === 'number' ? String(v) : [v];
    else out[k] = damage(v, rnd, rate);
  }
  return out;
}

/** Damages the data of the named slices of `state` in place (every slice when none are named). */
export function damageSlices(state: OrgState, rnd: Random, rate: number, names?: readonly string[]): void {
  const slices = state.slices as Record<string, { data?: unknown } | undefined>;
  for (const name of names ?? Object.keys(slices)) {
    const slice = slices[name];
    if (slice?.data !== undefined) slice.data = damage(slice.data, rnd, rate);
  }
}
