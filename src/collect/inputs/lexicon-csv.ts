/**
 * The Lexicon export (`--lexicon`): a project's data dictionary exported to CSV from Lexicon.
 * Mixpanel documents that this export carries each definition's metadata (hidden, dropped,
 * sensitive), which the documented Lexicon Schemas API does not return. It is what lets MP-3.2.2
 * tell a classified property from one that is not.
 *
 * The export belongs to one project and its exact headers are not published, so the project is
 * named on the command line (`--lexicon <project id>=<file>`) unless the file has a Project ID
 * column, and headers are matched with aliases. A file without a Sensitive column is refused: it
 * cannot show classification. A blank flag stays unknown; it is never read as "no".
 */
import { InputError, type InputProblem } from '../../core/errors.js';
import type { LexiconProperty } from '../../state/org-state.js';
import { readCsvTable, readCsvText, type ColumnSpec, type CsvCell } from './csv-table.js';
import { parseYesNo } from './input-values.js';

type LexiconColumn = 'projectId' | 'entityType' | 'entityName' | 'name' | 'sensitive' | 'hidden' | 'dropped';

export const LEXICON_COLUMNS: readonly ColumnSpec<LexiconColumn>[] = [
  { key: 'projectId', label: 'Project ID', aliases: ['project', 'project id'] },
  { key: 'entityType', label: 'Entity Type', aliases: ['type', 'resource type', 'definition type'] },
  { key: 'entityName', label: 'Event Name', aliases: ['event', 'entity', 'entity name', 'parent event'] },
  { key: 'name', label: 'Property Name', aliases: ['property', 'name'] },
  { key: 'sensitive', label: 'Sensitive', aliases: ['classified', 'is sensitive', 'classified data', 'pii'], required: true },
  { key: 'hidden', label: 'Hidden', aliases: ['is hidden', 'visibility hidden'] },
  { key: 'dropped', label: 'Dropped', aliases: ['blocked', 'is dropped', 'is blocked'] },
];

export interface LexiconExport {
  file: string;
  /** Projects the file describes (named on the command line or in its Project ID column). */
  projectIds: string[];
  properties: LexiconProperty[];
}

/** `12345=lexicon.csv` or `lexicon.csv`. A bare path keeps any `=` it holds after a path separator. */
export function parseLexiconArg(arg: string): { projectId?: string; file: string } {
  const m = /^([0-9]{1,20})=(.+)$/.exec(arg);
  return m ? { projectId: m[1]!, file: m[2]! } : { file: arg };
}

/** Entity types that name an event or profile definition rather than one of its properties. */
const NOT_A_PROPERTY = new Set(['event', 'events', 'profile', 'custom event', 'lookup table']);

export function loadLexiconCsv(file: string, projectId?: string): LexiconExport {
  const rows = readCsvTable(file, readCsvText(file), LEXICON_COLUMNS, 'ignore');
  const problems: InputProblem[] = [];
  const problem = (c: CsvCell | undefined, line: number, message: string) => problems.push({ file, line: c?.line ?? line, column: c?.column ?? 1, message });
  const flag = (c: CsvCell | undefined, line: number, what: string): boolean | undefined => {
    if (c === undefined || c.value === '') return undefined;
    const v = parseYesNo(c.value);
    if (v === undefined) problem(c, line, `${what} must be yes/no (true/false), not "${c.value}"`);
    return v;
  };
  const properties: LexiconProperty[] = [];
  const projects = new Set<string>();
  for (const row of rows) {
    const type = row.cells.entityType?.value.toLowerCase();
    if (type !== undefined && NOT_A_PROPERTY.has(type)) continue;
    const name = row.cells.name;
    if (!name || name.value === '') {
      problem(name, row.line, 'a property row needs a Property Name');
      continue;
    }
    const fromColumn = row.cells.projectId?.value;
    if (fromColumn !== undefined && fromColumn !== '' && !/^[0-9]{1,20}$/.test(fromColumn)) {
      problem(row.cells.projectId, row.line, `not a project id: "${fromColumn}"`);
      continue;
    }
    if (projectId !== undefined && fromColumn && fromColumn !== projectId) {
      problem(row.cells.projectId, row.line, `the row is for project ${fromColumn}, but the file was given for project ${projectId}`);
      continue;
    }
    const project = projectId ?? (fromColumn || undefined);
    if (project === undefined) {
      problem(row.cells.projectId, row.line, 'no project: name it on the command line as --lexicon <project id>=<file>, or fill the Project ID column');
      continue;
    }
    const entityText = [row.cells.entityType?.value, row.cells.entityName?.value].filter((v) => v !== undefined && v !== '').join(':');
    // The state schema bounds these (a longer value would fail the state, not this file).
    if (name.value.length > 500) {
      problem(name, row.line, `Property Name is ${name.value.length} characters, above 500`);
      continue;
    }
    if (entityText.length > 500) {
      problem(row.cells.entityName ?? row.cells.entityType, row.line, `the event or entity name is ${entityText.length} characters, above 500`);
      continue;
    }
    projects.add(project);
    const sensitive = flag(row.cells.sensitive, row.line, 'Sensitive');
    const hidden = flag(row.cells.hidden, row.line, 'Hidden');
    const dropped = flag(row.cells.dropped, row.line, 'Dropped');
    properties.push({
      projectId: project, entity: entityText || 'property', name: name.value,
      ...(sensitive === undefined ? {} : { sensitive }),
      ...(hidden === undefined ? {} : { hidden }),
      ...(dropped === undefined ? {} : { dropped }),
    });
  }
  if (problems.length > 0) throw new InputError(problems);
  if (properties.length === 0) throw InputError.at(file, 'no properties in the Lexicon export', 1, 1);
  return { file, projectIds: [...projects].sort(), properties };
}
