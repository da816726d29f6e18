import type { AllRule, Predicate, ValueExpr, AssertRule, CountRule, EachRule, ResourceSpec, Rule, ShareRule } from '../language/check.js';
import { compilePredicate, compileValue } from './compile-predicate.js';
import { withItem, type EvalContext, type ExemptMatch } from './context.js';
import { abbreviated, percent, plural } from './describe.js';
import type { PredNode, ValueFn } from './node.js';
import { resolvePath } from './path.js';
import type { ExemptedResource, ResourceFinding, RuleOutcome } from './result.js';
import type { Evidence, Truth, Verdict } from './truth.js';
import { howToSupplyPath, sliceNamed } from './supply-hints.js';
import type { SliceName } from '../state/org-state.js';

// A rule's predicates are compiled once per policy object (never mutated after loading); a
// WeakMap lets an unloaded policy go with its compiled form.
const compiled = new WeakMap<object, PredNode>();

function nodeOf(pred: Predicate): PredNode {
  let node = compiled.get(pred);
  if (!node) {
    node = compilePredicate(pred);
    compiled.set(pred, node);
  }
  return node;
}

/** The truth of a node in `ctx` and the evidence that decided it, read off the same evaluation. */
export function judge(node: PredNode, ctx: EvalContext): Verdict {
  const truth = node.truth(ctx);
  return { truth, evidence: node.explain() };
}

/** The explanation of the truth the node just gave, as a verdict. */
function explained(node: PredNode, truth: Truth): Verdict {
  return { truth, evidence: node.explain() };
}

function observedOf(evidence: Evidence[]): unknown {
  if (evidence.length === 1) return abbreviated(evidence[0]!.observed ?? null, evidence[0]!.path);
  const out: Record<string, unknown> = {};
  for (const e of evidence) out[e.path] = abbreviated(e.observed ?? null, e.path);
  return out;
}

function expectedOf(evidence: Evidence[]): string {
  if (evidence.length === 1) return evidence[0]!.because ?? evidence[0]!.expected;
  // Leaves of one `or` (see truth.ts) are joined by "or"; everything else by "; " (all must hold).
  // The leaves of a `decideIf` condition that does not hold read as its reason, once.
  let out = '';
  evidence.forEach((e, i) => {
    const prev = evidence[i - 1];
    if (e.because !== undefined && prev?.because === e.because) return;
    if (i > 0) out += e.alternative !== undefined && prev?.alternative === e.alternative && e.because === undefined ? ' or ' : '; ';
    out += e.because ?? `${e.path} ${e.expected}`;
  });
  return out;
}

/**
 * A resource's id: the value at its path, or the values at several paths joined by `/` (a composite
 * id: a property is a project's property). Undefined when a part is absent or null.
 */
function resourceId(spec: ResourceSpec, scope: EvalContext['scope']): string | undefined {
  const parts = (typeof spec.id === 'string' ? [spec.id] : spec.id).map((p) => resolvePath(p, scope));
  if (parts.some((p) => p === undefined || p === null)) return undefined;
  return parts.map((p) => String(p)).join('/');
}

function finding(spec: ResourceSpec, item: unknown, ctx: EvalContext, status: ResourceFinding['status'], verdict: Verdict): ResourceFinding {
  const scope = withItem(ctx, item).scope;
  const id = resourceId(spec, scope);
  const name = spec.name ? resolvePath(spec.name, scope) : undefined;
  return {
    type: spec.type,
    id: id ?? '(unknown)',
    ...(name === undefined || name === null ? {} : { name: String(name) }),
    status,
    observed: observedOf(verdict.evidence),
    expected: expectedOf(verdict.evidence),
  };
}

/**
 * Why items could not be judged: the paths whose data is absent, and the reasons `decideIf`
 * conditions give (the policy's words, which name what is missing better than a path would);
 * then, where a person can remedy an absent field, how (src/engine/supply-hints.ts).
 */
