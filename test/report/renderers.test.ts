import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { Log } from 'sarif';
import { create } from 'xmlbuilder2';
import { FORMATS } from '../../src/report/formats.js';
import { csvColumns, renderCsv } from '../../src/report/render-csv.js';
import { loadHtmlAssets } from '../../src/report/html-assets.js';
import { csvCell } from '../../src/core/text-safety.js';
import { renderJunit } from '../../src/report/render-junit.js';
import { renderMarkdown } from '../../src/report/render-md.js';
import { buildOscal, oscalControlId, renderOscal } from '../../src/report/render-oscal.js';
import { buildSarif, renderSarif } from '../../src/report/render-sarif.js';
import { mdCode, mdText } from '../../src/report/markdown.js';
import { DEFAULT_HTML_OPTIONS } from '../../src/report/render-html.js';
import { uuidV5 } from '../../src/report/uuid.js';
import type { ScanReport } from '../../src/report/report.js';
import { assertReportValid } from '../../src/pipeline/scan-pipeline.js';
import { exception, fixtureReport, oscalValidator, sarifValidator, withExceptions } from '../fixtures/harness.js';

const plain = fixtureReport();
// Exceptions exercise the excepted paths of every renderer: one check wholly, one partly covered.
const excepted = withExceptions([
  exception({ id: 'EX-1', check: 'MP-9.1.5' }),
  exception({ id: 'EX-2', check: 'MP-9.1.2', resources: ['ci-*'] }),
]);
const opts = { html: DEFAULT_HTML_OPTIONS, htmlAssets: loadHtmlAssets() };

function failingResourceCount(r: ScanReport): number {
  return r.results.filter((x) => x.status === 'fail' || x.status === 'excepted').reduce((n, x) => n + Math.max(1, x.resources.filter((y) => y.status !== 'manual').length), 0);
}

describe('every format is a pure function of report.json', () => {
  it.each(Object.keys(FORMATS))('%s renders the same bytes from the report and from its JSON', (name) => {
    const format = FORMATS[name]!;
    const roundTripped = JSON.parse(JSON.stringify(excepted)) as ScanReport;
    expect(format.render(roundTripped, opts)).toBe(format.render(excepted, opts));
  });

  it('the fixture reports validate against the report schema', () => {
    expect(() => assertReportValid(plain)).not.toThrow();
    expect(() => assertReportValid(excepted)).not.toThrow();
  });
});

