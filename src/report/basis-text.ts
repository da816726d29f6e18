/**
 * The basis in words, for the renderers: one entry as a short phrase, a result's basis as a line,
 * and the report's headline split ("17 of 45 decided from Mixpanel's records, ..."). Reads only the
 * report.
 */
import { basisClass, type BasisEntry, type BasisKind } from './basis.js';
import type { CheckResult, ScanReport } from './report.js';

export const BASIS_LABELS: Record<BasisKind, string> = {
  'mixpanel-api': 'Mixpanel API',
  'mixpanel-internal-api': "Mixpanel's internal API",
  scim: 'Mixpanel SCIM',
  'audit-log': 'Mixpanel audit log',
  export: 'export',
  attestation: 'attestation',
  none: 'none',
};

/** The date part of an ISO date-time, enough for a reader to judge freshness. */
const day = (iso: string): string => iso.slice(0, 10);

export function basisPhrase(b: BasisEntry): string {
  switch (b.kind) {
    case 'none': return 'none (no data decided it)';
    case 'export': return `export: ${b.files.join('; ')}`;
    case 'attestation':
      return `attested: ${b.attestations.map((a) => `${a.fields ? a.fields.join(', ') : a.slice} by ${a.attestedBy} on ${day(a.attestedAt)}, expires ${day(a.expires)}`).join('; ')}`;
    default: return `${BASIS_LABELS[b.kind]} (${b.slices.join(', ')})`;
  }
}

export function basisLine(basis: readonly BasisEntry[]): string {
  return basis.map(basisPhrase).join(' · ');
}

/** The kinds alone, for a column or an attribute: `mixpanel-api+attestation`. */
export function basisKindsText(basis: readonly BasisEntry[]): string {
  return basis.map((b) => b.kind).join('+');
}

/**
 * Where each check of a report stands, as one partition of all its checks. A check decided by its
 * data (pass or fail, also when an exception now covers the failure) is filed by the weakest input
 * behind it (basisClass: any attestation makes it `attested`, else any export `exports`, else
 * `records` when all of it is Mixpanel's own); the others by status: manual awaits a person, error
 * could not be read, not applicable. The parts always add up to the number of checks.
 */
export interface BasisSplit {
  total: number;
  records: number;
  exports: number;
  attested: number;
  /** Decided with no recorded source: should not happen, said when it does. */
  unsourced: number;
  awaiting: number;
  unreadable: number;
  notApplicable: number;
}

export function basisSplit(results: readonly CheckResult[]): BasisSplit {
  const split: BasisSplit = { total: results.length, records: 0, exports: 0, attested: 0, unsourced: 0, awaiting: 0, unreadable: 0, notApplicable: 0 };
  for (const r of results) {
    const status = r.originalStatus ?? r.status;
    if (status === 'pass' || status === 'fail') {
      const c = basisClass(r.basis.map((b) => b.kind));
      if (c === 'records') split.records++;
      else if (c === 'export') split.exports++;
      else if (c === 'attested') split.attested++;
      else split.unsourced++;
    } else if (status === 'error') split.unreadable++;
    else if (status === 'not_applicable') split.notApplicable++;
    else split.awaiting++;
  }
  return split;
}

/** "17 of 45 decided from Mixpanel's records, 6 from your exports, 9 attested, 13 awaiting a person". */
export function basisSentence(report: Pick<ScanReport, 'results'>): string {
  const s = basisSplit(report.results);
  const parts = [
    `${s.records} of ${s.total} decided from Mixpanel's records`,
    `${s.exports} from your exports`,
    `${s.attested} attested`,
    `${s.awaiting} awaiting a person`,
  ];
  if (s.notApplicable > 0) parts.push(`${s.notApplicable} not applicable`);
  if (s.unreadable > 0) parts.push(`${s.unreadable} not evaluated (a source could not be read)`);
  if (s.unsourced > 0) parts.push(`${s.unsourced} decided with no recorded source`);
  return parts.join(', ');
}
