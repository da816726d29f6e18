import { readFileSync } from 'node:fs';
import ajvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import { InputError, type InputProblem } from './errors.js';
import { dateTimeFormat } from './date-time-format.js';
import { packagePath } from './paths.js';
import type { StructuredFile } from './structured-file.js';

// NodeNext sees these CommonJS default exports as namespaces.
const Ajv = ajvModule as unknown as typeof ajvModule.default;
const addFormats = formatsModule as unknown as typeof formatsModule.default;

export type SchemaName = 'org-state' | 'check' | 'report' | 'config' | 'attestations' | 'exceptions' | 'evidence-manifest' | 'framework' | 'framework-catalog';

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: true, strictRequired: false });
addFormats(ajv);
// The same `date-time` rules with a fast path for the canonical shape (date-time-format.ts).
ajv.addFormat('date-time', dateTimeFormat);
const compiled = new Map<SchemaName, ValidateFunction>();

export function schemaFile(name: SchemaName): string {
  return packagePath('schemas', `${name}.schema.json`);
}

export function validator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    v = ajv.compile(JSON.parse(readFileSync(schemaFile(name), 'utf8')) as object);
    compiled.set(name, v);
  }
  return v;
}

/**
 * ajv reports every branch of a failed `oneOf`. People need the branch that came closest, so keep
 * the errors at the deepest instance path and drop the umbrella `oneOf`/`anyOf`/`if` messages when
 * deeper ones exist.
 */
export function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const deepest = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const list = deepest.get(e.instancePath) ?? [];
    list.push(e);
    deepest.set(e.instancePath, list);
  }
  const paths = [...deepest.keys()];
  const leafPaths = paths.filter((p) => !paths.some((q) => q !== p && q.startsWith(`${p}/`)));
  const out: ErrorObject[] = [];
  const seen = new Set<string>();
  for (const p of leafPaths) {
    for (const e of deepest.get(p)!) {
      if (['oneOf', 'anyOf', 'if', 'not'].includes(e.keyword) && deepest.get(p)!.length > 1) continue;
      const key = `${e.instancePath} ${describeError(e)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(e);
    }
  }
  return out.slice(0, 50);
}

export function describeError(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': return `unknown property "${String(p.additionalProperty)}"`;
    case 'required': return `missing required property "${String(p.missingProperty)}"`;
    case 'enum': return `must be one of ${JSON.stringify(p.allowedValues)}`;
    case 'const': return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'propertyNames': return `invalid property name "${String(p.propertyName)}"`;
    default: return e.message ?? e.keyword;
  }
}

/**
 * The validator of one part of a schema, by JSON pointer into it (`/properties/slices/properties/members`,
 * `/definitions/member`): collected data is checked piece by piece, so one bad value costs its
 * piece, not the whole snapshot.
 */
export function partValidator(name: SchemaName, pointer: string): ValidateFunction {
  const whole = validator(name);
  const id = (whole.schema as { $id?: string }).$id;
  const part = id === undefined ? undefined : ajv.getSchema(`${id}#${pointer}`);
  if (!part) throw new Error(`internal error: no ${pointer} in schemas/${name}.schema.json`);
  return part;
}

/** Problems of `value` against a part of a schema: the JSON pointer into `value` and the message (no values quoted). */
export function partErrors(name: SchemaName, pointer: string, value: unknown, limit = 5): { path: string; message: string }[] {
  const validate = partValidator(name, pointer);
  if (validate(value)) return [];
  return relevantErrors(validate.errors ?? []).slice(0, limit).map((e) => ({ path: e.instancePath, message: describeError(e) }));
}

/** partErrors as `pointer message` lines. */
export function partProblems(name: SchemaName, pointer: string, value: unknown, limit = 5): string[] {
  return partErrors(name, pointer, value, limit).map((e) => `${e.path || '/'} ${e.message}`);
}

/** Throws an InputError naming file, line, column and JSON pointer of every problem. */
export function assertValid<T>(name: SchemaName, source: StructuredFile): T {
  const validate = validator(name);
  if (validate(source.data)) return source.data as T;
  const problems: InputProblem[] = relevantErrors(validate.errors ?? []).map((e) => {
    const pos = source.locate(e.instancePath);
    return { file: source.file, ...(pos ?? {}), pointer: e.instancePath || '/', message: describeError(e) };
  });
  throw new InputError(problems);
}

/**
 * Refuses a document written under an earlier schema version with one sentence that says what to do,
 * at its `/schemaVersion`, instead of the list of fields the current schema would miss.
 */
export function refuseSchemaVersion(source: StructuredFile, version: string, message: string): void {
  const data = source.data;
  if (data === null || typeof data !== 'object' || (data as { schemaVersion?: unknown }).schemaVersion !== version) return;
  const pos = source.locate('/schemaVersion');
  throw new InputError([{ file: source.file, ...(pos ?? {}), pointer: '/schemaVersion', message }]);
}
