import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's own root folder, where `policies/`, `schemas/`, `reference/` and `demo/` live.
 * Found by walking up from this file, because the compiled CLI (dist/src/...) and the sources under
 * test (src/...) sit at different depths.
 */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (pkg.name === 'mixpanel-hardening') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('mixpanel-hardening: package root not found');
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();

export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}

export const TOOL_VERSION: string = (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
