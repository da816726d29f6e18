/**
 * Every case of the bad-input corpus (cases.yaml) through the real CLI: exit 2, a message naming
 * the file (and line:column where there is one), no stack trace, nothing written, no prototype
 * pollution. Heavy cases (50 MB) run as a separate process of the built CLI with a 512 MB heap and
 * a time limit, so that a crash (out of memory) or a hang fails the test instead of the runner. They
 * start first and run one at a time alongside the in-process cases (instead of two at a time after
 * them: one busy child and the runner fill a 2-core machine); their checks wait for them.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pLimit from 'p-limit';
import { parse } from 'yaml';
import { runCli, tempDir } from '../support/run-cli.js';
import { generators } from './generate.js';

const ROOT = process.cwd();
const CORPUS = join(ROOT, 'test', 'bad-inputs');
const SMALL = join(ROOT, 'test', 'fixtures', 'small-state.yaml');
const MAIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const CHILD_HEAP_MB = 512;
const CHILD_TIMEOUT_MS = 60_000;
/** Separate processes at once (beside the runner's own in-process cases). */
const CHILD_POOL = 1;

interface Case {
  file?: string;
  generate?: string;
  name?: string;
  kind: string;
  as?: string;
  at?: string;
  message: string;
  child?: boolean;
  secret?: string;
}

interface Manifest {
  kinds: Record<string, string[]>;
  cases: Case[];
}

const manifest = parse(readFileSync(join(CORPUS, 'cases.yaml'), 'utf8')) as Manifest;
const STACK_LINE = /\n\s+at /;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What a polluted prototype would show: own names of the built-in prototypes, and stray globals. */
function prototypeFingerprint(): string {
  const protos = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype, String: String.prototype, Number: Number.prototype };
  return JSON.stringify(Object.entries(protos).map(([name, p]) => [name, Object.getOwnPropertyNames(p).sort()]));
}

function assertNotPolluted(baseline: string): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect((globalThis as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  expect(prototypeFingerprint()).toBe(baseline);
}

interface Prepared {
  work: string;
  input: string;
  out: string;
  argv: string[];
  /** What the work folder may hold afterwards: the inputs put there, nothing else. */
  expectedEntries: string[];
}

function prepare(c: Case): Prepared {
  const work = tempDir('mph-bad-');
  const out = join(work, 'out');
  let input: string;
  let dir = '';
  const expectedEntries: string[] = [];
  if (c.generate) {
    const generate = generators[c.generate];
    if (!generate) throw new Error(`cases.yaml: unknown generator ${c.generate}`);
    mkdirSync(join(work, 'in'));
    expectedEntries.push('in');
    input = join(work, 'in', c.name!.split('/').pop()!);
    generate(input);
  } else if (c.as) {
    dir = join(work, 'in');
    mkdirSync(dir);
    expectedEntries.push('in');
    input = join(dir, c.as);
    copyFileSync(join(CORPUS, c.file!), input);
  } else {
    input = join(CORPUS, c.file!);
  }
  const template = manifest.kinds[c.kind];
  if (!template) throw new Error(`cases.yaml: unknown kind ${c.kind}`);
  const argv = template.map((a) => a.replace('{file}', input).replace('{dir}', dir || dirname(input)).replace('{out}', out).replace('{small}', SMALL));
  return { work, input, out, argv, expectedEntries };
}

function label(c: Case): string {
  return `${c.kind}: ${c.file ?? c.name}${c.child ? ' (separate process)' : ''}`;
}

/** What was left behind, read before the work folder is removed. */
interface Leftovers {
  outExists: boolean;
  entries: string[];
}

const leftovers = (p: Prepared): Leftovers => ({ outExists: existsSync(p.out), entries: readdirSync(p.work).sort() });

function checkOutcome(c: Case, p: Prepared, left: Leftovers, code: number, stdout: string, stderr: string): void {
  const context = `${label(c)}\nstdout: ${stdout.slice(0, 500)}\nstderr: ${stderr.slice(0, 1500)}`;
  expect({ context, code }).toEqual({ context, code: 2 });
  // The message names the file, at its line and column where the case has one.
  const where = c.at ? `${escape(p.input)}:${escape(c.at)}:` : `${escape(p.input)}`;
  expect(stderr).toMatch(new RegExp(where));
  expect(stderr).toMatch(new RegExp(c.message));
  expect(stderr).not.toMatch(STACK_LINE);
  expect(stdout).not.toMatch(STACK_LINE);
  // Messages quote the input: escape sequences and other control characters never reach the terminal.
  expect(CONTROL.test(stderr.replace(/[\n\t]/g, ''))).toBe(false);
  if (c.secret) {
    expect(stderr).not.toContain(c.secret);
    expect(stdout).not.toContain(c.secret);
  }
  // Nothing written: no report, no snapshot, no temporary file beside them.
  expect(left.outExists).toBe(false);
  expect(left.entries).toEqual(p.expectedEntries);
}

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  error: string | undefined;
  stdout: string;
  stderr: string;
  /** Killed for running past the time limit. */
  timedOut: boolean;
}

