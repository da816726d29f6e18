import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';

// The engine sits below the policy layer: it may read the language's types, the state and the core
// helpers, nothing above them; the language reads only the state and core. Inside the engine the
// imports form no circle, so each file can be read (and tested) from the ones it builds on.
const SRC = resolve('src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  // `import ... from './x.js'`, `export ... from './x.js'` and a bare `import './x.js'`.
  return [...text.matchAll(/^(?:import|export)\b[^;'"]*?(?:from\s*)?'(\.[^']+)'/gm)].map((m) => resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
}

const folder = (file: string) => relative(SRC, file).split('/')[0]!;

describe('engine and language imports', () => {
  it.each([
    ['engine', ['engine', 'language', 'state', 'core']],
    ['language', ['language', 'state', 'core']],
  ])('src/%s imports only from %j', (name, allowed) => {
    const outside = files(join(SRC, name)).flatMap((f) => imports(f).filter((i) => !allowed.includes(folder(i))).map((i) => `${relative(SRC, f)} -> ${relative(SRC, i)}`));
    expect(outside).toEqual([]);
  });

  it('src/engine has no import circle', () => {
    const graph = new Map(files(join(SRC, 'engine')).map((f) => [f, imports(f).filter((i) => folder(i) === 'engine')]));
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        circles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(SRC, p)).join(' -> '));
        return;
      }
      state.set(f, 'open');
      for (const next of graph.get(f) ?? []) visit(next, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f, []);
    expect(circles).toEqual([]);
  });
});
