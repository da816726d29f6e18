import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError, type InputProblem } from '../core/errors.js';
import { assertValid } from '../core/schema-validator.js';
import { loadStructuredFile, type StructuredFile } from '../core/structured-file.js';
import { packagePath } from '../core/paths.js';
import { SLICE_NAMES } from '../state/org-state.js';
import { catalogs } from './catalogs.js';
import { LEVELS, type Check, type EachRule, type Level, type Rule } from '../language/check.js';
import { requiredSlices } from '../engine/slice-usability.js';
import { compilePattern } from '../engine/pattern.js';
import { boundsDeclarationProblem, outOfBounds } from './param-bounds.js';
import { oldSyntaxProblems } from './check-syntax.js';
import { suppliedPlacementProblems } from './supplied-placement.js';

export const DEFAULT_POLICY_DIR = packagePath('policies', 'checks');

/** Every string value at any depth under a key, with the key's JSON pointer. */
function* walk(value: unknown, pointer: string): Generator<{ key: string; value: unknown; pointer: string }> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* walk(value[i], `${pointer}/${i}`);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      yield { key: k, value: v, pointer: p };
      yield* walk(v, p);
    }
  }
}

/**
 * What the schema cannot see: the id matches the file name, parameters used are declared, every
 * state slice the rule reads is in `requires`, and every framework id exists, not withdrawn, in the
 * catalogs. Returned as problems located in the file.
 */
export function lintCheck(check: Check, source: StructuredFile): InputProblem[] {
  const problems: InputProblem[] = [];
  const at = (pointer: string, message: string) => problems.push({ file: source.file, ...(source.locate(pointer) ?? {}), pointer, message });
  const expectedId = basename(source.file).replace(/\.ya?ml$/, '');
  if (check.id !== expectedId) at('/id', `id "${check.id}" does not match the file name "${expectedId}"`);
  const declared = new Set(Object.keys(check.params ?? {}));
  const required = new Set<string>(requiredSlices(check.requires));
  for (const { key, value, pointer } of walk(check.rule, '/rule')) {
    if (key === 'param' && typeof value === 'string' && !declared.has(value)) at(pointer, `parameter "${value}" is not declared in params`);
    if (key === 'matches' && typeof value === 'string') {
      // Compiled as the engine does (src/engine/pattern.ts, linear time), so a bad pattern is bad input, not a scan-time error.
      try {
        compilePattern(value);
      } catch (err) {
        at(pointer, `invalid regular expression: ${(err as Error).message}`);
      }
    }
    // Every path of the language is a value: field names are never keys.
    const paths: string[] = [];
    if (['path', 'each', 'count', 'share', 'select', 'ref'].includes(key) && typeof value === 'string') paths.push(value);
    for (const p of paths) {
      const m = /^\$\.([A-Za-z]+)/.exec(p);
      if (m && !required.has(m[1]!)) at(pointer, `reads slice "${m[1]}" which is not in requires`);
      if (m && !(SLICE_NAMES as readonly string[]).includes(m[1]!)) at(pointer, `unknown slice "${m[1]}"`);
    }
  }
  const cats = catalogs();
  for (const field of ['frameworks', 'guideFrameworks'] as const) {
    for (const [fw, ids] of Object.entries(check[field] ?? {})) {
      const cat = cats[fw];
      if (!cat) {
        at(`/${field}/${fw}`, `unknown framework "${fw}"; known: ${Object.keys(cats).join(', ')} (policies/frameworks)`);
        continue;
      }
      (ids ?? []).forEach((id, i) => {
        const entry = cat.entries.get(id);
        if (!entry) at(`/${field}/${fw}/${i}`, `${fw} id "${id}" is not in the ${cat.name} catalog`);
        else if (entry.withdrawn) at(`/${field}/${fw}/${i}`, `${fw} id "${id}" is withdrawn`);
      });
    }
  }
  // A guide citation that is not assessed must say why, or a reader takes it for an oversight.
  const guideOnly = Object.entries(check.guideFrameworks ?? {}).flatMap(([fw, ids]) => (ids ?? []).filter((id) => !(check.frameworks[fw] ?? []).includes(id)));
  if (guideOnly.length > 0 && !check.mappingNote) at('/guideFrameworks', `guide citations ${guideOnly.join(', ')} are not assessed; a mappingNote must say why`);
  for (const [name, value] of Object.entries(check.params ?? {})) {
    const bounds = check.paramBounds?.[name];
    const declProblem = boundsDeclarationProblem(value, bounds);
    if (declProblem) at(`/params/${name}`, `parameter "${name}" ${declProblem}`);
    else {
      const why = outOfBounds(value, value, bounds);
      if (why) at(`/params/${name}`, `the default of "${name}" ${why}`);
    }
  }
  for (const name of Object.keys(check.paramBounds ?? {})) {
    if (!declared.has(name)) at(`/paramBounds/${name}`, `bounds for undeclared parameter "${name}"`);
  }
  for (const [i, c] of check.cases.entries()) {
    for (const [name, value] of Object.entries(c.params ?? {})) {
      if (!declared.has(name)) at(`/cases/${i}/params/${name}`, `case overrides undeclared parameter "${name}"`);
      else {
        const why = outOfBounds(value, check.params![name]!, check.paramBounds?.[name]);
        if (why) at(`/cases/${i}/params/${name}`, `case parameter "${name}" ${why}`);
      }
    }
  }
  // An exemption is applied to the items of `each` rules that name service accounts; declared
  // anywhere else it would exempt nothing while the policy claims otherwise.
  if (check.exempt && !eachRules(check.rule).some((r) => r.resource.type === 'service_account')) {
    at('/exempt', 'scannerServiceAccount exemptions apply to `each` rules over service_account resources; this rule has none');
  }
  const expects = new Set(check.cases.map((c) => c.expect));
  if (!expects.has('pass') || !expects.has('fail')) at('/cases', 'cases need at least one "pass" and one "fail"');
  return problems;
}