function unknownReasons(verdicts: Verdict[], itemSlice?: SliceName): { reasons: string; remedy: string } {
  const evidence = verdicts.flatMap((v) => v.evidence);
  const unexplained = evidence.filter((e) => e.because === undefined);
  // A value that is there but could not be compared (a set some of whose items are undecided) is not absent.
  const absent = [...new Set(unexplained.filter((e) => e.observed === undefined).map((e) => e.path))].slice(0, 5);
  const undetermined = [...new Set(unexplained.filter((e) => e.observed !== undefined).map((e) => e.path))].filter((p) => !absent.includes(p)).slice(0, 5);
  const reasons = [...new Set(evidence.flatMap((e) => (e.because === undefined ? [] : [e.because])))].slice(0, 3);
  const remedies = [...new Set(absent.flatMap((p) => howToSupplyPath(p, itemSlice) ?? []))];
  return {
    reasons: [
      ...(absent.length > 0 ? [`${absent.join(', ')} absent`] : []),
      ...(undetermined.length > 0 ? [`${undetermined.join(', ')} could not be determined`] : []),
      ...reasons,
    ].join('; '),
    remedy: remedies.length > 0 ? ` To decide: ${remedies.join('; ')}.` : '',
  };
}

/** ` (why).` and how to remedy it, after a sentence that says how many could not be judged. */
function undecided(verdicts: Verdict[], itemSlice: SliceName | undefined): string {
  const { reasons, remedy } = unknownReasons(verdicts, itemSlice);
  return `${reasons === '' ? '' : ` (${reasons})`}.${remedy}`;
}

/** The slice whose items a rule walks (`$.members` -> members), for the remedies of its fields. */
function itemSliceOf(path: string): SliceName | undefined {
  return sliceNamed(/^\$\.([A-Za-z_]\w*)$/.exec(path)?.[1]);
}

function evaluateAssert(rule: AssertRule, ctx: EvalContext): RuleOutcome {
  const v = judge(nodeOf(rule.assert), ctx);
  const resources: ResourceFinding[] = v.truth === true ? [] : v.evidence.map((e) => ({
    type: 'setting', id: e.path.replace(/^\$\./, ''), status: v.truth === false ? 'fail' : 'manual',
    observed: abbreviated(e.observed ?? null, e.path), expected: e.because ?? e.expected,
  }));
  if (v.truth === true) return { status: 'pass', message: `Met: ${describeLeaves(v.evidence)}.`, resources };
  if (v.truth === false) return { status: 'fail', message: `Not met: ${describeLeaves(v.evidence)}.`, resources };
  const { reasons, remedy } = unknownReasons([v]);
  return { status: 'manual', message: `Could not be determined from the data: ${reasons}.${remedy}`, resources };
}

/** The leaves that decided, each quoted short: a whole slice (100k SCIM users) must not become the message. */
function describeLeaves(evidence: Evidence[]): string {
  return evidence.map((e) => `${e.path.replace(/^\$\./, '')} is ${quoted(abbreviated(e.observed ?? null, e.path))}, expected ${e.expected}`).join('; ');
}

const MESSAGE_VALUE_CHARS = 200;

function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  // The cut never splits a surrogate pair.
  return text.length <= MESSAGE_VALUE_CHARS ? text : `${text.slice(0, MESSAGE_VALUE_CHARS).replace(/[\uD800-\uDBFF]$/, '')}... (${text.length} characters)`;
}

function collection(path: string, ctx: EvalContext): unknown[] | undefined {
  const items = resolvePath(path, ctx.scope);
  return Array.isArray(items) ? items : undefined;
}

function absent(path: string): RuleOutcome {
  return { status: 'manual', message: `No data at ${path.replace(/^\$\./, '')}: the collection could not be read.`, resources: [] };
}

