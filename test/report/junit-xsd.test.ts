import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../../src/core/paths.js';
import { renderJunit } from '../../src/report/render-junit.js';
import { cli, exception, fixtureReport, tempDir, withExceptions } from '../fixtures/harness.js';
import { validateXsd, xmllintAvailable } from '../support/xmllint.js';

// The schema Jenkins' xUnit plugin validates JUnit reports against (vendored, source in reference/README.md).
const XSD = packagePath('reference', 'junit', 'junit-10.xsd');
const canValidate = xmllintAvailable();
const maybe = canValidate ? it : it.skip;

function validate(xml: string): { valid: boolean; messages: string } {
  const file = join(tempDir(), 'report.junit.xml');
  writeFileSync(file, xml);
  return validateXsd(file, XSD);
}

describe('JUnit against Jenkins xUnit junit-10.xsd', () => {
  maybe('the fixture report (fail, error, skipped, excepted) is valid', () => {
    const report = withExceptions([exception({ id: 'EX-1', check: 'MP-9.1.5' })]);
    const v = validate(renderJunit(report));
    expect(v.messages).toBe('');
    expect(v.valid).toBe(true);
  });

  maybe('the demo organization\'s report (all six statuses) is valid', async () => {
    const out = tempDir();
    const run = await cli(['scan', '--demo', '--exceptions', packagePath('demo', 'exceptions.yaml'), '--format', 'junit', '--out', out, '--no-evidence', '--fail-on', 'none', '--allow-incomplete', '--quiet']);
    expect(run.code).toBe(0);
    const v = validateXsd(join(out, 'report.junit.xml'), XSD);
    expect(v.messages).toBe('');
    expect(v.valid).toBe(true);
  });

  maybe('the validator rejects what the xUnit plugin rejects (skipped and timestamp on <testsuites>)', () => {
    const xml = renderJunit(fixtureReport()).replace('<testsuites ', '<testsuites skipped="1" timestamp="2026-06-01T00:00:00" ');
    const v = validate(xml);
    expect(v.valid).toBe(false);
    expect(v.messages).toMatch(/skipped|timestamp/);
  });
});
