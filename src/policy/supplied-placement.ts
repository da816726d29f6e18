/**
 * Where `{ path: X, supplied: true }` may stand. It is false where X is absent, which every other
 * test leaves unknown; that is safe only where a false leaf can move the result toward fail and
 * never toward pass. Such a place is "positive": every way from the rule's verdict down to the
 * test keeps the sense (an `assert`, `all`, `any`, `some`, `every`, a `count` with only `atLeast`).
 * An odd number of `not`s (`none` counts as one, and so does the `where` of a `count` with
 * `atMost` or of a `share`) makes it "negative": a false leaf turns into a true one, which could pass.
 * Some places are neither: an `each`'s `where` (false skips an item that would otherwise be
 * unknown), a share's population, a `count` with both bounds or none, and any computed value (a
 * `select`/`count`, whose effect depends on how it is compared). A `decideIf` condition starts
 * positive again wherever it stands: where a positive `supplied` is false instead of unknown, the
 * condition is false or unknown exactly where it would have been unknown, and either way the part
 * is unknown, so the truth of the `decideIf` cannot change (docs/check-language.md).
 *
 * Run on the file as written, before the schema, so that each refusal names its line and column
 * and says why; src/engine/operators/supplied.ts is the test itself.
 */
import type { InputProblem } from '../core/errors.js';
import type { StructuredFile } from '../core/structured-file.js';

/** +1: positive, -1: negative, a string: refused, saying why. */
type Polarity = 1 | -1 | string;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function flip(p: Polarity): Polarity {
  return typeof p === 'string' ? p : p === 1 ? -1 : 1;
}

const NEGATIVE = 'under an odd number of `not`s (`none`, and the `where` of a `count` with `atMost` or of a `share`, each count as one), where X absent would make it true and could let missing data pass';
const IN_VALUE = 'inside a computed value (a `select` or `count`), whose effect on the result depends on how the value is compared';
const EACH_WHERE = 'in the `where` of an `each`: a false `where` skips an item that would otherwise be unknown, so missing data could leave nothing to fail';
const SHARE_POPULATION = 'in the population of a `share`: leaving an item out of it can raise or lower the share';
const COUNT_BOTH = 'in the `where` of a `count` with both bounds (or none): fewer items counted helps `atMost` pass';

type Report = (pointer: string, message: string) => void;

function checkValue(value: unknown, pointer: string, report: Report): void {
  if (!isObject(value)) return;
  if ((typeof value.select === 'string' || typeof value.count === 'string') && value.where !== undefined) checkPredicate(value.where, `${pointer}/where`, IN_VALUE, report);
}

function checkTest(test: Record<string, unknown>, pointer: string, polarity: Polarity, report: Report): void {
  const { path, value, ...ops } = test;
  if (value !== undefined) checkValue(value, `${pointer}/value`, report);
  for (const [name, arg] of Object.entries(ops)) {
    const at = `${pointer}/${escape(name)}`;
    if (name === 'supplied') {
      if (arg !== true) report(at, '`supplied` takes only `true`: a test that holds where data is absent could let missing data pass; say what must be present, under `any` or `all`');
      else if (typeof path !== 'string') report(at, '`supplied` tests a path: write { path: X, supplied: true } (a computed value is never "not supplied")');
      else if (polarity !== 1) report(at, `\`supplied\` is not allowed ${typeof polarity === 'string' ? polarity : NEGATIVE}; place it where "not supplied" can only push the result toward fail (docs/check-language.md)`);
    } else if (name === 'some' || name === 'every') checkPredicate(arg, at, polarity, report);
    else if (name === 'none') checkPredicate(arg, at, flip(polarity), report);
    else if (name === 'size' && isObject(arg)) for (const [op, v] of Object.entries(arg)) checkValue(v, `${at}/${escape(op)}`, report);
    else checkValue(arg, at, report);
  }
}

function checkPredicate(pred: unknown, pointer: string, polarity: Polarity, report: Report): void {
  if (!isObject(pred)) return;
  if (Array.isArray(pred.all) || Array.isArray(pred.any)) {
    const key = Array.isArray(pred.all) ? 'all' : 'any';
    (pred[key] as unknown[]).forEach((p, i) => checkPredicate(p, `${pointer}/${key}/${i}`, polarity, report));
    return;
  }
  if ('not' in pred) {
    checkPredicate(pred.not, `${pointer}/not`, flip(polarity), report);
    return;
  }
  if ('decideIf' in pred) {
    checkPredicate(pred.decideIf, `${pointer}/decideIf`, 1, report);
    if (pred.then !== undefined) checkPredicate(pred.then, `${pointer}/then`, polarity, report);
    return;
  }
  checkTest(pred, pointer, polarity, report);
}

/** The sense of a `count`'s `where`: more items counted helps `atLeast` pass and `atMost` fail. */
function countPolarity(rule: Record<string, unknown>): Polarity {
  const most = rule.atMost !== undefined;
  const least = rule.atLeast !== undefined;
  if (most === least) return COUNT_BOTH;
  return least ? 1 : -1;
}

function checkRule(rule: unknown, pointer: string, report: Report): void {
  if (!isObject(rule)) return;
  if (Array.isArray(rule.all) && !('assert' in rule)) {
    rule.all.forEach((r, i) => checkRule(r, `${pointer}/all/${i}`, report));
    return;
  }
  if ('assert' in rule) checkPredicate(rule.assert, `${pointer}/assert`, 1, report);
  if ('each' in rule && 'where' in rule) checkPredicate(rule.where, `${pointer}/where`, EACH_WHERE, report);
  if ('count' in rule && 'where' in rule) checkPredicate(rule.where, `${pointer}/where`, countPolarity(rule), report);
  if ('share' in rule) {
    if (isObject(rule.share)) checkPredicate(rule.share.where, `${pointer}/share/where`, SHARE_POPULATION, report);
    // More items matching raises the share toward its `atMost`: the sense of a `count` with `atMost`.
    if ('where' in rule) checkPredicate(rule.where, `${pointer}/where`, -1, report);
  }
  for (const key of ['atMost', 'atLeast']) checkValue(rule[key], `${pointer}/${key}`, report);
}

/** Every `supplied` test of a check file placed where it could let missing data pass, located in the file. */
export function suppliedPlacementProblems(source: StructuredFile): InputProblem[] {
  const problems: InputProblem[] = [];
  if (!isObject(source.data)) return problems;
  checkRule(source.data.rule, '/rule', (pointer, message) => {
    problems.push({ file: source.file, ...(source.locate(pointer) ?? {}), pointer, message });
  });
  return problems;
}
