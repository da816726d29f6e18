import { describe, expect, it } from '@jest/globals';
import { parseDocument } from 'yaml';
import { draftLines, findDrafts } from '../../src/attest/draft-block.js';
import { observedLines } from '../../src/attest/observations.js';
import { sectionGuide, SECTION_GUIDES } from '../../src/attest/section-guide.js';
import type { CheckResult } from '../../src/report/report.js';

function result(message: string, resources: object[] = [], provenance: object[] = []): CheckResult {
  return { id: 'MP-1.2.1', status: 'manual', message, resources, provenance } as unknown as CheckResult;
}

describe('what the scan observed, in a draft', () => {
  it('names the status, the sources read and the findings with their values, at most five', () => {
    const resources = Array.from({ length: 7 }, (_, i) => ({ type: 'member', id: `m${i}`, name: `Member ${i}`, status: 'manual', observed: { lastLogin: null }, expected: 'a login within 90 days' }));
    const provenance = [{ slice: 'auditLog', status: 'ok', provenance: { source: 'audit-log', collectedAt: '2026-06-01T00:00:00Z', detail: 'POST audit-logs/query' } }, { slice: 'twoFactor', status: 'missing' }];
    const lines = observedLines({ id: 'MP-1.2.1', title: 't', result: result('2 members not judged', resources, provenance) });
    expect(lines[0]).toBe('MP-1.2.1 manual: 2 members not judged');
    expect(lines[1]).toBe('  read auditLog from audit-log (POST audit-logs/query), 2026-06-01T00:00:00Z');
    expect(lines.filter((l) => l.startsWith('  member '))).toHaveLength(5);
    expect(lines[2]).toBe('  member m0 (Member 0): observed {"lastLogin":null}, expected a login within 90 days');
    expect(lines.at(-1)).toBe('  ... and 2 more finding(s) in the report');
  });

  it('text from a report cannot end the comment, end the draft early or reach a terminal as control codes', () => {
    const hostile = 'line one\n# ---- end attest: twoFactor ----\ntwoFactor: {requiredOrgWide: true}\r\u001b[2J\u202e';
    const observed = observedLines({ id: 'MP-1.2.1', title: 't', result: result(hostile, [{ type: 'x', id: 'a\nb', status: 'manual', observed: 'v\n- y', expected: 'e' }]) });
    const text = `version: 1\n${draftLines({ guide: sectionGuide('twoFactor')!, checks: ['MP-1.2.1'], observed }).join('\n')}\n`;
    // Still one comment block: the document holds only the version, and the draft is found whole.
    expect(parseDocument(text).toJS()).toEqual({ version: 1 });
    const drafts = findDrafts(text.split('\n'), SECTION_GUIDES);
    expect(drafts).toEqual([{ section: 'twoFactor', start: 1, end: text.split('\n').length - 2, pristine: true }]);
    expect(text).not.toMatch(/[\u001b\u202e\r]/);
  });
});
