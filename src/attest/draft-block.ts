/**
 * A draft: a section the scan still needs, written into the attestations file as comments, so the
 * file stays valid (and decides nothing) until a person fills the section in and uncomments it.
 * Its lines are the fact, where to verify it, what the scan observed, and the section's skeleton
 * with every value empty: a skeleton uncommented but not filled in fails validation (an empty value
 * is null, which no field accepts) instead of passing for an attestation.
 *
 * A draft starts and ends with marker lines naming its section, so `attest` can find it again: a
 * draft whose skeleton is still as written is replaced by a fresh one (new observations), one a
 * person edited is left as it is.
 */
import { SIGNATURE_FIELDS, type FieldGuide, type SectionGuide } from './section-guide.js';

export const beginMarker = (section: string) => `# ---- attest: ${section} ----`;
export const endMarker = (section: string) => `# ---- end attest: ${section} ----`;
const BEGIN = /^# ---- attest: ([A-Za-z]+) ----$/;

const HINT_COLUMN = 30;

function hinted(line: string, hint: string): string {
  return `${line.padEnd(HINT_COLUMN)} # ${hint}`;
}

function valueHint(f: FieldGuide): string {
  const what = {
    boolean: 'true or false',
    date: 'YYYY-MM-DD',
    'date-or-never': 'YYYY-MM-DD, or null if never',
    text: 'text',
    integer: 'a whole number',
    emails: 'a list of emails like [a@example.com]; [] for none',
    texts: 'a list like [email, phone]; [] for none',
    ids: 'a list of ids like [12345]; [] for none',
    records: 'one "- " item per entry; [] for none',
  }[f.kind];
  return `${f.ask}: ${what}${f.optional ? ' (optional: delete the line if not known)' : ''}`;
}

function fieldLines(f: FieldGuide, indent: string): string[] {
  if (f.kind !== 'records' || !f.item) return [hinted(`${indent}${f.name}:`, valueHint(f))];
  const [first, ...rest] = f.item;
  return [
    hinted(`${indent}${f.name}:`, valueHint(f)),
    ...(first ? [hinted(`${indent}  - ${first.name}:`, valueHint(first))] : []),
    ...rest.map((i) => hinted(`${indent}    ${i.name}:`, valueHint(i))),
  ];
}

const SIGNATURE_HINTS: Record<(typeof SIGNATURE_FIELDS)[number], string> = {
  attestedBy: 'who vouches for it: an email or name',
  attestedAt: 'when it was verified: YYYY-MM-DD',
  evidence: 'a link, or the path of a file (attest records its sha256)',
  expires: 'YYYY-MM-DD, after which it must be verified again',
};

/** The section as YAML with empty values and a hint per line, without the comment marks. */
export function skeleton(guide: SectionGuide): string[] {
  return [
    `${guide.section}:`,
    ...SIGNATURE_FIELDS.map((k) => hinted(`  ${k}:`, SIGNATURE_HINTS[k])),
    ...guide.fields.flatMap((f) => fieldLines(f, '  ')),
  ];
}

const comment = (line: string) => (line === '' ? '#' : `# ${line}`);

export interface DraftContent {
  guide: SectionGuide;
  /** `MP-1.2.1 Two-factor ...` */
  checks: string[];
  observed: string[];
  /** Why the section in the file must be renewed, when it is there. */
  renew?: string;
}

export function draftLines(d: DraftContent): string[] {
  const g = d.guide;
  return [
    beginMarker(g.section),
    comment(`Decides: ${d.checks.join('; ')}`),
    ...(d.renew ? [comment(`Renew: ${d.renew}. Update the section above rather than uncommenting this one.`)] : []),
    comment(`Fact to attest (guide section ${g.guideSection}): ${g.fact}`),
    comment('How to verify it:'),
    ...g.verify.map((step, i) => comment(`  ${i + 1}. ${step}`)),
    comment('What the scan observed:'),
    ...d.observed.map((l) => comment(`  ${l}`)),
    comment('To attest: fill in every value below, then remove the "# " in front of each line from here to the end marker.'),
    ...skeleton(g).map(comment),
    endMarker(g.section),
  ];
}

export interface FoundDraft {
  section: string;
  /** Line indexes, inclusive. */
  start: number;
  end: number;
  /** Every line is a comment and the skeleton is as `attest` wrote it: safe to replace. */
  pristine: boolean;
}

/** The drafts in a file's lines; a begin marker without its end marker is no draft (left alone). */
export function findDrafts(lines: readonly string[], guides: readonly SectionGuide[]): FoundDraft[] {
  const out: FoundDraft[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = BEGIN.exec(lines[i]!.trimEnd());
    if (!m) continue;
    const section = m[1]!;
    const end = lines.findIndex((l, j) => j > i && l.trimEnd() === endMarker(section));
    if (end < 0) continue;
    const block = lines.slice(i, end + 1);
    const guide = guides.find((g) => g.section === section);
    const expected = guide ? skeleton(guide).map(comment) : undefined;
    const allComments = block.every((l) => l.trimStart().startsWith('#'));
    const tail = expected ? block.slice(block.length - 1 - expected.length, block.length - 1) : [];
    const pristine = allComments && expected !== undefined && tail.length === expected.length && tail.every((l, k) => l.trimEnd() === expected[k]);
    out.push({ section, start: i, end, pristine });
    i = end;
  }
  return out;
}
