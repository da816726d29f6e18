import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packedPackage } from '../support/packed-package.js';

// Whole installs and several live scans, on a machine that may be busy.
jest.setTimeout(300_000);

/**
 * The README's install paths, on this checkout: from the clone (`npm install -g .` into a temp
 * prefix) and from a packed tarball. Both must give a working `mixpanel-hardening` on the PATH:
 * `--version` and a demo scan. No network: the clone's dependencies are already installed, and
 * the tarball's are installed offline from the npm cache `npm ci` filled, at the lockfile's versions.
 * Needs dist/ (npm test builds it first). The two paths share nothing, so they run at once: each
 * mostly waits on npm's disk and on child processes. The tarball is the one `npm pack` of this
 * build that test/package/pack.test.ts reads too (test/support/packed-package.ts).
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

const run = promisify(execFile);
const npm = async (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> =>
  (await run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 })).stdout;

/** A command's exit code and output; a non-zero exit is a result here, not an exception. */
async function status(bin: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(bin, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}

async function works(bin: string): Promise<void> {
  const version = await status(bin, ['--version']);
  expect(version.stdout.trim()).toBe(PKG.version);
  const out = temp('mph-install-out-');
  const demo = await status(bin, ['scan', '--demo', '--out', out, '--fail-on', 'none', '--allow-incomplete', '--quiet']);
  expect(demo.stderr).toBe('');
  expect(demo.code).toBe(0);
  expect(existsSync(join(out, 'report.html'))).toBe(true);
  expect(existsSync(join(out, 'evidence', 'manifest.json'))).toBe(true);
}

describe('install', () => {
  it.concurrent('from the clone: npm install -g . puts a working mixpanel-hardening on the PATH', async () => {
    const prefix = temp('mph-prefix-');
    // --ignore-scripts: prepare (`npm run build`) would rebuild dist/, which npm test built before
    // Jest started, rewriting the files other test files are running; pack.test.ts checks that
    // prepare is that build. npm links the clone and its bin either way.
    await npm(['install', '-g', '--offline', '--ignore-scripts', '.'], ROOT, { NPM_CONFIG_PREFIX: prefix });
    await works(join(prefix, 'bin', 'mixpanel-hardening'));
  });

  it.concurrent('from a packed tarball: the package holds what the CLI needs at run time and runs', async () => {
    const dir = temp('mph-tarball-');
    const packed = await packedPackage(ROOT);
    const tgz = join(dir, packed.filename);
    copyFileSync(packed.tarball, tgz);
    // A project that depends on the tarball, with a lockfile of the package's production
    // dependencies at this checkout's versions, so that npm ci can install it offline.
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const packages: Record<string, unknown> = {
      '': { name: 'install-probe', dependencies: { [PKG.name]: `file:${packed.filename}` } },
      [`node_modules/${PKG.name}`]: {
        version: PKG.version,
        resolved: `file:${packed.filename}`,
        integrity: `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`,
        dependencies: PKG.dependencies,
        bin: { [PKG.name]: 'dist/src/cli/main.js' },
        engines: PKG.engines,
      },
    };
    for (const [path, entry] of Object.entries(lock.packages)) if (path !== '' && !entry.dev) packages[path] = entry;
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'install-probe', private: true, dependencies: { [PKG.name]: `file:${packed.filename}` } }));
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'install-probe', lockfileVersion: 3, requires: true, packages }));
    await npm(['ci', '--offline', '--ignore-scripts'], dir);
    await works(join(dir, 'node_modules', '.bin', PKG.name));
  });
});
