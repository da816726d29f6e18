import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { SECTION_GUIDES, SIGNATURE_FIELDS, type FieldGuide } from '../../src/attest/section-guide.js';
import { ATTESTED_SLICES } from '../../src/state/org-state.js';

interface SchemaObject { required?: string[]; properties: Record<string, { items?: SchemaObject } & Partial<SchemaObject>> }
const schema = JSON.parse(readFileSync('schemas/attestations.schema.json', 'utf8')) as SchemaObject;

/** Field names, required and optional, as the guide states them. */
function shape(fields: readonly FieldGuide[]) {
  return { required: fields.filter((f) => !f.optional).map((f) => f.name).sort(), optional: fields.filter((f) => f.optional).map((f) => f.name).sort() };
}
function schemaShape(obj: SchemaObject, without: readonly string[] = []) {
  const all = Object.keys(obj.properties).filter((k) => !without.includes(k));
  const required = (obj.required ?? []).filter((k) => !without.includes(k));
  return { required: [...required].sort(), optional: all.filter((k) => !required.includes(k)).sort() };
}

describe('the section guide matches the attestations schema', () => {
  const sections = Object.keys(schema.properties).filter((k) => !['$schema', 'version', 'organization'].includes(k));

  it('has one guide for every section of the schema and every attested slice', () => {
    expect(SECTION_GUIDES.map((g) => g.section).sort()).toEqual([...sections].sort());
    for (const s of ATTESTED_SLICES) expect(sections).toContain(s);
  });

  it.each(sections)('%s: the same fields, required and optional, records item by item', (section) => {
    const guide = SECTION_GUIDES.find((g) => g.section === section)!;
    const part = schema.properties[section] as SchemaObject;
    expect(shape(guide.fields)).toEqual(schemaShape(part, SIGNATURE_FIELDS));
    for (const f of guide.fields.filter((x) => x.kind === 'records')) {
      const items = (part.properties[f.name]!.items ?? {}) as SchemaObject;
      const inSchema = schemaShape(items);
      // The `name` of a project label is for people reading the file; attest does not ask for it.
      const optional = section === 'projects' ? inSchema.optional.filter((n) => n !== 'name') : inSchema.optional;
      expect(shape(f.item!)).toEqual({ required: inSchema.required, optional });
    }
    expect(guide.verify.length).toBeGreaterThan(0);
  });
});