function evaluateEach(rule: EachRule, ctx: EvalContext): RuleOutcome {
  const items = collection(rule.each, ctx);
  if (!items) return absent(rule.each);
  const failed: ResourceFinding[] = [];
  const unknown: ResourceFinding[] = [];
  const unknownVerdicts: Verdict[] = [];
  const exempted: ExemptedResource[] = [];
  let judged = 0;
  const where = rule.where ? nodeOf(rule.where) : undefined;
  const assert = nodeOf(rule.assert);
  const exempt = ctx.exempt?.filter((e) => e.type === rule.resource.type);
  for (const item of items) {
    if (exempt && exempt.length > 0) {
      const match = exemptionOf(rule.resource, item, ctx, exempt);
      if (match) {
        exempted.push(match);
        continue;
      }
    }
    const itemCtx = withItem(ctx, item, rule.as);
    // One evaluation per predicate and item; the evidence is read off it only for reported items.
    if (where) {
      const applies = where.truth(itemCtx);
      if (applies === false) continue;
      if (applies === 'unknown') {
        const verdict = explained(where, applies);
        unknown.push(finding(rule.resource, item, ctx, 'manual', verdict));
        unknownVerdicts.push(verdict);
        judged++;
        continue;
      }
    }
    judged++;
    const truth = assert.truth(itemCtx);
    if (truth === true) continue;
    const v = explained(assert, truth);
    if (v.truth === false) failed.push(finding(rule.resource, item, ctx, 'fail', v));
    else if (v.truth === 'unknown') {
      unknown.push(finding(rule.resource, item, ctx, 'manual', v));
      unknownVerdicts.push(v);
    }
  }
  const what = (n: number) => plural(rule.resource.type, n);
  const ex = exempted.length > 0 ? { exempted } : {};
  if (judged === 0) return { status: 'not_applicable', message: `No ${what(2).replace(/^2 /, '')} to judge.`, resources: [], judged, ...ex };
  if (failed.length > 0) {
    const extra = unknown.length > 0 ? `; ${unknown.length} more could not be judged` : '';
    return { status: 'fail', message: `${failed.length} of ${what(judged)} fail${extra}.`, resources: [...failed, ...unknown], judged, ...ex };
  }
  if (unknown.length > 0) {
    return { status: 'manual', message: `${unknown.length} of ${what(judged)} could not be judged${undecided(unknownVerdicts, itemSliceOf(rule.each))}`, resources: unknown, judged, ...ex };
  }
  return { status: 'pass', message: judged === 1 ? `The only ${what(1).slice(2)} meets the requirement.` : `All ${what(judged)} meet the requirement.`, resources: [], judged, ...ex };
}

/** The exemption that names this item (by its resource id), if any. */
function exemptionOf(spec: ResourceSpec, item: unknown, ctx: EvalContext, exempt: ExemptMatch[]): ExemptedResource | undefined {
  const scope = withItem(ctx, item).scope;
  // A composite id never names the scanner's service account: only a single id is matched.
  const id = typeof spec.id === 'string' ? resolvePath(spec.id, scope) : undefined;
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  const match = exempt.find((e) => e.id === String(id));
  if (!match) return undefined;
  const name = spec.name ? resolvePath(spec.name, scope) : undefined;
  return { type: spec.type, id: String(id), ...(typeof name === 'string' && name !== String(id) ? { name } : {}), reason: match.reason };
}

const compiledBounds = new WeakMap<object, ValueFn>();

function bound(expr: ValueExpr, ctx: EvalContext): number | undefined {
  let v: unknown = expr;
  if (expr !== null && typeof expr === 'object' && !Array.isArray(expr)) {
    let get = compiledBounds.get(expr);
    if (!get) {
      const c = compileValue(expr, compilePredicate);
      get = c.literal ? () => c.value : c.get;
      compiledBounds.set(expr, get);
    }
    v = get(ctx);
  }
  return typeof v === 'number' ? v : undefined;
}

/**
 * Items split by a predicate into matching, not matching and undeterminable. The evidence of an
 * item that may be reported (matching or undeterminable, as `report` asks) is read off its one
 * evaluation and kept with it: a count that passes reports none, but the verdict of an item cannot
 * be read back once the next item has been judged.
 */
