/**
 * The import graph of src/, read with the TypeScript compiler's own pre-processor (so `import type`,
 * re-exports and dynamic `import()` all count: each is a compile-time dependency between files).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface FileEdge {
  readonly from: string;
  readonly to: string;
}

/** Every .ts file under `root`, as a path relative to `root` with forward slashes. */
function sourceFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(root, full));
    else if (entry.name.endsWith('.ts')) out.push(relative(root, full).split(sep).join('/'));
  }
  return out.sort();
}

/** File-to-file edges for relative imports; package imports are not part of the layering. */
export function fileEdges(root: string): FileEdge[] {
  const edges: FileEdge[] = [];
  for (const file of sourceFiles(root)) {
    const text = readFileSync(join(root, file), 'utf8');
    const { importedFiles } = ts.preProcessFile(text, true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      // NodeNext sources import './x.js' for './x.ts'.
      const target = relative(root, resolve(root, dirname(file), fileName)).split(sep).join('/').replace(/\.js$/, '.ts');
      edges.push({ from: file, to: target });
    }
  }
  return edges;
}

/** The top folder of a path relative to src/ ('engine/operators/size.ts' -> 'engine'). */
export const folderOf = (file: string): string => file.split('/')[0] ?? file;

/** Distinct `a -> b` folder edges (a !== b), sorted. */
export function folderEdges(edges: readonly FileEdge[]): string[] {
  const set = new Set<string>();
  for (const { from, to } of edges) {
    const a = folderOf(from);
    const b = folderOf(to);
    if (a !== b) set.add(`${a} -> ${b}`);
  }
  return [...set].sort();
}

/**
 * Strongly connected components with more than one node (Tarjan), each sorted, in sorted order:
 * every such component is an import cycle.
 */
export function cycles(edges: readonly (readonly [string, string])[]): string[][] {
  const next = new Map<string, string[]>();
  for (const [a, b] of edges) {
    next.set(a, [...(next.get(a) ?? []), b]);
    if (!next.has(b)) next.set(b, []);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return found.sort((x, y) => x.join().localeCompare(y.join()));
}

/** Every folder reachable from `start` through `allowed` (not including `start` itself unless cyclic). */
export function reachable(allowed: Readonly<Record<string, readonly string[]>>, start: string): Set<string> {
  const seen = new Set<string>();
  const todo = [...(allowed[start] ?? [])];
  for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...(allowed[f] ?? []));
  }
  return seen;
}
