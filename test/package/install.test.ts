import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Whole installs and several live scans, on a machine that may be busy.
jest.setTimeout(300_000);

/**
 * The README's install paths, on this checkout: from the clone (`npm install -g .` into a temp
 * prefix) and from a packed tarball. Both must give a working `mixpanel-hardening` on the PATH:
 * `--version` and a demo scan. No network: the clone's dependencies are already installed, and
 * the tarball's are installed offline from the npm cache `npm ci` filled, at the lockfile's versions.
 * Needs dist/ (npm test builds it first).
 */
const ROOT = process.cwd();
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string>; engines: Record<string, string> };
const made: string[] = [];
const temp = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const npm = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });

function works(bin: string): void {
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
  expect(version.stdout.trim()).toBe(PKG.version);
  const out = temp('mph-install-out-');
  const demo = spawnSync(bin, ['scan', '--demo', '--out', out, '--fail-on', 'none', '--allow-incomplete', '--quiet'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
  expect(demo.stderr).toBe('');
  expect(demo.status).toBe(0);
  expect(existsSync(join(out, 'report.html'))).toBe(true);
  expect(existsSync(join(out, 'evidence', 'manifest.json'))).toBe(true);
}

describe('install', () => {
  it('from the clone: npm install -g . puts a working mixpanel-hardening on the PATH', () => {
    const prefix = temp('mph-prefix-');
    npm(['install', '-g', '--offline', '.'], ROOT, { NPM_CONFIG_PREFIX: prefix });
    works(join(prefix, 'bin', 'mixpanel-hardening'));
  });

  it('from a packed tarball: the package holds what the CLI needs at run time and runs', () => {
    const dir = temp('mph-tarball-');
    // --ignore-scripts: dist/ is already built; prepack would only build it again.
    const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dir], ROOT)) as { filename: string }[];
    const tgz = join(dir, packed[0]!.filename);
    // A project that depends on the tarball, with a lockfile of the package's production
    // dependencies at this checkout's versions, so that npm ci can install it offline.
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const packages: Record<string, unknown> = {
      '': { name: 'install-probe', dependencies: { [PKG.name]: `file:${packed[0]!.filename}` } },
      [`node_modules/${PKG.name}`]: {
        version: PKG.version,
        resolved: `file:${packed[0]!.filename}`,
        integrity: `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`,
        dependencies: PKG.dependencies,
        bin: { [PKG.name]: 'dist/src/cli/main.js' },
        engines: PKG.engines,
      },
    };
    for (const [path, entry] of Object.entries(lock.packages)) if (path !== '' && !entry.dev) packages[path] = entry;
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'install-probe', private: true, dependencies: { [PKG.name]: `file:${packed[0]!.filename}` } }));
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'install-probe', lockfileVersion: 3, requires: true, packages }));
    npm(['ci', '--offline', '--ignore-scripts'], dir);
    works(join(dir, 'node_modules', '.bin', PKG.name));
  });
});
