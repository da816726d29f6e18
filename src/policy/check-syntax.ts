/**
 * The check language before its simplification, recognised so that a policy written in it is
 * refused with its position and the new spelling, instead of a schema error that names neither.
 * Run before the schema (load-policies.ts). The same rewrites are what the migration tool applies.
 */
import type { InputProblem } from '../core/errors.js';
import type { StructuredFile } from '../core/structured-file.js';

const COMBINATORS = ['all', 'any', 'not'];
const QUANTIFIERS = ['some', 'every', 'none'];

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

type Report = (pointer: string, message: string) => void;

function checkValue(value: unknown, pointer: string, report: Report): void {
  if (!isObject(value)) return;
  if ((typeof value.select === 'string' || typeof value.count === 'string') && value.where !== undefined) checkPredicate(value.where, `${pointer}/where`, report);
}

function checkOperators(ops: Record<string, unknown>, pointer: string, subject: string, report: Report): void {
  const names = Object.keys(ops);
  if (names.length > 1) {
    report(pointer, `one operator per test: write all: [${names.map((n) => `{ ${subject}, ${n}: ... }`).join(', ')}]`);
  }
  for (const name of names) {
    const arg = ops[name];
    const at = `${pointer}/${escape(name)}`;
    if (name === 'contains') report(at, '`contains: X` is now `intersects: [X]`');
    else if (name === 'notContains') report(at, '`notContains: X` is now `not: { ..., intersects: [X] }`');
    else if (QUANTIFIERS.includes(name)) checkPredicate(arg, at, report);
    else if (name === 'size' && isObject(arg)) checkOperators(arg, at, 'size', report);
    else checkValue(arg, at, report);
  }
}

function checkPredicate(pred: unknown, pointer: string, report: Report): void {
  if (!isObject(pred)) return;
  const keys = Object.keys(pred);
  if (keys.length === 1 && (keys[0] === 'all' || keys[0] === 'any') && Array.isArray(pred[keys[0]])) {
    (pred[keys[0]] as unknown[]).forEach((p, i) => checkPredicate(p, `${pointer}/${keys[0]}/${i}`, report));
    return;
  }
  if (keys.length === 1 && keys[0] === 'not') {
    checkPredicate(pred.not, `${pointer}/not`, report);
    return;
  }
  if ('decideIf' in pred) {
    checkPredicate(pred.decideIf, `${pointer}/decideIf`, report);
    if (pred.then !== undefined) checkPredicate(pred.then, `${pointer}/then`, report);
    return;
  }
  if ('is' in pred && 'value' in pred) {
    report(pointer, '`{ value: V, is: { op: A } }` is now `{ value: V, op: A }` (one operator; several: all: [...])');
    checkValue(pred.value, `${pointer}/value`, report);
    if (isObject(pred.is)) checkOperators(pred.is, `${pointer}/is`, 'value: ...', report);
    return;
  }
  if (typeof pred.path === 'string' || 'value' in pred) {
    const { path, value, ...ops } = pred;
    if ('value' in pred) checkValue(value, `${pointer}/value`, report);
    checkOperators(ops, pointer, typeof path === 'string' ? `path: ${path}` : 'value: ...', report);
    return;
  }
  // A field map: the fields were keys, which could shadow the language's own words.
  const fields = keys.filter((k) => !COMBINATORS.includes(k));
  if (fields.length > 0 && fields.every((k) => isObject(pred[k]))) {
    const [first] = fields;
    const [op] = Object.keys(pred[first!] as object);
    const spelled = `{ path: ${first}, ${op ?? 'eq'}: ... }`;
    report(pointer, fields.length === 1 && Object.keys(pred[first!] as object).length === 1
      ? `field maps are gone: write ${spelled}`
      : `field maps are gone: write all: [${spelled}, ...], one test per field and operator`);
    for (const f of fields) {
      for (const [name, arg] of Object.entries(pred[f] as Record<string, unknown>)) {
        if (QUANTIFIERS.includes(name)) checkPredicate(arg, `${pointer}/${escape(f)}/${name}`, report);
        else checkValue(arg, `${pointer}/${escape(f)}/${name}`, report);
      }
    }
  }
}

function checkRule(rule: unknown, pointer: string, report: Report): void {
  if (!isObject(rule)) return;
  if (Array.isArray(rule.allOf)) {
    report(`${pointer}/allOf`, '`allOf` is now `all`: rule: { all: [rule, rule] }');
    rule.allOf.forEach((r, i) => checkRule(r, `${pointer}/allOf/${i}`, report));
    return;
  }
  if (Array.isArray(rule.all) && !('assert' in rule)) {
    rule.all.forEach((r, i) => checkRule(r, `${pointer}/all/${i}`, report));
    return;
  }
  if ('matching' in rule) {
    report(`${pointer}/matching`, 'share `matching: P` is now `where: P`, and a population `where` moves into the collection: share: { select: C, where: <population> }');
    checkPredicate(rule.matching, `${pointer}/matching`, report);
  }
  for (const key of ['assert', 'where']) if (key in rule) checkPredicate(rule[key], `${pointer}/${key}`, report);
  if (isObject(rule.share)) checkValue(rule.share, `${pointer}/share`, report);
  for (const key of ['atMost', 'atLeast']) if (key in rule) checkValue(rule[key], `${pointer}/${key}`, report);
}

/** Problems of a check file written in the old syntax, each located in the file. */
export function oldSyntaxProblems(source: StructuredFile): InputProblem[] {
  const problems: InputProblem[] = [];
  if (!isObject(source.data)) return problems;
  checkRule(source.data.rule, '/rule', (pointer, message) => {
    problems.push({ file: source.file, ...(source.locate(pointer) ?? {}), pointer, message: `old check syntax: ${message}` });
  });
  return problems;
}
