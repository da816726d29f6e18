import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ajvModule from 'ajv';
import type { Log } from 'sarif';
import { packagePath } from '../../src/core/paths.js';
import { buildDefectDojo, renderDefectDojo } from '../../src/report/render-defectdojo.js';
import { buildOcsf, renderOcsf } from '../../src/report/render-ocsf.js';
import { buildSarif, MAX_TAGS, ruleTags } from '../../src/report/render-sarif.js';
import { cli, exception, fixtureReport, tempDir, withExceptions } from '../fixtures/harness.js';

const Ajv = ajvModule as unknown as typeof ajvModule.default;
const plain = fixtureReport();
const excepted = withExceptions([exception({ id: 'EX-1', check: 'MP-9.1.5' }), exception({ id: 'EX-2', check: 'MP-9.1.2', resources: ['ci-*'] })]);

interface DojoFacts { topLevel: string[]; required: string[]; allowed: string[]; severities: string[] }
const DOJO = JSON.parse(readFileSync(packagePath('reference', 'defectdojo', 'generic-findings-import.json'), 'utf8')) as DojoFacts;

/** What DefectDojo's generic JSON parser refuses, from the vendored facts. */
function dojoProblems(doc: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const k of Object.keys(doc)) if (!DOJO.topLevel.includes(k)) problems.push(`top-level ${k}`);
  const findings = doc.findings as Record<string, unknown>[];
  for (const f of findings) {
    for (const k of DOJO.required) if (!(k in f)) problems.push(`missing ${k}`);
    for (const k of Object.keys(f)) if (!DOJO.allowed.includes(k) && !DOJO.required.includes(k)) problems.push(`not allowed ${k}`);
    if (!DOJO.severities.includes(String(f.severity))) problems.push(`severity ${String(f.severity)}`);
    if ('date' in f && Number.isNaN(Date.parse(String(f.date)))) problems.push(`date ${String(f.date)}`);
  }
  return problems;
}

