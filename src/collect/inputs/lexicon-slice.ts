/**
 * The lexicon slice from Lexicon exports. Every project the organization has must be covered:
 * a PII property in a project nobody exported would otherwise go unseen and a check could pass,
 * so partial coverage makes the slice `missing` with the projects to export.
 */
import type { LexiconProperty, Project, Slice } from '../../state/org-state.js';
import type { LexiconExport } from './lexicon-csv.js';

export function lexiconFromExports(exports: LexiconExport[], projects: Project[], collectedAt: string): Slice<LexiconProperty[]> {
  const files = exports.map((e) => e.file.split(/[\\/]/).pop()).join(', ');
  const provenance = { source: 'export' as const, collectedAt, detail: `Lexicon exports ${files}` };
  const covered = new Set(exports.flatMap((e) => e.projectIds));
  const uncovered = projects.filter((p) => !covered.has(p.id));
  if (uncovered.length > 0) {
    const names = uncovered.slice(0, 10).map((p) => `${p.name} (${p.id})`).join(', ');
    const more = uncovered.length > 10 ? ` and ${uncovered.length - 10} more` : '';
    return {
      status: 'missing', provenance,
      reason: `the Lexicon exports cover ${covered.size} of ${projects.length} projects; export Lexicon for ${names}${more} and pass each as --lexicon <project id>=<file>`,
    };
  }
  return { status: 'ok', provenance, data: exports.flatMap((e) => e.properties) };
}
