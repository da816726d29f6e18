/**
 * The JSON text scanner that locates schema problems in large snapshots (src/core/json-text.ts)
 * agrees with a full YAML parse on every node of real files, and measures nesting as the parser
 * would, ignoring brackets inside strings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { LineCounter, parseDocument } from 'yaml';
import { JsonLocator, jsonNestingBeyond } from '../../src/core/json-text.js';

function pointers(value: unknown, prefix: string[] = []): string[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pointers(v, [...prefix, String(i)])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pointers(v, [...prefix, k]));
  return out;
}

/** Where a full YAML parse puts the node at `path` (keys stay strings; only array indexes are numbers). */
function yamlPosition(text: string, path: string[]): { line: number; column: number } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  let value: unknown = JSON.parse(text);
  const keys: (string | number)[] = [];
  for (const s of path) {
    keys.push(Array.isArray(value) ? Number(s) : s);
    value = (value as Record<string, unknown>)[s];
  }
  const node = keys.length === 0 ? doc.contents : doc.getIn(keys, true);
  const pos = counter.linePos((node as { range: [number] }).range[0]);
  return { line: pos.line, column: pos.col };
}

describe('JsonLocator', () => {
  it('finds every node of the demo snapshot where a YAML parse puts it', () => {
    const text = readFileSync(join(process.cwd(), 'demo', 'org-state.json'), 'utf8');
    const all = pointers(JSON.parse(text));
    const locator = new JsonLocator(text);
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter });
    for (const path of all) {
      const node = path.length === 0 ? doc.contents : doc.getIn(path.map((s) => (/^\d+$/.test(s) ? Number(s) : s)), true);
      const pos = counter.linePos((node as { range: [number] }).range[0]);
      expect({ path: path.join('/'), at: locator.locate(path) }).toEqual({ path: path.join('/'), at: { line: pos.line, column: pos.col } });
    }
  });

  it('agrees with YAML on random JSON, compact or indented, and stops at the nearest existing ancestor', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const locator = new JsonLocator(text);
        for (const path of pointers(JSON.parse(text)).slice(0, 40)) {
          expect(locator.locate(path)).toEqual(yamlPosition(text, path));
          expect(locator.locate([...path, 'no such key'])).toEqual(yamlPosition(text, path));
        }
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('measures nesting outside strings only', () => {
    expect(jsonNestingBeyond('{"a": "[[[[[[[[[[[[[[[[[[[["}', 2)).toBe(-1);
    expect(jsonNestingBeyond('{"a": "\\"[[[", "b": [[1]]}', 2)).toBe(21);
    expect(jsonNestingBeyond('[[[]]]', 3)).toBe(-1);
    expect(jsonNestingBeyond('[[[[]]]]', 3)).toBe(3);
  });
});
