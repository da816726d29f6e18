/**
 * Links the reports give to the tool and its checks (SARIF's informationUri and helpUri, DefectDojo's
 * references, OCSF's metadata), built from the repository address the report carries
 * (`tool.repository`, copied from package.json by the assembly: src/report/tool-info.ts).
 */

/** The check's own file (its prose, rule, remediation and cases) at the tool's release tag. */
export function checkHelpUri(repository: string, checkId: string, version: string): string {
  return `${repository}/blob/v${version}/policies/checks/${encodeURIComponent(checkId)}.yaml`;
}
