import { execFileSync, spawnSync } from 'node:child_process';

/**
 * Whether `xmllint` (Debian's libxml2-utils) is here to validate XML against an XSD. CI installs it
 * and sets REQUIRE_XMLLINT=1, so a missing validator there fails the suite instead of skipping.
 */
export function xmllintAvailable(): boolean {
  const found = spawnSync('xmllint', ['--version'], { stdio: 'ignore' }).status === 0;
  if (found) return true;
  if (process.env.REQUIRE_XMLLINT === '1') throw new Error('REQUIRE_XMLLINT=1 but xmllint is not installed (apt-get install libxml2-utils)');
  process.stderr.write('XSD validation skipped: no xmllint (apt-get install libxml2-utils)\n');
  return false;
}

/** Validates an XML file against an XSD; returns xmllint's verdict and messages. */
export function validateXsd(xmlFile: string, xsdFile: string): { valid: boolean; messages: string } {
  try {
    execFileSync('xmllint', ['--noout', '--schema', xsdFile, xmlFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { valid: true, messages: '' };
  } catch (err) {
    const e = err as { stderr?: string };
    return { valid: false, messages: e.stderr ?? String(err) };
  }
}