function eachRules(rule: Rule): EachRule[] {
  if ('all' in rule) return rule.all.flatMap(eachRules);
  return 'each' in rule ? [rule] : [];
}

export function loadCheckFile(file: string): Check {
  const source = loadStructuredFile(file);
  // The old spelling is named before the schema, whose message would name neither it nor the new one.
  const old = oldSyntaxProblems(source);
  if (old.length > 0) throw new InputError(old);
  // So is a `supplied` test where "not supplied" could let missing data pass: named with its reason.
  const placement = suppliedPlacementProblems(source);
  if (placement.length > 0) throw new InputError(placement);
  const check = assertValid<Check>('check', source);
  const problems = lintCheck(check, source);
  if (problems.length > 0) throw new InputError(problems);
  return check;
}

/** Loads and validates every check in a folder; all problems of all files are reported together. */
export function loadPolicies(dir = DEFAULT_POLICY_DIR): Check[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch (err) {
    throw InputError.at(dir, `cannot read policy folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (files.length === 0) throw InputError.at(dir, 'no check files (*.yaml) in the policy folder');
  const checks: Check[] = [];
  const problems: InputProblem[] = [];
  for (const f of files) {
    try {
      checks.push(loadCheckFile(join(dir, f)));
    } catch (err) {
      if (err instanceof InputError) problems.push(...err.problems);
      else throw err;
    }
  }
  const seen = new Map<string, string>();
  for (const c of checks) {
    if (seen.has(c.id)) problems.push({ file: join(dir, `${c.id}.yaml`), message: `duplicate check id ${c.id}` });
    seen.set(c.id, c.id);
  }
  if (problems.length > 0) throw new InputError(problems);
  return checks.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
}

/** Levels are cumulative: L2 selects L1 and L2 checks. */
export function selectByLevel(checks: Check[], level: Level): Check[] {
  const max = LEVELS.indexOf(level);
  return checks.filter((c) => LEVELS.indexOf(c.level) <= max);
}