function partition(items: unknown[], pred: Predicate | undefined, rule: { resource: ResourceSpec }, ctx: EvalContext, report: 'matched' | 'unknown') {
  const matched: unknown[] = [];
  const unknown: unknown[] = [];
  const verdicts = new Map<unknown, Verdict>();
  const node = pred ? nodeOf(pred) : undefined;
  for (const item of items) {
    if (!node) {
      matched.push(item);
      continue;
    }
    const t = node.truth(withItem(ctx, item));
    if (t === true) matched.push(item);
    else if (t === 'unknown') unknown.push(item);
    if (t === 'unknown' || (t === true && report === 'matched')) verdicts.set(item, explained(node, t));
  }
  const none: Verdict = { truth: true, evidence: [] };
  const findings = (list: unknown[], status: ResourceFinding['status']): ResourceFinding[] =>
    list.map((item) => finding(rule.resource, item, ctx, status, verdicts.get(item) ?? none));
  const why = (itemSlice: SliceName | undefined) => undecided(unknown.map((item) => verdicts.get(item) ?? none), itemSlice);
  return { matched, unknown, findings, why };
}

function evaluateCount(rule: CountRule, ctx: EvalContext): RuleOutcome {
  const items = collection(rule.count, ctx);
  if (!items) return absent(rule.count);
  const { matched, unknown, findings, why } = partition(items, rule.where, rule, ctx, 'matched');
  const atMost = rule.atMost === undefined ? undefined : bound(rule.atMost, ctx);
  const atLeast = rule.atLeast === undefined ? undefined : bound(rule.atLeast, ctx);
  // A limit that is written but does not come out as a number (an absent field, a mistyped
  // parameter) cannot be checked: dropping it would silently turn the check into a pass.
  if ((rule.atMost !== undefined && atMost === undefined) || (rule.atLeast !== undefined && atLeast === undefined)) {
    return { status: 'manual', message: `The limit of this count could not be determined (${JSON.stringify(rule.atMost ?? rule.atLeast)} is not a number); a person must judge it.`, resources: [], judged: items.length };
  }
  const limits = [atMost !== undefined ? `at most ${atMost}` : '', atLeast !== undefined ? `at least ${atLeast}` : ''].filter(Boolean).join(' and ');
  const n = matched.length;
  const low = n;
  const high = n + unknown.length;
  const found = `${plural(rule.resource.type, n)} found, expected ${limits}`;
  const counted = (status: ResourceFinding['status']) => findings(matched, 'fail').map((m) => ({ ...m, status, expected: `counted toward: ${limits}` }));
  if (atMost !== undefined && low > atMost) {
    return { status: 'fail', message: `${found}.`, resources: counted('fail'), judged: items.length };
  }
  if (atLeast !== undefined && high < atLeast) {
    // Too few: the items that were counted are not at fault, the shortfall is. Report it once.
    const shortfall: ResourceFinding = { type: 'count', id: rule.count.replace(/^\$\./, ''), status: 'fail', observed: n, expected: `at least ${atLeast}` };
    return { status: 'fail', message: `${found}.`, resources: [shortfall], judged: items.length };
  }
  if ((atMost !== undefined && high > atMost) || (atLeast !== undefined && low < atLeast)) {
    return { status: 'manual', message: `${found}; ${unknown.length} more could not be judged${why(itemSliceOf(rule.count))}`, resources: findings(unknown, 'manual'), judged: items.length };
  }
  return { status: 'pass', message: `${found}.`, resources: [], judged: items.length };
}

