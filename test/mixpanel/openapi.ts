/**
 * Test helper: Mixpanel's OpenAPI specs (reference/mixpanel-openapi) as route templates, server
 * URLs and response validators, so that msw handlers are built from the specs and the bodies they
 * return are checked against the specs' response schemas.
 */
import { readFileSync } from 'node:fs';
import ajvModule from 'ajv';
import formatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { packagePath } from '../../src/core/paths.js';

const Ajv = ajvModule as unknown as typeof ajvModule.default;
const addFormats = formatsModule as unknown as typeof formatsModule.default;

export type SpecName = 'service-accounts' | 'lexicon-schemas' | 'platform';

interface OpenApiDoc {
  servers: { url: string; variables?: Record<string, { enum?: string[] }> }[];
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>>;
}

const FILES: Record<SpecName, string> = {
  'service-accounts': 'service-accounts.openapi.yaml',
  'lexicon-schemas': 'lexicon-schemas.openapi.yaml',
  platform: 'platform.openapi.json',
};

const docs = new Map<SpecName, OpenApiDoc>();

export function spec(name: SpecName): OpenApiDoc {
  let d = docs.get(name);
  if (!d) {
    const text = readFileSync(packagePath('reference', 'mixpanel-openapi', FILES[name]), 'utf8');
    d = (FILES[name].endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as OpenApiDoc;
    docs.set(name, d);
  }
  return d;
}

export interface Operation {
  method: string;
  /** Path template as in the spec, e.g. `/projects/{projectId}/schemas`. */
  path: string;
}

export function operation(name: SpecName, operationId: string): Operation {
  for (const [path, item] of Object.entries(spec(name).paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op && typeof op === 'object' && op.operationId === operationId) return { method: method.toUpperCase(), path };
    }
  }
  throw new Error(`${name}: no operation ${operationId}`);
}

/**
 * The server URLs of a spec, one per region, with the server variables filled in from their enum
 * (`https://{regionAndDomain}.com/api/app` -> mixpanel.com, eu.mixpanel.com, in.mixpanel.com).
 */
export function serverUrls(name: SpecName): string[] {
  return spec(name).servers.flatMap((s) => {
    const vars = Object.entries(s.variables ?? {});
    if (vars.length === 0) return [s.url];
    const [varName, v] = vars[0]!;
    return (v.enum ?? []).map((value) => s.url.replace(`{${varName}}`, value));
  });
}

/** The spec's path template in msw's form: `{projectId}` -> `:projectId`. */
export function mswPath(template: string): string {
  return template.replace(/\{([^}]+)\}/g, ':$1');
}

const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
addFormats(ajv);
for (const name of Object.keys(FILES) as SpecName[]) ajv.addSchema(spec(name) as object, `spec:${name}`);

function pointer(segments: string[]): string {
  return segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
}

/** Validates a body against the response schema of an operation for a status ("200", "default"). */
export function responseValidator(name: SpecName, operationId: string, status: string): (body: unknown) => string[] {
  const op = operation(name, operationId);
  const responses = spec(name).paths[op.path]![op.method.toLowerCase()]!.responses ?? {};
  if (!(status in responses)) throw new Error(`${name} ${operationId}: no ${status} response declared`);
  const ref = `spec:${name}#/${pointer(['paths', op.path, op.method.toLowerCase(), 'responses', status, 'content', 'application/json', 'schema'])}`;
  const validate = ajv.compile({ $ref: ref });
  return (body) => (validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`));
}
