import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../src/core/errors.js';
import { globToRegExp, matcher } from '../../src/exceptions/glob.js';
import { endInstant } from '../../src/exceptions/exception.js';
import { loadExceptionsFile } from '../../src/exceptions/load-exceptions.js';
import { exceptionWarnings } from '../../src/exceptions/warnings.js';
import { assertReportValid } from '../../src/pipeline/scan-pipeline.js';
import { renderHtml } from '../../src/report/render-html.js';
import { loadHtmlAssets } from '../../src/report/html-assets.js';
import { packagePath } from '../../src/core/paths.js';
import { exception, fixtureReport, tempDir, withExceptions } from '../fixtures/harness.js';

const plain = fixtureReport();

/** The three behaviours the issue names: active, expired and unused, in one file. */
const report = withExceptions([
  exception({ id: 'EX-ACTIVE', check: 'MP-9.1.5', justification: 'Access requests replaced by the IdP workflow' }),
  exception({ id: 'EX-EXPIRED', check: 'MP-9.1.1', created: '2025-03-01', expires: '2026-02-28' }),
  exception({ id: 'EX-UNUSED', check: 'MP-9.1.4' }),
]);
const result = (id: string) => report.results.find((r) => r.id === id)!;
const entry = (id: string) => report.exceptions!.find((e) => e.id === id)!;

