import { isAbsolute, relative, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { EvidenceRole } from './manifest.js';

/**
 * Where `scan` writes its evidence bundle: `--evidence DIR`, by default `<out>/evidence`, none with
 * `--no-evidence`. The bundle replaces its folder, so it may not be the report folder or contain it.
 */
export function evidenceTarget(evidence: string | false | undefined, out: string, cwd: string): string | undefined {
  if (evidence === false) return undefined;
  if (evidence === '') throw new UsageError('--evidence needs a folder (or use --no-evidence)');
  const outDir = resolve(cwd, out);
  const dir = evidence === undefined ? resolve(outDir, 'evidence') : resolve(cwd, evidence);
  const rel = relative(dir, outDir);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
    throw new UsageError(`--evidence ${evidence ?? dir} would replace the report folder ${out}; give a folder outside it (default: <out>/evidence)`);
  }
  return dir;
}

/**
 * The input files a scan was given, by option, for the bundle. An allowlist: an option is copied
 * only if it is known to name a non-secret input, so a credentials file can never slip in.
 */
const INPUT_OPTIONS: readonly (readonly [option: string, role: EvidenceRole])[] = [
  ['config', 'config'],
  ['exceptions', 'exceptions'],
  ['baseline', 'baseline'],
  ['attestations', 'attestations'],
  ['members', 'input'],
  ['roster', 'input'],
  ['audit-log', 'input'],
];

export function evidenceInputs(args: Readonly<Record<string, unknown>>, cwd: string): { role: EvidenceRole; file: string }[] {
  const out: { role: EvidenceRole; file: string }[] = [];
  for (const [option, role] of INPUT_OPTIONS) {
    const value = args[option];
    const files = Array.isArray(value) ? value : [value];
    for (const f of files) if (typeof f === 'string' && f !== '') out.push({ role, file: resolve(cwd, f) });
  }
  return out;
}