function ocsfValidator() {
  const schema = JSON.parse(readFileSync(packagePath('reference', 'ocsf', 'compliance-finding-1.2.0.schema.json'), 'utf8')) as object;
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

describe('SARIF for GitHub code scanning', () => {
  it('names the tool\'s information URI and a help URI for every rule', () => {
    const driver = buildSarif(plain).runs[0]!.tool.driver;
    expect(driver.informationUri).toMatch(/^https:\/\//);
    for (const rule of driver.rules!) expect(rule.helpUri).toMatch(new RegExp(`^https://.+/policies/checks/${rule.id}\\.yaml$`));
  });

  it('keeps at most 10 tags per rule, every framework represented, the full mapping in properties', () => {
    const many = { level: 'L2' as const, frameworks: { soc2: ['CC6.1', 'CC6.2', 'CC6.3', 'CC6.6'], 'nist-800-53': ['AC-2', 'AC-3', 'AC-6', 'IA-2', 'IA-5'], 'cis-v8': ['5.1', '6.1', '6.2'] } };
    const tags = ruleTags(many);
    expect(tags).toHaveLength(MAX_TAGS);
    for (const fw of ['soc2:', 'nist-800-53:', 'cis-v8:']) expect(tags.some((t) => t.startsWith(fw))).toBe(true);
    for (const r of buildSarif(plain).runs[0]!.tool.driver.rules!) {
      expect((r.properties!.tags as string[]).length).toBeLessThanOrEqual(MAX_TAGS);
      expect(r.properties!.frameworks).toBeDefined();
    }
    // A check with few mappings keeps all of them.
    expect(ruleTags({ level: 'L1', frameworks: { soc2: ['CC6.1'] } })).toEqual(['security', 'compliance', 'L1', 'soc2:CC6.1']);
  });

  it('gives the same partialFingerprints in two scans at different times', async () => {
    const prints = async (now: string) => {
      const out = tempDir();
      const run = await cli(['scan', '--policies', packagePath('test', 'fixtures', 'policies'), '--state', packagePath('test', 'fixtures', 'state.json'), '--now', now, '--format', 'sarif', '--out', out, '--no-evidence', '--allow-incomplete', '--fail-on', 'none', '--quiet']);
      expect(run.code).toBe(0);
      const log = JSON.parse(readFileSync(join(out, 'report.sarif'), 'utf8')) as Log;
      return log.runs[0]!.results!.map((r) => `${r.ruleId} ${r.partialFingerprints!['mixpanelFinding/v1']}`).sort();
    };
    const first = await prints('2026-06-01T00:00:00Z');
    const second = await prints('2026-06-02T12:00:00Z');
    expect(first.length).toBeGreaterThan(0);
    expect(second).toEqual(first);
  });
});

describe('DefectDojo Generic Findings Import', () => {
  it('uses only the keys DefectDojo\'s parser allows, with title, severity and description', () => {
    for (const r of [plain, excepted]) expect(dojoProblems(JSON.parse(renderDefectDojo(r)) as Record<string, unknown>)).toEqual([]);
  });

  it('the check has teeth: an extra key, a missing title or a lower-case severity is refused', () => {
    const doc = buildDefectDojo(plain);
    const f = doc.findings[0]!;
    const { title: _dropped, ...untitled } = f;
    const bad = { ...doc, findings: [{ ...f, status: 'fail' }, untitled, { ...f, severity: 'high' }] };
    expect(dojoProblems(bad as unknown as Record<string, unknown>)).toEqual(['not allowed status', 'missing title', 'severity high']);
  });

  it('has the SARIF findings and fingerprints; excepted ones inactive and risk-accepted; says when incomplete', () => {
    const doc = buildDefectDojo(excepted);
    const sarif = buildSarif(excepted).runs[0]!.results!;
    expect(doc.findings.map((f) => f.unique_id_from_tool).sort()).toEqual(sarif.map((r) => r.partialFingerprints!['mixpanelFinding/v1']).sort());
    const accepted = doc.findings.filter((f) => f.risk_accepted);
    expect(accepted.length).toBe(sarif.filter((r) => r.suppressions?.length).length);
    for (const f of accepted) expect(f.active).toBe(false);
    for (const f of doc.findings.filter((x) => !x.risk_accepted)) expect(f.active).toBe(true);
    expect(doc.description).toContain('INCOMPLETE: MP-9.1.6');
  });
});

describe('OCSF Compliance Finding (class_uid 2003) as JSON Lines', () => {
  it('every line is one event with every attribute OCSF 1.2.0 requires', () => {
    const validate = ocsfValidator();
    for (const r of [plain, excepted]) {
      const lines = renderOcsf(r).split('\n');
      expect(lines.pop()).toBe('');
      for (const line of lines) {
        const e = JSON.parse(line) as { class_uid: number; category_uid: number; type_uid: number; activity_id: number };
        const ok = validate(e);
        expect(validate.errors ?? []).toEqual([]);
        expect(ok).toBe(true);
        expect(e.type_uid).toBe(e.class_uid * 100 + e.activity_id);
        expect(Math.floor(e.class_uid / 1000)).toBe(e.category_uid);
      }
    }
  });

  it('the validator rejects an event missing compliance.standards, finding_info.uid or metadata.product', () => {
    const validate = ocsfValidator();
    const e = buildOcsf(plain)[0] as Record<string, Record<string, unknown>>;
    const without = (key: string, inner: string) => ({ ...e, [key]: Object.fromEntries(Object.entries(e[key]!).filter(([k]) => k !== inner)) });
    expect(validate(without('compliance', 'standards'))).toBe(false);
    expect(validate(without('finding_info', 'uid'))).toBe(false);
    expect(validate(without('metadata', 'product'))).toBe(false);
    expect(validate({ ...e, class_uid: 2001 })).toBe(false);
  });

  it('one event per check, or per finding; statuses map without claiming a pass', () => {
    const events = buildOcsf(excepted) as { finding_info: { title: string; uid: string }; compliance: { status_id?: number; status_code: string }; status?: string }[];
    const byCheck = (id: string) => events.filter((e) => e.finding_info.title.startsWith(`${id} `));
    for (const r of excepted.results) expect(byCheck(r.id).length).toBeGreaterThanOrEqual(1);
    for (const r of excepted.results.filter((x) => x.status === 'pass')) expect(byCheck(r.id).map((e) => e.compliance.status_id)).toEqual([1]);
    for (const r of excepted.results.filter((x) => x.status === 'error' || x.status === 'manual')) expect(byCheck(r.id).map((e) => e.compliance.status_id)).toEqual([2]);
    for (const r of excepted.results.filter((x) => x.status === 'not_applicable')) expect(byCheck(r.id)[0]!.compliance.status_id).toBeUndefined();
    const suppressed = events.filter((e) => e.status === 'Suppressed');
    expect(suppressed.length).toBeGreaterThan(0);
    for (const e of suppressed) expect(e.compliance.status_id).toBe(3);
    expect(new Set(events.map((e) => e.finding_info.uid)).size).toBe(events.length);
  });
});
