import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, readlink, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix, relative, sep } from 'node:path';
import { promisify } from 'node:util';

/**
 * One real `npm pack` of this checkout, shared by the test files that need the package as npm
 * ships it: test/package/pack.test.ts reads its file list, test/package/install.test.ts installs
 * it. Packing costs seconds of CPU and Jest runs two files at once, so the tarball is kept in a
 * folder under the OS temp dir named by a hash of everything that can go into the package (the
 * `files` entries of package.json, the top-level files npm always adds), of the ignore files that
 * select among them, and of the Node and npm versions: any change to the build gives a new name,
 * so a stale tarball is never used.
 *
 * Two files asking at once: the first takes a lock (a folder made with an exclusive mkdir) and
 * packs into a staging folder that it renames into place; the other waits for the lock to go and
 * then reads the published folder. A lock whose holder process is gone is taken over.
 */

export interface PackedPackage {
  /** Absolute path of the .tgz. */
  tarball: string;
  /** The tarball's file name, as npm named it. */
  filename: string;
  /** The paths inside the package, as `npm pack --json` lists them. */
  files: string[];
}

const run = promisify(execFile);
const CACHE = join(tmpdir(), 'mixpanel-hardening-test-packs');
/** Files npm adds whatever `files` says (npm-packlist's always-included set). */
const ALWAYS = /^(package\.json|readme(\..*)?|licen[cs]e(\..*)?|changelog(\..*)?|notice(\..*)?)$/i;
/** Top-level files that change what npm picks, without being packed themselves. */
const SELECTORS = ['.npmignore', '.gitignore'];
/** Cache entries nobody used for this long are removed when a new one is published. */
const UNUSED_FOR_MS = 24 * 60 * 60 * 1000;

/** Every file (relative path, `/`-separated) that can go into the package: what the cache key hashes. */
export async function packageInputs(root: string): Promise<string[]> {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { files?: string[]; main?: string };
  if (!pkg.files) throw new Error('package.json has no files list: the pack cache key would not know what npm packs');
  const out = new Set<string>();
  const walk = async (path: string): Promise<void> => {
    const s = await lstat(path);
    if (s.isDirectory()) {
      for (const e of await readdir(path)) await walk(join(path, e));
    } else {
      out.add(relative(root, path).split(sep).join('/'));
    }
  };
  // Negated entries (`!dist/src/bench`) only take files out: hashing them too is merely cautious.
  for (const entry of pkg.files.filter((f) => !f.startsWith('!'))) {
    if (/[*?[\]{}]/.test(entry)) throw new Error(`package.json files entry ${entry} is a glob: the pack cache key walks plain paths only`);
    await walk(join(root, entry));
  }
  for (const e of await readdir(root, { withFileTypes: true })) if (e.isFile() && ALWAYS.test(e.name)) out.add(e.name);
  if (pkg.main) out.add(posix.normalize(pkg.main));
  return [...out].sort();
}

async function cacheKey(root: string): Promise<string> {
  const hash = createHash('sha256');
  // npm_config_user_agent names npm's version when Jest runs under npm (npm test, npx).
  hash.update(`${process.version}\0${process.env.npm_config_user_agent ?? ''}\0`);
  const selectors = SELECTORS.filter((f) => existsSync(join(root, f)));
  for (const file of [...selectors, ...(await packageInputs(root))]) {
    const path = join(root, file);
    const s = await lstat(path);
    hash.update(`${file}\0${s.mode}\0`);
    hash.update(s.isSymbolicLink() ? await readlink(path) : await readFile(path));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}

async function published(dir: string): Promise<PackedPackage | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, 'pack.json'), 'utf8');
  } catch {
    return undefined;
  }
  const [entry] = JSON.parse(text) as { filename: string; files: { path: string }[] }[];
  const now = new Date();
  await utimes(dir, now, now); // marks the entry used, so that pruning leaves it
  return { tarball: join(dir, entry!.filename), filename: entry!.filename, files: entry!.files.map((f) => f.path) };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** A lock is stale when the process that holds it is gone (it died while packing). */
async function stale(lock: string): Promise<boolean> {
  try {
    return !alive(Number(await readFile(join(lock, 'pid'), 'utf8')));
  } catch {
    // No pid yet: the holder is between its mkdir and its write, unless that was long ago.
    try {
      return Date.now() - (await stat(lock)).mtimeMs > 60_000;
    } catch {
      return false; // the lock is gone already
    }
  }
}

async function pruneUnused(keep: string): Promise<void> {
  for (const e of await readdir(CACHE, { withFileTypes: true })) {
    // Old locks and staging folders are leftovers of a process that died.
    if (!e.isDirectory() || e.name === keep) continue;
    const dir = join(CACHE, e.name);
    if (Date.now() - (await stat(dir)).mtimeMs > UNUSED_FOR_MS) await rm(dir, { recursive: true, force: true });
  }
}

/** The packed package of the checkout at `root`, packed now or by an earlier file or run. */
export async function packedPackage(root: string = process.cwd()): Promise<PackedPackage> {
  const key = await cacheKey(root);
  const dir = join(CACHE, key);
  const lock = `${dir}.lock`;
  await mkdir(CACHE, { recursive: true });
  for (;;) {
    const done = await published(dir);
    if (done) return done;
    try {
      await mkdir(lock);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (await stale(lock)) await rm(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      await writeFile(join(lock, 'pid'), String(process.pid));
      const again = await published(dir);
      if (again) return again;
      const staging = `${dir}.staging-${process.pid}`;
      await rm(staging, { recursive: true, force: true });
      await mkdir(staging);
      // --ignore-scripts: dist/ is already built (npm test builds it before Jest starts); prepack
      // would only build it again, rewriting files other test files are running.
      const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', staging, '--loglevel=error'], { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
      await writeFile(join(staging, 'pack.json'), stdout);
      try {
        await rename(staging, dir);
      } catch (err) {
        // Published meanwhile by a process that took over a lock it wrongly judged stale: use that one.
        if (!['ENOTEMPTY', 'EEXIST'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
        await rm(staging, { recursive: true, force: true });
        continue;
      }
      await pruneUnused(key);
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
}
