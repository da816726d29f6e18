import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type ajvModule from 'ajv';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import type formatsModule from 'ajv-formats';
import { InputError, type InputProblem } from './errors.js';
import { dateTimeFormat } from './date-time-format.js';
import { packagePath } from './paths.js';
import type { StructuredFile } from './structured-file.js';

// ajv and ajv-formats are CommonJS: required on first use, so that a run whose schemas are all
// precompiled (below) never loads the compiler.
const require = createRequire(import.meta.url);
type AjvClass = InstanceType<typeof ajvModule.default>;

export type SchemaName = 'org-state' | 'check' | 'report' | 'config' | 'attestations' | 'exceptions' | 'evidence-manifest' | 'framework' | 'framework-catalog';
export const SCHEMA_NAMES: readonly SchemaName[] = ['org-state', 'check', 'report', 'config', 'attestations', 'exceptions', 'evidence-manifest', 'framework', 'framework-catalog'];

/** The options every validator is compiled with, at run time and at build time alike. */
const AJV_OPTIONS: Options = { allErrors: true, allowUnionTypes: true, strict: true, strictRequired: false };

/** A configured Ajv: the project's options and formats. `extra` adds options (the build's `code`). */
export function newAjv(extra: Options = {}): AjvClass {
  const Ajv = (require('ajv') as typeof ajvModule).default;
  const addFormats = (require('ajv-formats') as typeof formatsModule).default;
  const ajv = new Ajv({ ...AJV_OPTIONS, ...extra });
  addFormats(ajv);
  // The same `date-time` rules with a fast path for the canonical shape (date-time-format.ts).
  ajv.addFormat('date-time', dateTimeFormat);
  return ajv;
}

/** The formats precompiled validators call, the same objects newAjv() registers. */
export function runtimeFormats(): Record<string, unknown> {
  const { fullFormats } = require('ajv-formats/dist/formats') as { fullFormats: Record<string, unknown> };
  return { ...fullFormats, 'date-time': dateTimeFormat };
}

let compiler: AjvClass | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();
const parts = new Map<string, ValidateFunction>();

export function schemaFile(name: SchemaName): string {
  return packagePath('schemas', `${name}.schema.json`);
}

/** sha256 of a schema's bytes: a precompiled validator is used only for the bytes it was built from. */
export function schemaDigest(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Validators compiled at build time (scripts/build-packs.mjs writes them with ajv's standalone code
 * generation): compiling the state and report schemas cost a few hundred milliseconds per run.
 * One CommonJS module; `load(name, formats)` returns the whole schema's validator under "#" and
 * every definition and property under "#/pointer".
 */
export const PRECOMPILED_VALIDATORS_FILE = packagePath('dist', 'src', 'core', 'schema-validators.cjs');

interface PrecompiledModule {
  digests: Partial<Record<SchemaName, string>>;
  load(name: SchemaName, formats: Record<string, unknown>): Record<string, ValidateFunction>;
}

let precompiledModule: PrecompiledModule | null | undefined;
/** Loaded precompiled validators by schema; `precompiled` holds what validator() settled on. */
const loadedModules = new Map<SchemaName, Record<string, ValidateFunction>>();
const precompiled = new Map<SchemaName, Record<string, ValidateFunction> | undefined>();

/** The precompiled validators of a schema, when they were built from exactly these bytes. */
export function precompiledValidators(name: SchemaName, bytes: Buffer): Record<string, ValidateFunction> | undefined {
  if (precompiledModule === undefined) {
    try {
      precompiledModule = require(PRECOMPILED_VALIDATORS_FILE) as PrecompiledModule;
    } catch {
      precompiledModule = null;
    }
  }
  if (precompiledModule?.digests[name] !== schemaDigest(bytes)) return undefined;
  let found = loadedModules.get(name);
  if (!found) {
    found = precompiledModule.load(name, runtimeFormats());
    loadedModules.set(name, found);
  }
  return found;
}

/** The parsed schemas; their $id names their parts for the run-time compiler. */
const schemas = new Map<SchemaName, { $id?: string }>();

export function validator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    const bytes = readFileSync(schemaFile(name));
    const schema = JSON.parse(bytes.toString('utf8')) as { $id?: string };
    schemas.set(name, schema);
    // A schema changed since the build (or no build): compile it, as before.
    const pre = precompiledValidators(name, bytes);
    precompiled.set(name, pre);
    const ready = pre?.['#'] ?? (compiler ??= newAjv()).compile(schema);
    compiled.set(name, ready);
    v = ready;
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
  const key = `${name}#${pointer}`;
  let part = parts.get(key);
  if (part) return part;
  validator(name);
  part = precompiled.get(name)?.[`#${pointer}`];
  if (!part) {
    // The whole schema was compiled at run time, or this part was not exported: compile it here.
    const c = (compiler ??= newAjv());
    const schema = schemas.get(name);
    const id = schema?.$id;
    if (id !== undefined && !c.getSchema(id)) c.addSchema(schema as object);
    part = id === undefined ? undefined : c.getSchema(`${id}#${pointer}`);
  }
  if (!part) throw new Error(`internal error: no ${pointer} in schemas/${name}.schema.json`);
  parts.set(key, part);
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
