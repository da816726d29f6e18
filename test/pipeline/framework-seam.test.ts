import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { InputError } from '../../src/core/errors.js';
import { DEFAULT_FRAMEWORK_DIR, loadFrameworks } from '../../src/policy/catalogs.js';
import { assertReportValid, renderFormats } from '../../src/pipeline/scan-pipeline.js';
import { DEFAULT_HTML_OPTIONS } from '../../src/report/render-html.js';
import { FIXTURES, fixtureReport, oscalValidator, sarifValidator, tempDir } from '../fixtures/harness.js';

/** A fourth framework from a fixture folder: framework.yaml (with mappings) and catalog.yaml, nothing else. */
const ISO_DIR = join(FIXTURES, 'frameworks');
const frameworks = loadFrameworks([DEFAULT_FRAMEWORK_DIR, ISO_DIR]);
const report = fixtureReport(undefined, { frameworks });
const files = new Map(renderFormats(report, ['json', 'html', 'sarif', 'csv', 'junit', 'oscal', 'md', 'defectdojo', 'ocsf'], { html: DEFAULT_HTML_OPTIONS }).map((f) => [f.name, f.content.toString()]));
const file = (name: string) => files.get(name)!;

describe('a framework added from data alone', () => {
  it('is described in report.json, rolled up with catalog titles, and mapped on its checks', () => {
    expect(() => assertReportValid(report)).not.toThrow();
    expect(report.frameworkInfo.map((f) => f.id)).toEqual(['soc2', 'nist-800-53', 'cis-v8', 'iso-27001']);
    expect(report.frameworks['iso-27001']!.map((c) => [c.id, c.title, c.checks])).toEqual([
      ['A.5.18', 'Access rights', ['MP-9.1.2']],
      ['A.8.2', 'Privileged access rights', ['MP-9.1.2']],
      ['A.8.5', 'Secure authentication', ['MP-9.1.1']],
    ]);
    const r = report.results.find((x) => x.id === 'MP-9.1.2')!;
    expect(r.frameworks['iso-27001']).toEqual(['A.5.18', 'A.8.2']);
    // The check's own mappings stay beside the framework's.
    expect(r.frameworks.soc2?.length).toBeGreaterThan(0);
    expect(JSON.parse(file('report.json'))).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('shows in HTML (matrix and per-check mapping), CSV (its column), SARIF (tags), OSCAL (properties), DefectDojo and OCSF', () => {
    const html = file('report.html');
    expect(html).toContain('ISO/IEC 27001:2022 Annex A');
    expect(html).toContain('Privileged access rights');
    expect(html).toMatch(/Assessed: [^<]*ISO 27001: A\.5\.18, A\.8\.2/);

    const rows = parse(file('report.csv'), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
    expect(rows.find((x) => x.id === 'MP-9.1.2')!.iso27001).toBe('A.5.18; A.8.2');

    const sarif = JSON.parse(file('report.sarif')) as { runs: { tool: { driver: { rules: { id: string; properties: { tags: string[]; frameworks: Record<string, string[]> } }[] } } }[] };
    expect(sarifValidator()(sarif)).toBe(true);
    const rule = sarif.runs[0]!.tool.driver.rules.find((x) => x.id === 'MP-9.1.2')!;
    expect(rule.properties.tags).toContain('iso-27001:A.5.18');
    expect(rule.properties.frameworks['iso-27001']).toEqual(['A.5.18', 'A.8.2']);

    const oscal = JSON.parse(file('report.oscal.json')) as unknown;
    expect(oscalValidator()(oscal)).toBe(true);
    expect(file('report.oscal.json')).toContain('"name": "iso-27001-control",\n');
    expect(file('report.oscal.json')).toMatch(/"name": "iso-27001-control",\s+"ns": "[^"]+",\s+"value": "A\.8\.2"/);

    expect(file('report.defectdojo.json')).toContain('iso-27001:A.8.5');
    const ocsf = file('report.ocsf.jsonl').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { compliance: { control: string; standards: string[]; requirements: string[] } });
    const event = ocsf.find((e) => e.compliance.control === 'MP-9.1.2')!;
    expect(event.compliance.standards).toContain('ISO/IEC 27001:2022');
    expect(event.compliance.requirements).toContain('ISO/IEC 27001:2022 A.8.2');
  });

  it('JUnit and Markdown carry no mappings for any framework, and render the report with it', () => {
    expect(file('report.junit.xml')).not.toContain('A.8.2');
    expect(file('report.md')).not.toContain('A.8.2');
    expect(file('report.junit.xml')).toContain('MP-9.1.2');
  });

  it('is absent when its folder is not given (the assertions above can fail)', () => {
    const plain = fixtureReport();
    expect(plain.frameworkInfo.map((f) => f.id)).toEqual(['soc2', 'nist-800-53', 'cis-v8']);
    expect(plain.frameworks['iso-27001']).toBeUndefined();
    expect(renderFormats(plain, ['csv'], { html: DEFAULT_HTML_OPTIONS })[0]!.content.toString()).not.toContain('iso27001');
  });

  it('a mapping to an id its catalog lacks is refused, naming the file', () => {
    const root = tempDir();
    const dir = join(root, 'iso-27001');
    mkdirSync(dir);
    writeFileSync(join(dir, 'catalog.yaml'), 'entries:\n  A.5.15: { title: Access control }\n');
    writeFileSync(join(dir, 'framework.yaml'), 'id: iso-27001\nname: ISO/IEC 27001:2022 Annex A\nshortName: ISO 27001\norder: 40\nentryNoun: control\ncatalog: { file: catalog.yaml }\nmappings:\n  MP-9.1.1: [A.9.9]\n');
    expect(() => loadFrameworks([root])).toThrow(InputError);
    expect(() => loadFrameworks([root])).toThrow(/framework\.yaml: mappings of MP-9\.1\.1: iso-27001 id "A\.9\.9" is not in the ISO\/IEC 27001:2022 Annex A catalog/);
  });

  it('a framework defined twice, or whose id differs from its folder, is refused', () => {
    expect(() => loadFrameworks([DEFAULT_FRAMEWORK_DIR, DEFAULT_FRAMEWORK_DIR])).toThrow(/framework "cis-v8" is also defined in/);
    const root = tempDir();
    mkdirSync(join(root, 'other'));
    writeFileSync(join(root, 'other', 'catalog.yaml'), 'entries:\n  X.1: { title: X }\n');
    writeFileSync(join(root, 'other', 'framework.yaml'), 'id: iso-27001\nname: ISO/IEC 27001\nshortName: ISO\norder: 1\nentryNoun: control\ncatalog: { file: catalog.yaml }\n');
    expect(() => loadFrameworks([root])).toThrow(/framework id "iso-27001" differs from its folder name "other"/);
  });
});
