import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ExitError, InputError } from '../core/errors.js';
import { loadReportFile } from '../report/load-report.js';
import type { IgnoredRun, StoredRun } from './run-history.js';

/**
 * The history folder of `scan --history DIR`: one report.json per run, named by its scan time
 * (`2026-06-01T00-00-00Z.json`; colons are not allowed in Windows file names) with `-2`, `-3` ...
 * when several runs share a scan time. Files are created exclusively: a run never overwrites another.
 */
const RUN_NAME = /^(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d+)?Z)(?:-(\d+))?\.json$/;

/** The file-name stem for a scan time: the ISO instant in UTC with `-` for `:`. */
export function runStem(now: string): string {
  return new Date(Date.parse(now)).toISOString().replace(/\.000Z$/, 'Z').replace(/:/g, '-');
}

export interface HistoryFolder {
  dir: string;
  runs: StoredRun[];
  /** JSON files that are not named as runs: left alone and listed. */
  ignored: IgnoredRun[];
  /** Every file name present, to choose a free name for this run. */
  names: Set<string>;
}

/**
 * Reads every run kept in `dir` (a missing folder is an empty history). A file named as a run that
 * is not a valid report stops the scan (exit 2 with the file and the problem): a history that
 * silently dropped a run would show a trend that did not happen.
 */
export function readHistoryFolder(dir: string, maxRuns: number): HistoryFolder {
  const abs = resolve(dir);
  let entries: string[];
  try {
    if (!statSync(abs).isDirectory()) throw InputError.at(dir, '--history needs a folder; this is a file');
    entries = readdirSync(abs);
  } catch (err) {
    if (err instanceof InputError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { dir: abs, runs: [], ignored: [], names: new Set() };
    throw InputError.at(dir, `cannot read the history folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const named = entries.filter((n) => RUN_NAME.test(n)).sort(compareRunNames);
  const ignored = entries.filter((n) => n.endsWith('.json') && !RUN_NAME.test(n)).sort().map((file) => ({ file, reason: 'not named as a run (YYYY-MM-DDTHH-MM-SSZ.json)' }));
  // Only the newest runs are read: a long history of large reports stays cheap. Runs of another
  // organization among them are counted out later, so a few more are read than are kept.
  const recent = named.slice(Math.max(0, named.length - maxRuns * 2));
  const runs = recent.map((file) => {
    const loaded = loadReportFile(join(abs, file));
    return { file, sha256: loaded.sha256, report: loaded.report };
  });
  return { dir: abs, runs, ignored, names: new Set(entries) };
}

function compareRunNames(a: string, b: string): number {
  const [, ta = '', sa = '1'] = RUN_NAME.exec(a) ?? [];
  const [, tb = '', sb = '1'] = RUN_NAME.exec(b) ?? [];
  return ta.localeCompare(tb) || Number(sa) - Number(sb);
}

/** The name this run will be kept under: the first free one for its scan time. */
export function nextRunName(folder: Pick<HistoryFolder, 'names'>, now: string): string {
  const stem = runStem(now);
  if (!folder.names.has(`${stem}.json`)) return `${stem}.json`;
  let n = 2;
  while (folder.names.has(`${stem}-${n}.json`)) n++;
  return `${stem}-${n}.json`;
}

/**
 * Keeps this run's report.json in the history folder. Written to a temporary file first and then
 * hard-linked to its name, which fails if the name exists: a crash leaves no half-written run, and
 * a run never replaces another.
 */
export function keepRun(dir: string, name: string, content: string): string {
  const folder = resolve(dir);
  const target = join(folder, name);
  const tmp = join(folder, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(folder, { recursive: true });
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      const buf = Buffer.from(content, 'utf8');
      for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
    } finally {
      closeSync(fd);
    }
    linkSync(tmp, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ExitError(`cannot keep the run as ${target}: the file appeared while the scan ran (another scan?); the reports are written, the history is not`, 4);
    throw new ExitError(`cannot keep the run in the history folder ${dir}: ${code ?? (err as Error).message}`, 4);
  } finally {
    rmSync(tmp, { force: true });
  }
  return target;
}
