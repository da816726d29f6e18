import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { packagePath } from '../../src/core/paths.js';

const SRC = packagePath('src');
const REPORT = join(SRC, 'report');

/** The modules a source file imports (value and type imports alike), as paths under src/ or bare names. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)) {
    const spec = m[1]!;
    out.push(spec.startsWith('.') ? relative(SRC, normalize(join(dirname(file), spec.replace(/\.js$/, '.ts')))) : spec);
  }
  return out;
}

/** Every module `file` reaches through imports inside src/, itself included. */
function reach(file: string, seen = new Set<string>()): Set<string> {
  const rel = relative(SRC, file);
  if (seen.has(rel)) return seen;
  seen.add(rel);
  for (const i of importsOf(file)) if (i.endsWith('.ts')) reach(join(SRC, i), seen);
  return seen;
}

const reportFiles = readdirSync(REPORT).filter((f) => f.endsWith('.ts')).map((f) => join(REPORT, f));

describe('the report model and its renderers', () => {
  it('src/report imports no feature, pipeline or command: features depend on the report, never the reverse', () => {
    const upward = /^(exceptions|offboard|history|diff|evidence|pipeline|cli|collect|mixpanel|plan|policy)\//;
    const found = reportFiles.flatMap((f) => importsOf(f).filter((i) => upward.test(i)).map((i) => `${relative(SRC, f)} -> ${i}`));
    expect(found).toEqual([]);
  });

  it('the renderers read no file: nothing they reach imports node:fs, the package paths or a catalog', () => {
    const renderers = reportFiles.filter((f) => /\/render-[a-z]+\.ts$/.test(f));
    expect(renderers.length).toBeGreaterThanOrEqual(9);
    const found = renderers.flatMap((f) => [...reach(f)].flatMap((m) => {
      const bad = importsOf(join(SRC, m)).filter((i) => /^(node:)?fs(\/promises)?$/.test(i) || i === 'core/paths.ts' || i.startsWith('policy/'));
      return bad.map((b) => `${relative(SRC, f)} reaches ${m} -> ${b}`);
    }));
    expect(found).toEqual([]);
  });

  it('the walk sees a file read where there is one (the test above can fail)', () => {
    const loader = join(REPORT, 'html-assets.ts');
    expect(importsOf(loader)).toContain('node:fs');
    expect([...reach(join(SRC, 'pipeline', 'scan-pipeline.ts'))]).toContain('report/html-assets.ts');
  });
});
