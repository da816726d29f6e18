import { readFileSync } from 'node:fs';
import { packagePath } from '../core/paths.js';

/**
 * Where the tool is published, read once from package.json (`repository` is the one place the
 * address is written) and copied into each report, so that renderers read no file.
 */
interface PackageLinks {
  repository: { url: string };
}

const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as PackageLinks;

/** The repository's web address: `git+https://host/owner/name.git` -> `https://host/owner/name`. */
export const TOOL_REPOSITORY: string = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
