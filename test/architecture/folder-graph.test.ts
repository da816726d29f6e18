/**
 * The dependency direction of src/, checked on every run so a back-edge fails here rather than
 * being found in a review:
 *   cli -> pipeline -> features -> report -> policy -> engine -> language -> state -> core
 *   pipeline -> collect -> (mixpanel -> core, state)
 * Features (exceptions, offboard, diff, history, evidence, plan, attest) sit between pipeline and the
 * report model; renderers in src/report read only the report model.
 */
import { describe, expect, it } from '@jest/globals';
import { packagePath } from '../../src/core/paths.js';
import { cycles, type FileEdge, fileEdges, folderEdges, folderOf, reachable } from './import-graph.js';

/**
 * What each folder may import directly; anything reachable through these is allowed too. A folder
 * that is not listed here fails the test, so a new folder has to be placed in the order on purpose.
 */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  core: [],
  state: ['core'],
  language: ['state'],
  engine: ['language'],
  policy: ['engine'],
  // The API client knows hosts and HTTP, not the org-state model.
  mixpanel: ['core'],
  collect: ['mixpanel', 'state'],
  // The report model is built from evaluation results and the catalogs the checks map to.
  report: ['policy'],
  diff: ['report'],
  history: ['diff'],
  exceptions: ['report'],
  evidence: ['report'],
  offboard: ['report', 'collect'],
  plan: ['report', 'collect'],
  // Attestation drafts are built from a report and the plan's view of what each check needs.
  attest: ['plan', 'report', 'collect'],
  pipeline: ['exceptions', 'offboard', 'diff', 'history', 'evidence', 'plan', 'attest', 'collect'],
  cli: ['pipeline'],
  // Benchmark data generation: a development tool that writes org-state snapshots.
  bench: ['state'],
};

const SRC = packagePath('src');
const edges: FileEdge[] = fileEdges(SRC);
const actualFolderEdges = folderEdges(edges);
const pairs = (list: readonly string[]): [string, string][] =>
  list.map((e) => {
    const [a = '', b = ''] = e.split(' -> ');
    return [a, b];
  });

describe('the folder graph of src/', () => {
  it('reads the imports (a sanity check that the parser sees the graph at all)', () => {
    expect(edges.length).toBeGreaterThan(200);
    expect(actualFolderEdges).toContain('cli -> pipeline');
    expect(actualFolderEdges).toContain('engine -> language');
  });

  it('the declared order itself has no cycle and names every folder', () => {
    const declared = Object.entries(MAY_IMPORT).flatMap(([a, bs]) => bs.map((b): [string, string] => [a, b]));
    expect(cycles(declared)).toEqual([]);
    const folders = new Set(edges.flatMap(({ from, to }) => [folderOf(from), folderOf(to)]));
    expect([...folders].filter((f) => !(f in MAY_IMPORT) && !f.endsWith('.ts'))).toEqual([]);
  });

  it('has no folder cycle', () => {
    expect(cycles(pairs(actualFolderEdges))).toEqual([]);
  });

  it('has no import against the order', () => {
    const against = actualFolderEdges.filter((e) => {
      const [[a, b] = ['', '']] = pairs([e]);
      return !reachable(MAY_IMPORT, a).has(b);
    });
    const detail = against.map((e) => `${e}: ${edges.filter(({ from, to }) => `${folderOf(from)} -> ${folderOf(to)}` === e).map(({ from, to }) => `${from} imports ${to}`).join(', ')}`);
    expect(detail).toEqual([]);
  });
});

describe('renderers read only the report model', () => {
  const isRenderer = (file: string): boolean => /^report\/render-[^/]+\.ts$/.test(file);
  // The model's vocabulary: the report folder, the check language's types and core helpers.
  const modelFolders = new Set(['report', 'language', 'core']);
  const outside = edges
    .filter(({ from, to }) => isRenderer(from) && !modelFolders.has(folderOf(to)))
    .map(({ from, to }) => `${from} -> ${to}`);

  it('imports nothing outside the model', () => {
    expect(outside).toEqual([]);
  });
});

describe('files inside one folder', () => {
  const inFolder = edges
    .filter(({ from, to }) => folderOf(from) === folderOf(to))
    .map(({ from, to }): [string, string] => [from, to]);
  it('import one another without a cycle', () => {
    expect(cycles(inFolder)).toEqual([]);
  });
});

describe('the cycle finder', () => {
  it('finds a cycle, a self-contained pair and nothing in a chain', () => {
    expect(cycles([['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'd']])).toEqual([['a', 'b', 'c']]);
    expect(cycles([['x', 'y'], ['y', 'x'], ['p', 'q']])).toEqual([['x', 'y']]);
    expect(cycles([['a', 'b'], ['b', 'c']])).toEqual([]);
  });

  it('reaches through the declared order', () => {
    expect(reachable(MAY_IMPORT, 'cli').has('core')).toBe(true);
    expect(reachable(MAY_IMPORT, 'core').size).toBe(0);
    expect(reachable(MAY_IMPORT, 'state').has('engine')).toBe(false);
  });
});
