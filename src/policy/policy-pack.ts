import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PACKAGE_ROOT, packagePath } from '../core/paths.js';
import type { Check } from '../language/check.js';
import { DEFAULT_POLICY_DIR, loadPolicies } from './load-policies.js';

/**
 * The precompiled policy pack: exactly what loadPolicies() returns for the bundled folder, saved as
 * JSON by `npm run build` (scripts/build-packs.mjs). Parsing, validating and linting 45 YAML files
 * costs a few hundred milliseconds on every run; one JSON.parse costs a few. It is a cache, not a
 * second loader: it holds the loader's output, and is used only when a digest of every input the
 * loader reads equals the digest taken when it was built. Any other folder (`--policies`), an
 * edited file, or a missing or unreadable pack goes through loadPolicies() as before.
 */
export const POLICY_PACK_FILE = packagePath('dist', 'src', 'policy', 'policy-pack.json');

/** Bumped when the pack's own layout changes. */
const PACK_FORMAT = 1;

export interface PolicyPack {
  format: number;
  /** policyDigest() of the folder the checks were loaded from. */
  digest: string;
  checks: Check[];
}

/**
 * Besides the check files, the loader reads the check schema and, to lint framework ids, the bundled
 * frameworks (policies/frameworks, their schemas) and the reference catalogs they point to.
 */
function loaderInputs(): string[] {
  const frameworks = packagePath('policies', 'frameworks');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else files.push(join(dir, entry.name));
    }
  };
  walk(frameworks);
  return [
    ...['check', 'framework', 'framework-catalog'].map((n) => packagePath('schemas', `${n}.schema.json`)),
    ...files,
    ...['nist-800-53-rev5-controls.json', 'soc2-tsc-2017.json', 'cis-controls-v8.json'].map((f) => packagePath('reference', f)),
  ];
}

/**
 * sha256 over every input of loadPolicies(dir): the names and bytes of the folder's check files (the
 * loader's own selection) and the schema and catalogs it checks them against. Undefined when any of
 * them cannot be read: then the loader runs, and reports the problem as it always has.
 */
export function policyDigest(dir: string): string | undefined {
  try {
    const hash = createHash('sha256').update(`mixpanel-hardening policy pack ${PACK_FORMAT}\0`);
    const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
    for (const f of files) {
      const bytes = readFileSync(join(dir, f));
      hash.update(`${f}\0${bytes.length}\0`).update(bytes);
    }
    for (const input of loaderInputs()) {
      const bytes = readFileSync(input);
      // Named relative to the package, so an installed copy digests as the build did.
      const name = relative(PACKAGE_ROOT, input);
      hash.update(`\0${name}\0${bytes.length}\0`).update(bytes);
    }
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}

/** Loads the folder with the real loader and records its digest: what the build saves. */
export function buildPolicyPack(dir: string = DEFAULT_POLICY_DIR): PolicyPack {
  const digest = policyDigest(dir);
  if (digest === undefined) throw new Error(`policy pack: cannot read every input of ${dir}`);
  return { format: PACK_FORMAT, digest, checks: loadPolicies(dir) };
}

/** The saved pack, or undefined when it is absent, unreadable or not a pack of this format. */
function readPack(file: string): PolicyPack | undefined {
  try {
    const pack = JSON.parse(readFileSync(file, 'utf8')) as Partial<PolicyPack> | null;
    if (pack?.format !== PACK_FORMAT || typeof pack.digest !== 'string' || !Array.isArray(pack.checks)) return undefined;
    return pack as PolicyPack;
  } catch {
    return undefined;
  }
}

/** How the checks of the last call were obtained (for tests and the benchmark). */
export type PackSource = 'pack' | 'loader';

/**
 * The checks of a policy folder, as loadPolicies(dir) returns them: from the precompiled pack when
 * its digest matches the folder's, otherwise from the loader (which validates and reports problems).
 */
export function loadPolicyPack(dir: string = DEFAULT_POLICY_DIR, packFile: string = POLICY_PACK_FILE): { checks: Check[]; source: PackSource } {
  const digest = policyDigest(dir);
  if (digest !== undefined) {
    const pack = readPack(packFile);
    if (pack?.digest === digest) return { checks: pack.checks, source: 'pack' };
  }
  return { checks: loadPolicies(dir), source: 'loader' };
}
