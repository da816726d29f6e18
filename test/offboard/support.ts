import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse, stringify } from 'yaml';
import type { OrgState } from '../../src/state/org-state.js';

export const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'offboard');
export const BEFORE = join(FIXTURES, 'before.yaml');
export const AFTER_DELETE = join(FIXTURES, 'after-delete.yaml');
export const PERSON = 'late@contractor.dev';

/** Times of the fixture story: plan the day after the window closed, remove at noon, verify two days later. */
export const PLAN_AT = '2026-05-31T00:00:00Z';
export const REMOVED_AT = '2026-05-31T12:00:00Z';
export const VERIFY_AT = '2026-06-02T00:00:00Z';

export function loadFixture(file: string): OrgState {
  return parse(readFileSync(file, 'utf8')) as OrgState;
}

/** Writes a variant of a fixture state, changed by `edit`, and returns its path. */
export function variant(dir: string, name: string, from: string, edit: (s: OrgState) => void): string {
  const state = loadFixture(from);
  edit(state);
  const file = join(dir, name);
  writeFileSync(file, stringify(state));
  return file;
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export function readCsv(file: string): Record<string, string>[] {
  return parseCsv(readFileSync(file, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
}

/** The paths the CLI prints after "Plan:" or "Evidence:". */
export function printedPath(stdout: string, label: 'Plan' | 'Evidence'): string {
  const m = new RegExp(`^${label}: (\\S+?\\.json)`, 'm').exec(stdout);
  if (!m) throw new Error(`no ${label} path in:\n${stdout}`);
  return m[1]!;
}

export function readJson<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
