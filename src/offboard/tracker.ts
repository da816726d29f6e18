import { csvText, type RecordDelimiter } from '../core/csv-text.js';
import type { OffboardVerification, VerifiedPerson } from './verification.js';

/**
 * The IAM tracker's columns (runbook "7. Update Documentation"), in the order a new tracker gets
 * them. The person and the verification time are added because a row must say whom and when.
 */
export const TRACKER_COLUMNS = [
  'Removal date', 'Person', 'Name', 'Administrator', 'Requestor', 'Approver', 'Ticket', 'Justification',
  'Method', 'Projects removed', 'Verification result', 'Verified at', 'Evidence file', 'Evidence sha256',
] as const;

export type TrackerColumn = (typeof TRACKER_COLUMNS)[number];
export type TrackerRecord = Record<TrackerColumn, string>;

function projectsRemovedText(p: VerifiedPerson): string {
  if (p.projectsRemoved === null) return 'not compared (no --plan)';
  if (p.projectsRemoved.length === 0) return 'none';
  return p.projectsRemoved.map((x) => (x.projectName ? `${x.projectName} (${x.projectId})` : x.projectId)).join('; ');
}

/** One record per person verified; all point at the same evidence file. Pure. */
export function trackerRecords(doc: OffboardVerification, evidenceFile: string, evidenceSha256: string): TrackerRecord[] {
  return doc.people.map((p) => ({
    'Removal date': p.record.removedAt ?? doc.verifiedAt,
    'Person': p.email,
    'Name': p.name ?? '',
    'Administrator': p.record.administrator ?? '',
    'Requestor': p.record.requestor ?? '',
    'Approver': p.record.approver ?? '',
    'Ticket': p.record.ticket ?? '',
    'Justification': p.record.justification ?? '',
    'Method': p.record.method,
    'Projects removed': projectsRemovedText(p),
    'Verification result': p.result,
    'Verified at': doc.verifiedAt,
    'Evidence file': evidenceFile,
    'Evidence sha256': evidenceSha256,
  }));
}

export type { RecordDelimiter };

/**
 * CSV text for rows laid out in `header` order (an existing tracker may order or add columns its
 * own way), written as every CSV of the tool is (src/core/csv-text.ts): RFC 4180 quoting, line breaks
 * inside a cell quoted, formulas neutralized, because project names and justifications are free text
 * that ends up in a spreadsheet.
 */
export function trackerCsv(rows: readonly TrackerRecord[], header: readonly string[], columnOf: (name: string) => TrackerColumn | undefined, withHeader: boolean, delimiter: RecordDelimiter): string {
  const cells = rows.map((r) => header.map((h) => {
    const col = columnOf(h);
    return col ? r[col] : '';
  }));
  return csvText(withHeader ? [[...header], ...cells] : cells, delimiter);
}
