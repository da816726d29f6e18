/**
 * Updates the text of an attestations file: sections a person attested are set through yaml's
 * Document API (which keeps the file's other entries and comments), drafts `attest` wrote before
 * and nobody touched are replaced by fresh ones, drafts a person edited are kept as they are. A
 * section already filled in is replaced only when the caller says so (a renewal the person
 * confirmed); the caller validates the result before anything is written.
 */
import { isMap, parseDocument } from 'yaml';
import { draftLines, findDrafts, type DraftContent } from './draft-block.js';
import { SECTION_GUIDES } from './section-guide.js';

export const NEW_FILE_HEADER = [
  '# Attestations for mixpanel-hardening: facts no Mixpanel API gives, each section signed with who',
  '# vouches for it, when, the evidence and when it expires (scan --attestations <this file>).',
  '# `mixpanel-hardening attest` adds a commented draft for each section a scan still needs.',
  'version: 1',
];

export interface Update {
  /** Sections to set, by name, with their full content (signature and facts). */
  attested: Map<string, Record<string, unknown>>;
  /** Drafts for the sections still wanted. */
  drafts: DraftContent[];
  /** Sections the file holds that may be replaced (renewals the person confirmed). */
  replace: ReadonlySet<string>;
  /** New evidence values of filled-in sections: a file path given its recorded sha256. */
  evidence?: ReadonlyMap<string, string>;
  /** The organization a report names, for a file that names none (a cross-check for scan). */
  organization?: { id: string; name: string; region: string };
}

export interface Updated {
  text: string;
  /** Drafts left as a person edited them (still commented out). */
  editedDrafts: string[];
  /** Drafts written (new or refreshed). */
  draftsWritten: string[];
}

/** The file's top-level keys, from its parsed text (drafts are comments, so never among them). */
function topLevelKeys(text: string): Set<string> {
  const doc = parseDocument(text);
  return new Set(isMap(doc.contents) ? doc.contents.items.map((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key)) : []);
}

export function updateAttestationsText(existing: string | undefined, update: Update): Updated {
  const lines = existing === undefined ? [...NEW_FILE_HEADER] : existing.replace(/\r\n/g, '\n').split('\n');
  const found = findDrafts(lines, SECTION_GUIDES);
  const edited = found.filter((d) => !d.pristine).map((d) => d.section);
  // Untouched drafts go; they are written again below with what this run observed.
  for (const d of [...found].reverse()) {
    if (!d.pristine) continue;
    const blankAfter = lines[d.end + 1] !== undefined && lines[d.end + 1]!.trim() === '' ? 1 : 0;
    lines.splice(d.start, d.end - d.start + 1 + blankAfter);
  }
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  let text = `${lines.join('\n')}\n`;

  const evidence = update.evidence ?? new Map<string, string>();
  if (update.attested.size > 0 || evidence.size > 0 || (update.organization && !topLevelKeys(text).has('organization'))) {
    const doc = parseDocument(text);
    for (const [section, value] of evidence) doc.setIn([section, 'evidence'], value);
    if (update.organization && !doc.has('organization')) doc.set('organization', doc.createNode(update.organization));
    for (const [section, content] of update.attested) {
      if (doc.has(section) && !update.replace.has(section)) throw new Error(`internal error: section ${section} is filled in and was not to be replaced`);
      doc.set(section, doc.createNode(content));
    }
    text = doc.toString({ lineWidth: 0 });
  }

  const present = topLevelKeys(text);
  const drafts = update.drafts.filter((d) => !update.attested.has(d.guide.section) && !edited.includes(d.guide.section)
    && (!present.has(d.guide.section) || d.renew !== undefined));
  for (const d of drafts) text += `\n${draftLines(d).join('\n')}\n`;
  return { text, editedDrafts: edited, draftsWritten: drafts.map((d) => d.guide.section) };
}
