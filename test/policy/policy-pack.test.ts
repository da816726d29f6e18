import { describe, expect, it } from '@jest/globals';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY_DIR, loadPolicies } from '../../src/policy/load-policies.js';
import { buildPolicyPack, loadPolicyPack, POLICY_PACK_FILE, policyDigest } from '../../src/policy/policy-pack.js';
import { InputError } from '../../src/core/errors.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'mph-pack-'));
}

/** A pack built from the bundled folder, saved where the test controls it. */
function savedPack(): string {
  const file = join(tempDir(), 'policy-pack.json');
  writeFileSync(file, JSON.stringify(buildPolicyPack(DEFAULT_POLICY_DIR)));
  return file;
}

describe('precompiled policy pack', () => {
  const packFile = savedPack();

  it('holds exactly what the loader returns, and is used for the folder it was built from', () => {
    const loaded = loadPolicies(DEFAULT_POLICY_DIR);
    const fromPack = loadPolicyPack(DEFAULT_POLICY_DIR, packFile);
    expect(fromPack.source).toBe('pack');
    expect(fromPack.checks).toStrictEqual(JSON.parse(JSON.stringify(loaded)));
    expect(fromPack.checks.map((c) => c.id)).toEqual(loaded.map((c) => c.id));
  });

  it('notices a changed policy file (digest) and falls back to the loader, which sees the change', () => {
    const dir = tempDir();
    cpSync(DEFAULT_POLICY_DIR, dir, { recursive: true });
    expect(policyDigest(dir)).toBe(policyDigest(DEFAULT_POLICY_DIR));
    expect(loadPolicyPack(dir, packFile).source).toBe('pack');
    const file = join(dir, 'MP-1.1.1.yaml');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace(/^title: .*$/m, 'title: A title changed by the user'));
    expect(policyDigest(dir)).not.toBe(policyDigest(DEFAULT_POLICY_DIR));
    const changed = loadPolicyPack(dir, packFile);
    expect(changed.source).toBe('loader');
    expect(changed.checks).toStrictEqual(loadPolicies(dir));
    expect(changed.checks.find((c) => c.id === 'MP-1.1.1')?.title).toBe('A title changed by the user');
  });

  it('the fallback gives the same result as the pack for the same files', () => {
    const dir = tempDir();
    cpSync(DEFAULT_POLICY_DIR, dir, { recursive: true });
    const viaPack = loadPolicyPack(dir, packFile);
    const viaLoader = loadPolicyPack(dir, join(tempDir(), 'absent.json'));
    expect(viaPack.source).toBe('pack');
    expect(viaLoader.source).toBe('loader');
    expect(JSON.parse(JSON.stringify(viaLoader.checks))).toStrictEqual(viaPack.checks);
  });

  it('an added, removed or renamed check file changes the digest', () => {
    const dir = tempDir();
    cpSync(DEFAULT_POLICY_DIR, dir, { recursive: true });
    const before = policyDigest(dir);
    writeFileSync(join(dir, 'extra.yml'), 'id: extra\n');
    expect(policyDigest(dir)).not.toBe(before);
  });

  it('a bad policy in a user folder is still reported by the loader (exit 2 path), not hidden by the pack', () => {
    const dir = tempDir();
    cpSync(DEFAULT_POLICY_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'MP-1.1.1.yaml'), 'id: MP-1.1.1\n');
    expect(() => loadPolicyPack(dir, packFile)).toThrow(InputError);
  });

  it('ignores a corrupt or foreign pack file', () => {
    const bad = join(tempDir(), 'pack.json');
    writeFileSync(bad, '{"format": 1, "digest": 3');
    expect(loadPolicyPack(DEFAULT_POLICY_DIR, bad).source).toBe('loader');
    writeFileSync(bad, JSON.stringify({ format: 99, digest: policyDigest(DEFAULT_POLICY_DIR), checks: [] }));
    expect(loadPolicyPack(DEFAULT_POLICY_DIR, bad).source).toBe('loader');
  });

  it('an unreadable folder gives the loader\'s error, not a digest failure', () => {
    expect(policyDigest(join(tempDir(), 'missing'))).toBeUndefined();
    expect(() => loadPolicyPack(join(tempDir(), 'missing'), packFile)).toThrow(/cannot read policy folder/);
  });
});

describe('the pack the build makes', () => {
  it('npm run build writes it after compiling (so a package always carries its own)', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toMatch(/^tsc -p tsconfig\.build\.json && node scripts\/build-packs\.mjs/);
  });

  (existsSync(POLICY_PACK_FILE) ? it : it.skip)('the built pack matches policies/checks as they are now', () => {
    const pack = JSON.parse(readFileSync(POLICY_PACK_FILE, 'utf8')) as { digest: string };
    expect(pack.digest).toBe(policyDigest(DEFAULT_POLICY_DIR));
  });
});
