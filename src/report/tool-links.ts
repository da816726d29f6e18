import { readFileSync } from 'node:fs';
import { packagePath } from '../core/paths.js';

/**
 * Where the tool and its checks are documented, for the reports that link to them (SARIF's
 * informationUri and helpUri, DefectDojo's references, OCSF's metadata). package.json's
 * `homepage` and `repository` are the one place these addresses are written.
 */
interface PackageLinks {
  homepage: string;
  repository: { url: string };
}

const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as PackageLinks;

export const TOOL_HOMEPAGE: string = pkg.homepage;

/** The repository's web address: `git+https://host/owner/name.git` -> `https://host/owner/name`. */
export const TOOL_REPOSITORY: string = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** The check's own file (its prose, rule, remediation and cases) at the tool's release tag. */
export function checkHelpUri(checkId: string, version: string): string {
  return `${TOOL_REPOSITORY}/blob/v${version}/policies/checks/${encodeURIComponent(checkId)}.yaml`;
}
