import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { newAjv, PRECOMPILED_VALIDATORS_FILE, precompiledValidators, schemaFile, SCHEMA_NAMES, validator } from '../../src/core/schema-validator.js';
import { packagePath } from '../../src/core/paths.js';

// The validators `npm run build` precompiles (ajv standalone) must judge exactly as the run-time
// compiler does, and must not be used for a schema whose bytes changed since the build.
const built = existsSync(PRECOMPILED_VALIDATORS_FILE);
const demo = JSON.parse(readFileSync(packagePath('demo', 'org-state.json'), 'utf8')) as Record<string, unknown>;

/** The same document, broken in ways the schema catches (errors at several depths). */
function broken(): unknown {
  const copy = JSON.parse(JSON.stringify(demo)) as { generatedAt?: unknown; organization?: Record<string, unknown>; extra?: unknown };
  copy.generatedAt = 'not a date';
  if (copy.organization) copy.organization.region = 'MARS';
  copy.extra = 1;
  return copy;
}

(built ? describe : describe.skip)('precompiled schema validators', () => {
  it.each(SCHEMA_NAMES.map((n) => [n]))('%s: built from the schema as it is now', (name) => {
    expect(precompiledValidators(name, readFileSync(schemaFile(name)))?.['#']).toBeInstanceOf(Function);
  });

  it('a changed schema is not served from the build (the run-time compiler takes over)', () => {
    const bytes = readFileSync(schemaFile('org-state'));
    const changed = Buffer.concat([bytes, Buffer.from('\n')]);
    expect(precompiledValidators('org-state', changed)).toBeUndefined();
  });

  it.each([
    ['the demo state', demo],
    ['a broken state', broken()],
    ['not an object', 42],
  ])('org-state: %s gets the same verdict and errors from both', (_label, doc) => {
    const pre = precompiledValidators('org-state', readFileSync(schemaFile('org-state')))!['#']!;
    const runtime = newAjv().compile(JSON.parse(readFileSync(schemaFile('org-state'), 'utf8')) as object);
    const a = pre(doc);
    const b = runtime(doc);
    expect(a).toBe(b);
    expect(pre.errors ?? null).toEqual(runtime.errors ?? null);
  });

  it('validator() uses the precompiled function for an unchanged schema', () => {
    const v = validator('org-state');
    expect(v).toBe(precompiledValidators('org-state', readFileSync(schemaFile('org-state')))!['#']);
    expect(v(demo)).toBe(true);
  });

  it('parts are precompiled too, and agree with the run-time compiler', () => {
    const pre = precompiledValidators('org-state', readFileSync(schemaFile('org-state')))!;
    const member = pre['#/definitions/member'];
    expect(member).toBeInstanceOf(Function);
    const ajv = newAjv();
    const schema = JSON.parse(readFileSync(schemaFile('org-state'), 'utf8')) as { $id: string };
    ajv.addSchema(schema);
    const runtime = ajv.getSchema(`${schema.$id}#/definitions/member`)!;
    for (const doc of [{ email: 'a@b.example' }, { email: 3 }, {}]) {
      expect(member!(doc)).toBe(runtime(doc));
      expect(member!.errors ?? null).toEqual(runtime.errors ?? null);
    }
  });
});
