/**
 * The roster (`--roster`): the IAM tracker of who works for the organization, on what terms and
 * until when. CSV (columns matched like the members export) or YAML/JSON (a list, or `entries:`
 * holding one, with the state's field names). Both go through the same entry check, so a problem
 * reads the same and points at its line either way.
 */
import { extname } from 'node:path';
import { InputError, type InputProblem } from '../../core/errors.js';
import { loadStructuredFile } from '../../core/structured-file.js';
import type { RosterEntry } from '../../state/org-state.js';
import { readCsvTable, readCsvText, type ColumnSpec } from './csv-table.js';
import { partErrors } from '../../core/schema-validator.js';
import { dateReason, isNeverWord, normalizeEmail, readInstantText } from './input-values.js';

type RosterField = 'email' | 'name' | 'type' | 'organization' | 'engagementEnd' | 'approver' | 'ticket';

export const ROSTER_COLUMNS: readonly ColumnSpec<RosterField>[] = [
  { key: 'email', label: 'Email', aliases: ['email address', 'work email'], required: true },
  { key: 'name', label: 'Name', aliases: ['full name'] },
  { key: 'type', label: 'Type', aliases: ['worker type', 'employment type', 'engagement type', 'category'], required: true },
  { key: 'organization', label: 'Organization', aliases: ['company', 'vendor', 'agency', 'employer', 'organisation'] },
  { key: 'engagementEnd', label: 'Engagement End', aliases: ['end date', 'contract end', 'engagement end date', 'end'] },
  { key: 'approver', label: 'Approver', aliases: ['approved by', 'sponsor', 'manager'] },
  { key: 'ticket', label: 'Ticket', aliases: ['ticket id', 'request', 'jira'] },
];

const TYPES: Record<string, RosterEntry['type']> = {
  employee: 'employee', fte: 'employee', staff: 'employee',
  contractor: 'contractor', consultant: 'contractor', freelancer: 'contractor',
  agency: 'agency', vendor: 'agency',
  temporary: 'temporary', temp: 'temporary', intern: 'temporary',
};

export interface Roster {
  file: string;
  entries: RosterEntry[];
}

interface Place {
  line?: number;
  column?: number;
  pointer?: string;
}

type FieldValues = Partial<Record<RosterField, { value: string; place: Place }>>;

/** Checks and normalizes one entry; problems go to `report`. */
function entryFrom(fields: FieldValues, rowPlace: Place, report: (p: Place, m: string) => void): RosterEntry | undefined {
  const email = fields.email?.value ? normalizeEmail(fields.email.value) : undefined;
  if (email === undefined) {
    report(fields.email?.place ?? rowPlace, fields.email?.value ? `not an email address: "${fields.email.value}"` : 'email is missing');
    return undefined;
  }
  const typeText = fields.type?.value.trim().toLowerCase() ?? '';
  const type = TYPES[typeText];
  if (type === undefined) {
    report(fields.type?.place ?? rowPlace, `unknown type "${fields.type?.value ?? ''}" (expected employee, contractor, agency or temporary)`);
    return undefined;
  }
  const entry: RosterEntry = { email, type };
  for (const k of ['name', 'organization', 'approver', 'ticket'] as const) {
    const v = fields[k]?.value.trim();
    if (v) entry[k] = k === 'approver' ? normalizeEmail(v) ?? v : v;
  }
  const end = fields.engagementEnd;
  if (end && end.value.trim() !== '') {
    if (isNeverWord(end.value)) entry.engagementEnd = null;
    else {
      const at = readInstantText(end.value);
      if (!at.ok) report(end.place, `not a date: "${end.value}"${dateReason(at.reason)} (write 2026-01-31, or "none" for open-ended)`);
      else entry.engagementEnd = at.text;
    }
  }
  // What the state's schema would refuse (a name over 500 characters) is refused here, at its place.
  for (const e of partErrors('org-state', '/definitions/rosterEntry', entry)) {
    const key = e.path.split('/')[1] as RosterField | undefined;
    report((key === undefined ? undefined : fields[key]?.place) ?? rowPlace, `${key ?? 'entry'} ${e.message}`);
  }
  return entry;
}

interface Parsed {
  entry: RosterEntry | undefined;
  place: Place;
}

function fromCsv(file: string, report: (p: Place, m: string) => void): Parsed[] {
  return readCsvTable(file, readCsvText(file), ROSTER_COLUMNS, 'error').map((row) => {
    const fields: FieldValues = {};
    for (const [k, cell] of Object.entries(row.cells) as [RosterField, { value: string; line: number; column: number }][]) {
      fields[k] = { value: cell.value, place: { line: cell.line, column: cell.column } };
    }
    const place = { line: row.line, column: 1 };
    return { entry: entryFrom(fields, place, report), place };
  });
}

function fromYaml(file: string, report: (p: Place, m: string) => void): Parsed[] {
  const source = loadStructuredFile(file);
  const at = (pointer: string): Place => ({ ...(source.locate(pointer) ?? {}), pointer });
  const data = source.data;
  const list = Array.isArray(data) ? data : (data as Record<string, unknown>).entries;
  const base = Array.isArray(data) ? '' : '/entries';
  if (!Array.isArray(list)) throw new InputError([{ file, ...at(''), message: 'expected a list of entries, or a mapping with "entries:" holding one' }]);
  if (!Array.isArray(data)) {
    for (const key of Object.keys(data as object)) if (key !== 'entries' && key !== '$schema') report(at(`/${key}`), `unknown key "${key}"`);
  }
  const known = new Set<string>(ROSTER_COLUMNS.map((c) => c.key));
  return list.map((item, i) => {
    const pointer = `${base}/${i}`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      report(at(pointer), 'entry must be a mapping');
      return { entry: undefined, place: at(pointer) };
    }
    const fields: FieldValues = {};
    for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
      if (!known.has(k)) {
        report(at(`${pointer}/${k}`), `unknown field "${k}" (known: ${[...known].join(', ')})`);
        continue;
      }
      if (v === null && k === 'engagementEnd') {
        fields.engagementEnd = { value: 'none', place: at(`${pointer}/${k}`) };
        continue;
      }
      if (typeof v !== 'string' && typeof v !== 'number') {
        report(at(`${pointer}/${k}`), `${k} must be text`);
        continue;
      }
      fields[k as RosterField] = { value: String(v), place: at(`${pointer}/${k}`) };
    }
    return { entry: entryFrom(fields, at(pointer), report), place: at(pointer) };
  });
}

export function loadRoster(file: string): Roster {
  const problems: InputProblem[] = [];
  const report = (p: Place, message: string) => problems.push({ file, ...p, message });
  const ext = extname(file).toLowerCase();
  const parsed = ext === '.csv' || ext === '.tsv' ? fromCsv(file, report) : fromYaml(file, report);
  const seen = new Map<string, Place>();
  const entries: RosterEntry[] = [];
  for (const { entry, place } of parsed) {
    if (!entry) continue;
    const before = seen.get(entry.email);
    if (before) report(place, `${entry.email} is listed twice${before.line === undefined ? '' : ` (also on line ${before.line})`}`);
    seen.set(entry.email, place);
    entries.push(entry);
  }
  if (problems.length > 0) throw new InputError(problems.slice(0, 50));
  if (entries.length === 0) throw InputError.at(file, 'the roster has no entries', 1, 1);
  return { file, entries: entries.sort((a, b) => a.email.localeCompare(b.email)) };
}