interface ChildOutcome {
  p: Prepared;
  left: Leftovers;
  r: ChildRun;
}

/** The built CLI on one case in its own process (asynchronously, so that it runs beside the in-process cases). */
async function runChild(c: Case): Promise<ChildOutcome> {
  const p = prepare(c);
  try {
    const r = await new Promise<ChildRun>((resolve) => {
      const child = spawn(process.execPath, [`--max-old-space-size=${CHILD_HEAP_MB}`, MAIN, ...p.argv], {
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      let error: string | undefined;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, CHILD_TIMEOUT_MS);
      child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
      child.on('error', (err) => { error = err.message; });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, error, stdout, stderr, timedOut });
      });
    });
    return { p, left: leftovers(p), r };
  } finally {
    // 50 MB apiece: never left behind in the temporary folder.
    rmSync(p.work, { recursive: true, force: true });
  }
}

/** Every heavy case, CHILD_POOL at a time; resolves when all have ended. */
async function runChildren(cases: Case[]): Promise<Map<Case, ChildOutcome>> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  const outcomes = new Map<Case, ChildOutcome>();
  const limit = pLimit(CHILD_POOL);
  await Promise.all(cases.map((c) => limit(async () => outcomes.set(c, await runChild(c)))));
  return outcomes;
}

describe('the bad-input corpus', () => {
  const childCases = manifest.cases.filter((c) => c.child);
  let heavy: Promise<Map<Case, ChildOutcome>>;
  beforeAll(() => {
    heavy = runChildren(childCases);
    // Awaited (and any failure reported) by the separate-process cases below.
    heavy.catch(() => undefined);
  });

  it('has at least 40 cases, each file committed exactly once and listed', () => {
    expect(manifest.cases.length).toBeGreaterThanOrEqual(40);
    const listed = manifest.cases.filter((c) => c.file).map((c) => c.file!);
    expect(new Set(listed).size).toBe(listed.length);
    const committed = readdirSync(CORPUS, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(CORPUS, d.name)).map((f) => `${d.name}/${f}`));
    expect(committed.sort()).toEqual([...listed].sort());
  });

  describe('in process', () => {
    let baseline: string;
    beforeAll(() => {
      baseline = prototypeFingerprint();
    });
    afterAll(() => {
      assertNotPolluted(baseline);
    });

    it.each(manifest.cases.filter((c) => !c.child).map((c) => [label(c), c] as const))('%s', async (_name, c) => {
      const p = prepare(c);
      const r = await runCli(p.argv, { env: { NO_COLOR: '1' } });
      try {
        checkOutcome(c, p, leftovers(p), r.code, r.stdout, r.stderr);
        assertNotPolluted(baseline);
      } finally {
        rmSync(p.work, { recursive: true, force: true });
      }
    });
  });

  describe(`in a separate process (heap ${CHILD_HEAP_MB} MB, ${CHILD_TIMEOUT_MS / 1000} s)`, () => {
    let outcomes: Map<Case, ChildOutcome>;

    beforeAll(async () => {
      outcomes = await heavy;
    }, Math.ceil(childCases.length / CHILD_POOL) * (CHILD_TIMEOUT_MS + 30_000));

    it.each(childCases.map((c) => [label(c), c] as const))('%s', (_name, c) => {
      const { p, left, r } = outcomes.get(c)!;
      // A crash (signal, out of memory) or the time limit fails here, with what the process said.
      expect({ signal: r.signal, error: r.error, timedOut: r.timedOut, stderr: r.signal ? r.stderr.slice(-2000) : '' })
        .toEqual({ signal: null, error: undefined, timedOut: false, stderr: '' });
      checkOutcome(c, p, left, r.code ?? -1, r.stdout, r.stderr);
    });
  });
});