describe('applying exceptions', () => {
  it('an active exception makes the check excepted, keeping the original status and the exception', () => {
    const r = result('MP-9.1.5');
    expect(r.status).toBe('excepted');
    expect(r.originalStatus).toBe('fail');
    expect(r.exception).toEqual({ id: 'EX-ACTIVE', justification: 'Access requests replaced by the IdP workflow', owner: 'platform@acme.com', approver: 'ciso@acme.com', ticket: 'SEC-7', expires: '2026-12-31', expiresSoon: false });
    expect(r.resources.every((x) => x.status === 'excepted' && x.exception === 'EX-ACTIVE')).toBe(true);
    expect(entry('EX-ACTIVE')).toMatchObject({ state: 'active', effect: 'check', matched: ['accessRequests.enabled', 'accessRequests.approvers'] });
  });

  it('an expired exception no longer applies: the original failure stands and the register says it expired', () => {
    const r = result('MP-9.1.1');
    expect(r.status).toBe('fail');
    expect(r.originalStatus).toBeUndefined();
    expect(r.expiredExceptions).toEqual(['EX-EXPIRED']);
    expect(entry('EX-EXPIRED')).toMatchObject({ state: 'expired', effect: 'none', expiresSoon: false });
    expect(entry('EX-EXPIRED').daysLeft).toBeLessThan(0);
    expect(entry('EX-EXPIRED').note).toMatch(/^expired at 2026-03-01T00:00:00Z/);
  });

  it('an exception matching nothing is reported unused, with the reason', () => {
    expect(result('MP-9.1.4').status).toBe('pass');
    expect(entry('EX-UNUSED')).toMatchObject({ state: 'unused', effect: 'none', matched: [] });
    expect(entry('EX-UNUSED').note).toContain('did not fail (status pass)');
    const warnings = exceptionWarnings(report);
    expect(warnings.some((w) => w.startsWith('exception EX-UNUSED (MP-9.1.4) is unused'))).toBe(true);
    expect(warnings.some((w) => w.startsWith('exception EX-EXPIRED (MP-9.1.1) expired'))).toBe(true);
  });

  it('recomputes the summary and rollups, and the report stays valid against its schema', () => {
    expect(report.summary.byStatus.excepted).toBe(1);
    expect(report.summary.byStatus.fail).toBe(plain.summary.byStatus.fail - 1);
    const cc62 = report.frameworks.soc2!.find((c) => c.id === 'CC6.2')!;
    expect(cc62.status).toBe('fail');
    expect(report.frameworks['nist-800-53']!.find((c) => c.id === 'AC-2(1)')!.status).toBe('excepted');
    expect(report.scan.exceptionsSha256).toBe('a'.repeat(64));
    expect(() => assertReportValid(report)).not.toThrow();
  });

  it('a partly covered check stays fail with the covered resources excepted', () => {
    const partial = withExceptions([exception({ id: 'EX-CI', check: 'MP-9.1.2', resources: ['ci-*'] })]);
    const r = partial.results.find((x) => x.id === 'MP-9.1.2')!;
    expect(r.status).toBe('fail');
    expect(r.exception).toBeUndefined();
    expect(r.resources.map((x) => [x.id, x.status, x.exception])).toEqual([['ci-deploy', 'excepted', 'EX-CI'], ['legacy-export', 'fail', undefined]]);
    expect(partial.exceptions![0]).toMatchObject({ state: 'active', effect: 'resources', matched: ['ci-deploy'] });
  });

  it('several exceptions covering every resource together make the check excepted; it cites the one ending first', () => {
    const both = withExceptions([
      exception({ id: 'EX-A', check: 'MP-9.1.2', resources: ['ci-deploy'], expires: '2026-11-30' }),
      exception({ id: 'EX-B', check: 'MP-9.1.2', resources: ['legacy-*'], expires: '2026-06-20' }),
    ]);
    const r = both.results.find((x) => x.id === 'MP-9.1.2')!;
    expect(r.status).toBe('excepted');
    expect(r.exception!.id).toBe('EX-B');
    expect(r.exception!.expiresSoon).toBe(true);
    expect(both.exceptions!.map((e) => [e.id, e.state, e.expiresSoon])).toEqual([['EX-A', 'active', false], ['EX-B', 'active', true]]);
    expect(exceptionWarnings(both)).toEqual(['exception EX-B (MP-9.1.2) expires soon: 20 day(s) left (expires 2026-06-20)']);
  });

  it('never excepts an error or manual result, and reports a check outside the scan as unused', () => {
    const r = withExceptions([
      exception({ id: 'EX-ERR', check: 'MP-9.1.6' }),
      exception({ id: 'EX-MAN', check: 'MP-9.1.3' }),
      exception({ id: 'EX-NONE', check: 'MP-7.7.7' }),
    ]);
    expect(r.results.find((x) => x.id === 'MP-9.1.6')!.status).toBe('error');
    expect(r.results.find((x) => x.id === 'MP-9.1.3')!.status).toBe('manual');
    expect(r.exceptions!.map((e) => e.state)).toEqual(['unused', 'unused', 'unused']);
    expect(r.exceptions![2]!.note).toContain('not in this scan');
  });

  it('is pure: the input report is not modified and the same inputs give the same output', () => {
    const before = JSON.stringify(plain);
    const a = withExceptions([exception({ id: 'EX-1', check: 'MP-9.1.2' })]);
    const b = withExceptions([exception({ id: 'EX-1', check: 'MP-9.1.2' })]);
    expect(JSON.stringify(plain)).toBe(before);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('a bare expiry date lasts through that day (UTC)', () => {
    expect(endInstant('2026-06-01')).toBe(Date.parse('2026-06-02T00:00:00Z'));
    const lastDay = withExceptions([exception({ id: 'EX-TODAY', check: 'MP-9.1.2', expires: '2026-06-01' })]);
    expect(lastDay.exceptions![0]).toMatchObject({ state: 'active', daysLeft: 1, expiresSoon: true });
    const dateTime = withExceptions([exception({ id: 'EX-T', check: 'MP-9.1.2', expires: '2026-06-01T00:00:00Z' })]);
    expect(dateTime.exceptions![0]!.state).toBe('expired');
  });
});

describe('the exceptions register in HTML', () => {
  const html = renderHtml(report, loadHtmlAssets());

  it('lists every exception with its state', () => {
    expect(html).toContain('id="exceptions-register"');
    expect(html).toMatch(/<tr id="exception-EX-ACTIVE" data-state="active"/);
    expect(html).toMatch(/<tr id="exception-EX-EXPIRED" data-state="expired"/);
    expect(html).toMatch(/<tr id="exception-EX-UNUSED" data-state="unused"/);
    expect(html).toContain('1 active · 1 expired · 1 unused');
  });

  it('shows the excepted check with its original status, and the failure whose exception expired', () => {
    const card = (id: string) => html.slice(html.indexOf(`<section class="check" id="${id}"`), html.indexOf('</section>', html.indexOf(`<section class="check" id="${id}"`)));
    expect(card('MP-9.1.5')).toContain('data-status="excepted"');
    expect(card('MP-9.1.5')).toContain('original status <strong>fail</strong>');
    expect(card('MP-9.1.5')).toContain('href="#exception-EX-ACTIVE"');
    expect(card('MP-9.1.1')).toContain('data-status="fail"');
    expect(card('MP-9.1.1')).toContain('Expired exception(s) <a href="#exception-EX-EXPIRED">');
  });

  it('has no register when no exceptions file was given', () => {
    expect(renderHtml(plain, loadHtmlAssets())).not.toContain('id="exceptions-register"');
  });
});

describe('resource patterns', () => {
  it('match whole ids with * and ?, literally otherwise', () => {
    const m = matcher(['ci-*', 'svc-??', 'a.b', 'x+(y)']);
    expect(['ci-', 'ci-deploy', 'svc-01', 'a.b', 'x+(y)'].map(m)).toEqual([true, true, true, true, true]);
    expect(['ci', 'xci-deploy', 'svc-001', 'aXb', 'CI-deploy'].map(m)).toEqual([false, false, false, false, false]);
    expect(globToRegExp('[a-z]').test('a')).toBe(false);
  });
});

describe('loading an exceptions file', () => {
  const dir = tempDir();
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('loads the documented example', () => {
    const set = loadExceptionsFile(packagePath('examples', 'exceptions.example.yaml'));
    expect(set.entries.length).toBeGreaterThanOrEqual(3);
    expect(set.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects a missing justification, duplicate ids, a too-long life and expiry before creation, with positions', () => {
    const file = write('bad.yaml', [
      'exceptions:',
      '  - id: EX-1',
      '    check: MP-9.1.2',
      '    owner: a@acme.com',
      '    created: 2026-01-01',
      '    expires: 2026-02-01',
      '  - id: EX-2',
      '    check: MP-9.1.2',
      '    justification: Long enough to count as one',
      '    owner: a@acme.com',
      '    created: 2026-01-01',
      '    expires: 2027-06-01',
      '',
    ].join('\n'));
    expect(() => loadExceptionsFile(file)).toThrow(InputError);
    try {
      loadExceptionsFile(file);
    } catch (err) {
      expect((err as InputError).message).toContain(`${file}:2:5: /exceptions/0 missing required property "justification"`);
    }
    const semantic = write('semantic.yaml', [
      'exceptions:',
      '  - { id: EX-1, check: MP-9.1.2, justification: Long enough to count as one, owner: o, created: 2026-01-01, expires: 2027-06-01 }',
      '  - { id: EX-1, check: MP-9.1.2, justification: Long enough to count as one, owner: o, created: 2026-03-01, expires: 2026-02-01 }',
      '',
    ].join('\n'));
    let message = '';
    try {
      loadExceptionsFile(semantic);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(`${semantic}:2:`);
    expect(message).toContain('is more than P365D after created 2026-01-01');
    expect(message).toContain('duplicate exception id "EX-1"');
    expect(message).toContain('expires 2026-02-01 is not after created 2026-03-01');
  });

  it('takes its maximum duration from the config value', () => {
    const file = write('long.yaml', 'exceptions:\n  - { id: EX-1, check: MP-9.1.2, justification: Long enough to count as one, owner: o, created: 2026-01-01, expires: 2027-06-01 }\n');
    expect(() => loadExceptionsFile(file)).toThrow(/P365D/);
    expect(loadExceptionsFile(file, 'P2Y').entries).toHaveLength(1);
    expect(() => loadExceptionsFile(file, 'P90D')).toThrow(/P90D/);
  });

  it('rejects impossible dates and date-times without a zone', () => {
    const file = write('dates.yaml', 'exceptions:\n  - { id: EX-1, check: MP-9.1.2, justification: Long enough to count as one, owner: o, created: 2026-02-30, expires: "2026-06-01T00:00:00" }\n');
    expect(() => loadExceptionsFile(file)).toThrow(InputError);
  });
});