function evaluateShare(rule: ShareRule, ctx: EvalContext): RuleOutcome {
  // The population: the whole collection, or the items a selection keeps.
  const path = typeof rule.share === 'string' ? rule.share : rule.share.select;
  const populationWhere = typeof rule.share === 'string' ? undefined : rule.share.where;
  const items = collection(path, ctx);
  if (!items) return absent(path);
  // One pass places every item: the population is the items the selection keeps.
  const population = populationWhere ? partition(items, populationWhere, rule, ctx, 'unknown') : undefined;
  if (population && population.unknown.length > 0) {
    return { status: 'manual', message: `${population.unknown.length} items could not be placed in the population${population.why(itemSliceOf(path))}`, resources: population.findings(population.unknown, 'manual') };
  }
  const members = population ? population.matched : items;
  if (members.length === 0) return { status: 'not_applicable', message: `No ${plural(rule.resource.type, 2).slice(2)} to judge.`, resources: [], judged: 0 };
  const { matched, unknown, findings, why } = partition(members, rule.where, rule, ctx, 'matched');
  const limit = bound(rule.atMost, ctx);
  const expected = `at most ${limit === undefined ? '?' : percent(limit)}`;
  const shareLow = matched.length / members.length;
  const shareHigh = (matched.length + unknown.length) / members.length;
  const msg = `${percent(shareLow)} of ${plural(rule.resource.type, members.length)} match (${matched.length}), expected ${expected}`;
  if (limit === undefined) return { status: 'manual', message: `${msg}: the limit could not be determined.`, resources: [] };
  if (shareLow > limit) {
    const counted = findings(matched, 'fail').map((m) => ({ ...m, expected: `counted toward the share (${expected})` }));
    return { status: 'fail', message: `${msg}.`, resources: counted, judged: members.length };
  }
  if (shareHigh > limit) return { status: 'manual', message: `${msg}; ${unknown.length} could not be judged${why(itemSliceOf(path))}`, resources: findings(unknown, 'manual'), judged: members.length };
  return { status: 'pass', message: `${msg}.`, resources: [], judged: members.length };
}

/** Parts of an `all` may flag the same resource; an auditor should see it once, with every reason. */
function mergeFindings(findings: ResourceFinding[]): ResourceFinding[] {
  const byKey = new Map<string, ResourceFinding>();
  for (const f of findings) {
    const key = `${f.type}\u0000${f.id}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, f);
      continue;
    }
    byKey.set(key, {
      ...seen,
      status: seen.status === 'fail' || f.status === 'fail' ? 'fail' : seen.status,
      observed: seen.observed === f.observed ? seen.observed : { ...asRecord(seen.observed), ...asRecord(f.observed) },
      expected: seen.expected === f.expected ? seen.expected : `${seen.expected}; ${f.expected}`,
    });
  }
  return [...byKey.values()];
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
}

const WORST: RuleOutcome['status'][] = ['fail', 'manual', 'pass', 'not_applicable'];

function evaluateAll(rule: AllRule, ctx: EvalContext): RuleOutcome {
  const parts = rule.all.map((r) => evaluateRule(r, ctx));
  const applicable = parts.filter((p) => p.status !== 'not_applicable');
  const status = applicable.length === 0 ? 'not_applicable' : WORST.find((s) => applicable.some((p) => p.status === s))!;
  const shown = status === 'pass' || status === 'not_applicable' ? parts : parts.filter((p) => p.status === status);
  // Several parts may exempt the same resource: list it once.
  const exempted = [...new Map(parts.flatMap((p) => p.exempted ?? []).map((e) => [`${e.type}\u0000${e.id}`, e])).values()];
  return {
    status,
    message: shown.map((p) => p.message).join(' '),
    resources: mergeFindings(parts.flatMap((p) => p.resources)),
    judged: parts.reduce((sum, p) => sum + (p.judged ?? 0), 0),
    ...(exempted.length > 0 ? { exempted } : {}),
  };
}

export function evaluateRule(rule: Rule, ctx: EvalContext): RuleOutcome {
  if ('all' in rule) return evaluateAll(rule, ctx);
  if ('each' in rule) return evaluateEach(rule, ctx);
  if ('count' in rule) return evaluateCount(rule, ctx);
  if ('share' in rule) return evaluateShare(rule, ctx);
  return evaluateAssert(rule, ctx);
}