describe('uuid v5', () => {
  it('matches the RFC 9562 example (DNS namespace, www.example.com)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

describe('OSCAL assessment-results', () => {
  it('validates against the official OSCAL 1.1.2 schema', () => {
    const validate = oscalValidator();
    for (const r of [plain, excepted]) {
      const ok = validate(JSON.parse(renderOscal(r)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('the validator does reject a malformed document (the check has teeth)', () => {
    const doc = buildOscal(plain);
    const broken = { 'assessment-results': { ...doc['assessment-results'], uuid: 'not-a-uuid' } };
    expect(oscalValidator()(broken)).toBe(false);
    const noPlan = { 'assessment-results': { ...doc['assessment-results'], 'import-ap': undefined } };
    expect(oscalValidator()(JSON.parse(JSON.stringify(noPlan)))).toBe(false);
  });

  it('has one observation per check with evidence, and unique, stable v5 UUIDs', () => {
    const doc = buildOscal(excepted);
    const result = doc['assessment-results'].results[0]!;
    expect(result.observations).toHaveLength(excepted.results.length);
    const owners = result.observations.find((o) => o.title.startsWith('MP-9.1.1'))!;
    expect(owners['relevant-evidence']!.some((e) => e.description.includes('ana@acme.com'))).toBe(true);
    expect(owners['relevant-evidence']!.some((e) => e.description.includes('State slice "members": ok'))).toBe(true);
    const text = renderOscal(excepted);
    const uuids = text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g)!;
    const defined = [doc['assessment-results'].uuid, result.uuid, ...result.observations.map((o) => o.uuid), ...(result.findings ?? []).map((f) => f.uuid)];
    expect(new Set(defined).size).toBe(defined.length);
    for (const u of uuids) expect(u[14]).toBe('5');
    expect(renderOscal(excepted)).toBe(text);
    // A different scan (another time) gets different identifiers.
    const later = { ...excepted, scan: { ...excepted.scan, now: '2026-06-02T00:00:00Z' } };
    expect(buildOscal(later)['assessment-results'].uuid).not.toBe(doc['assessment-results'].uuid);
  });

  it('links findings to NIST controls in OSCAL form with satisfied/not-satisfied states', () => {
    expect(oscalControlId('AC-6(1)')).toBe('ac-6.1');
    const result = buildOscal(excepted)['assessment-results'].results[0]!;
    const byTarget = new Map((result.findings ?? []).map((f) => [f.target['target-id'], f]));
    expect([...byTarget.keys()].sort()).toEqual(['ac-2.1_obj', 'ac-2.3_obj', 'ac-6.1_obj', 'ac-6.5_obj', 'cm-8_obj', 'ia-2.1_obj', 'ia-2_obj', 'ia-5.1_obj']);
    expect(byTarget.get('ac-6.1_obj')!.target.status.state).toBe('not-satisfied');
    expect(byTarget.get('ia-2.1_obj')!.target.status).toEqual({ state: 'satisfied', reason: 'pass' });
    // MP-9.1.5 is excepted: risk accepted is not "met".
    expect(byTarget.get('ac-2.1_obj')!.target.status.state).toBe('not-satisfied');
    expect(byTarget.get('ac-2.1_obj')!.target.status.remarks).toContain('EX-1');
    const controls = result['reviewed-controls']['control-selections'][0]!;
    expect('include-controls' in controls && controls['include-controls'].map((c) => c['control-id'])).toContain('ac-6.1');
    const obs = new Set(result.observations.map((o) => o.uuid));
    for (const f of result.findings ?? []) for (const r of f['related-observations'] ?? []) expect(obs.has(r['observation-uuid'])).toBe(true);
  });
});

describe('SARIF', () => {
  it('validates against the official SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    for (const r of [plain, excepted]) {
      const ok = validate(JSON.parse(renderSarif(r)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('the validator does reject a malformed log', () => {
    const log = buildSarif(plain);
    expect(sarifValidator()({ ...log, version: '2.0.0' })).toBe(false);
    const badLevel = JSON.parse(JSON.stringify(log)) as Log;
    badLevel.runs[0]!.results![0]!.level = 'fatal' as 'error';
    expect(sarifValidator()(badLevel)).toBe(false);
  });

  it('has one rule per check (help = remediation) and one result per failing resource', () => {
    const log = JSON.parse(renderSarif(plain)) as Log;
    const run = log.runs[0]!;
    expect(run.tool.driver.rules!.map((r) => r.id)).toEqual(plain.results.map((r) => r.id));
    expect(run.tool.driver.rules![0]!.help!.text).toBe(plain.results[0]!.remediation);
    expect(run.results).toHaveLength(failingResourceCount(plain));
    const levels = new Map(run.results!.map((r) => [r.ruleId, r.level]));
    expect(levels.get('MP-9.1.1')).toBe('error');
    expect(levels.get('MP-9.1.5')).toBe('warning');
    for (const r of run.results!) expect(r.locations![0]!.physicalLocation!.artifactLocation!.uri).toMatch(/^mixpanel\/4242\//);
    expect(run.invocations![0]!.toolExecutionNotifications!.map((n) => n.descriptor!.id)).toEqual(['MP-9.1.6']);
  });

  it('keeps fingerprints stable and unique, and suppresses excepted findings', () => {
    const prints = (r: ScanReport) => buildSarif(r).runs[0]!.results!.map((x) => x.partialFingerprints!['mixpanelFinding/v1']);
    expect(prints(plain)).toEqual(prints(excepted));
    expect(new Set(prints(plain)).size).toBe(prints(plain).length);
    const results = buildSarif(excepted).runs[0]!.results!;
    const suppressed = results.filter((r) => r.suppressions?.length);
    expect(suppressed.map((r) => r.locations![0]!.logicalLocations![0]!.name).sort()).toEqual(['accessRequests.approvers', 'accessRequests.enabled', 'ci-deploy']);
    expect(suppressed[0]!.suppressions![0]!.status).toBe('accepted');
  });
});

describe('CSV', () => {
  const text = renderCsv(excepted);
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];

  it('parses back as plain data, one row per check and resource', () => {
    expect(Object.keys(rows[0]!)).toEqual(csvColumns(excepted.frameworkInfo));
    // The shipped frameworks keep the columns CSV importers know.
    expect(csvColumns(excepted.frameworkInfo).slice(5, 8)).toEqual(['soc2', 'nist', 'cis']);
    const expected = excepted.results.reduce((n, r) => n + Math.max(1, r.resources.length), 0);
    expect(rows).toHaveLength(expected);
    expect(text.includes('\r\n')).toBe(true);
    const remediation = rows.find((r) => r.id === 'MP-9.1.1')!.remediation;
    expect(remediation).toBe(excepted.results[0]!.remediation);
  });

  it('neutralizes every cell a spreadsheet would run as a formula', () => {
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const owner = rows.find((r) => r.resource_id?.includes('cmd@acme.com'))!;
    expect(owner.resource_id).toBe("'=cmd@acme.com");
    expect(owner.resource_name).toBe('\'=HYPERLINK("http://x","y")');
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a\u0007b')).toBe('ab');
    // After leading whitespace or a line break, which some spreadsheets trim before they look.
    expect(csvCell('\r@SUM(1)')).toBe("'\r@SUM(1)");
    expect(csvCell('\n=1+1')).toBe("'\n=1+1");
    expect(csvCell('  +1')).toBe("'  +1");
    expect(csvCell('\uff1d1+1')).toBe("'\uff1d1+1");
    expect(csvCell('a\nb')).toBe('a\nb');
    expect(csvCell('ok \u202egnp.exe')).toBe('ok gnp.exe');
  });

  it('records exceptions and statuses per resource', () => {
    const ci = rows.find((r) => r.resource_id === 'ci-deploy')!;
    expect(ci.resource_status).toBe('excepted');
    expect(ci.exception).toBe('EX-2 (until 2026-12-31)');
    expect(rows.find((r) => r.resource_id === 'legacy-export')!.resource_status).toBe('fail');
    expect(rows.find((r) => r.id === 'MP-9.1.5')!.status).toBe('excepted');
  });
});

describe('JUnit', () => {
  it('parses, with one test case per check, failures, errors and skipped with reasons', () => {
    const xml = renderJunit(excepted);
    const doc = create(xml).end({ format: 'object' }) as { testsuites: { '@tests': string; '@failures': string; testsuite: { testcase: Record<string, unknown>[] } } };
    const cases = doc.testsuites.testsuite.testcase;
    expect(cases).toHaveLength(excepted.results.length);
    expect(doc.testsuites['@tests']).toBe(String(excepted.results.length));
    const byName = (id: string) => cases.find((c) => String(c['@name']).startsWith(id))!;
    expect(byName('MP-9.1.1').failure).toBeDefined();
    expect(byName('MP-9.1.2').failure).toBeDefined();
    expect(byName('MP-9.1.6').error).toBeDefined();
    expect(String((byName('MP-9.1.3').skipped as Record<string, string>)['@message'])).toMatch(/^manual: /);
    expect(String((byName('MP-9.1.5').skipped as Record<string, string>)['@message'])).toMatch(/^excepted by EX-1/);
    expect(byName('MP-9.1.4').failure ?? byName('MP-9.1.4').skipped).toBeUndefined();
  });

  it('drops characters XML cannot carry', () => {
    const bad = { ...plain, results: plain.results.map((r) => (r.id === 'MP-9.1.1' ? { ...r, message: 'bad \u0001 char \ud800 here' } : r)) };
    expect(() => create(renderJunit(bad))).not.toThrow();
  });
});

describe('Markdown summary', () => {
  it('summarizes counts, failures, errors and exceptions needing attention', () => {
    const expired = withExceptions([exception({ id: 'EX-OLD', check: 'MP-9.1.1', created: '2025-01-01', expires: '2025-12-31' })]);
    const md = renderMarkdown(expired);
    expect(md).toContain('### Failures (3)');
    expect(md).toContain('`MP-9.1.6`');
    expect(md).toContain('### Exceptions needing attention (1)');
    expect(md).toContain('`EX-OLD`');
  });

  it('keeps organization text inert', () => {
    expect(mdText('<img src=x> [a](b) @team | x')).toBe('\\<img src=x\\> \\[a\\]\\(b\\) `@team` \\| x');
    // Addresses and URLs in code spans: GitHub links neither there, and a copied address is the address.
    expect(mdText('mail ada@example.com or see https://evil.example/x_y, www.evil.example')).toBe('mail `ada@example.com` or see `https://evil.example/x_y,` `www.evil.example`');
    expect(mdText('a\u202eb\u200f c\u001b[31md')).toBe('a b cd');
    expect(mdCode('a`b|c')).toBe("`a'b\\|c`");
  });
});

describe('basis in every format', () => {
  // MP-9.1.1 and 9.1.4 rest on the members export, 9.1.2 on the API, 9.1.5 (excepted) on an attestation;
  // 9.1.3 (manual) and 9.1.6 (error) on nothing.
  const report = excepted;

  it('the HTML summary says the split in words, and every check and differing finding shows its basis', () => {
    const html = FORMATS.html!.render(report, opts);
    expect(html).toContain('<strong>Basis:</strong> 1 of 6 decided from Mixpanel&#x27;s records, 2 from your exports, 1 attested, 1 awaiting a person, 1 not evaluated (a source could not be read).');
    expect(html).toMatch(/<section class="check" id="MP-9\.1\.2"[\s\S]*?data-basis="mixpanel-api">Basis: Mixpanel API \(serviceAccounts\)/);
    expect(html).toMatch(/<section class="check" id="MP-9\.1\.5"[\s\S]*?data-basis="attestation">Basis: attested: accessRequests by ciso@acme\.com on 2026-05-01, expires 2027-05-01/);
    expect(html).toMatch(/<section class="check" id="MP-9\.1\.3"[\s\S]*?data-basis="none">Basis: none/);
    expect(html).toMatch(/data-basis="export">2</);
    const withOwn = { ...report, results: report.results.map((r) => (r.id === 'MP-9.1.1' ? { ...r, resources: r.resources.map((x) => ({ ...x, basis: [{ kind: 'scim' as const, slices: ['scimUsers'] }] })) } : r)) };
    expect(FORMATS.html!.render(withOwn, opts)).toContain('<div class="meta basis">Basis: Mixpanel SCIM (scimUsers)</div>');
    expect(html).not.toContain('<div class="meta basis">');
  });

  it('CSV carries the basis of each row: the finding\'s own where it has one', () => {
    const rows = parse(renderCsv(report), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    expect(rows.find((r) => r.id === 'MP-9.1.2')!.basis).toBe('mixpanel-api');
    expect(rows.find((r) => r.id === 'MP-9.1.1')!.basis_detail).toBe('export: members.csv');
    expect(rows.find((r) => r.id === 'MP-9.1.6')!.basis).toBe('none');
    const own = { ...report, results: report.results.map((r) => (r.id === 'MP-9.1.2' ? { ...r, resources: [{ ...r.resources[0]!, basis: [{ kind: 'export' as const, slices: ['serviceAccounts'], files: ['sa.csv'] }] }, ...r.resources.slice(1)] } : r)) };
    const ownRows = (parse(renderCsv(own), { columns: true, skip_empty_lines: true }) as Record<string, string>[]).filter((r) => r.id === 'MP-9.1.2');
    expect(ownRows[0]!.basis).toBe('export');
    expect(ownRows[1]!.basis).toBe('mixpanel-api');
  });

  it('Markdown states the split and the basis of each failure', () => {
    const md = renderMarkdown(report);
    expect(md).toContain("Basis: 1 of 6 decided from Mixpanel's records, 2 from your exports, 1 attested, 1 awaiting a person");
    expect(md).toMatch(/\| `MP-9\.1\.2` \|.*\| Mixpanel API \|/);
  });

  it('OSCAL carries it in methods, subjects (back-matter sources) and relevant evidence, and stays valid', () => {
    const doc = buildOscal(report);
    const result = doc['assessment-results'].results[0]!;
    const obs = (id: string) => result.observations.find((o) => o.title.startsWith(`${id} `))!;
    expect(obs('MP-9.1.2').methods).toEqual(['TEST']);
    expect(obs('MP-9.1.1').methods).toEqual(['EXAMINE']);
    expect(obs('MP-9.1.5').methods).toEqual(['INTERVIEW']);
    expect(obs('MP-9.1.3').subjects).toBeUndefined();
    expect(obs('MP-9.1.3').props).toContainEqual({ name: 'basis', ns: expect.any(String), value: 'none' });
    const resources = new Map(doc['assessment-results']['back-matter'].resources.map((r) => [r.uuid, r]));
    const subject = obs('MP-9.1.5').subjects![0]!;
    expect(subject.type).toBe('resource');
    expect(resources.get(subject['subject-uuid'])!.description).toContain('ciso@acme.com');
    const ev = obs('MP-9.1.1')['relevant-evidence']![0]!;
    expect(ev.description).toBe('Basis: export: members.csv.');
    expect(resources.has(ev.href!.slice(1))).toBe(true);
    const validate = oscalValidator();
    expect(validate(JSON.parse(renderOscal(report)))).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    const badMethod = JSON.parse(renderOscal(report)) as { 'assessment-results': { results: { observations: { methods: unknown[] }[] }[] } };
    badMethod['assessment-results'].results[0]!.observations[0]!.methods = [];
    expect(validate(badMethod)).toBe(false);
  });

  it('SARIF results carry the basis kinds in their properties', () => {
    const run = buildSarif(report).runs[0]!;
    const r = run.results!.find((x) => x.ruleId === 'MP-9.1.2')!;
    expect(r.properties!.basis).toEqual(['mixpanel-api']);
  });

  it('JUnit failure bodies name the basis', () => {
    expect(renderJunit(report)).toContain('Basis: export: members.csv');
  });
});
