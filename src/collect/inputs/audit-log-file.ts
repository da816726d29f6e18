/**
 * The audit-log export (`--audit-log`): Organization Settings -> Audit Log exported as NDJSON (one
 * AuditLog object per line, the platform API's fields) or CSV. Used when the beta API cannot be
 * read. The CSV export's exact columns are not documented, so known columns are matched by name and
 * aliases and the others (IP, user agent, headers) are ignored; the NDJSON form is preferred.
 * The window the file covers is the span of its events.
 */
import { basename, extname } from 'node:path';
import { InputError, type InputProblem } from '../../core/errors.js';
import { partErrors } from '../../core/schema-validator.js';
import { lineColumn, readInputText } from '../../core/structured-file.js';
import type { AuditEvent } from '../../state/org-state.js';
import { auditEventFrom, sortEvents } from '../audit-event.js';
import { isRecord, type JsonRecord } from '../wire.js';
import { readCsvTable, readCsvText, type ColumnSpec } from './csv-table.js';

export interface AuditLogFile {
  file: string;
  events: AuditEvent[];
  window: { start: string; end: string };
}

type AuditColumn = 'id' | 'created' | 'type' | 'entityType' | 'action' | 'userEmail' | 'userId' | 'projectId' | 'entityName';

export const AUDIT_LOG_COLUMNS: readonly ColumnSpec<AuditColumn>[] = [
  { key: 'id', label: 'ID', aliases: ['event id', 'log id', 'audit log id'] },
  { key: 'created', label: 'Created', aliases: ['time', 'timestamp', 'date', 'created at', 'event time'], required: true },
  { key: 'type', label: 'Type', aliases: ['event type', 'event', 'activity'] },
  { key: 'entityType', label: 'Entity Type', aliases: [] },
  { key: 'action', label: 'Action', aliases: [] },
  { key: 'userEmail', label: 'User Email', aliases: ['user', 'email', 'actor', 'actor email'] },
  { key: 'userId', label: 'User ID', aliases: [] },
  { key: 'projectId', label: 'Project ID', aliases: [] },
  { key: 'entityName', label: 'Entity Name', aliases: ['entity', 'target'] },
];

/** What the state's schema would refuse in an event (an id over 200 characters), or undefined. */
function stateProblem(event: AuditEvent): string | undefined {
  const [e] = partErrors('org-state', '/definitions/auditLog/properties/events/items', event, 1);
  return e === undefined ? undefined : `${e.path.slice(1) || 'event'} ${e.message}`;
}

function fromNdjson(file: string, text: string, problems: InputProblem[]): AuditEvent[] {
  const events: AuditEvent[] = [];
  const name = basename(file);
  text.split('\n').forEach((rawLine, i) => {
    const line = i + 1;
    const body = rawLine.replace(/\r$/, '');
    if (body.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (err) {
      const m = /position (\d+)/.exec((err as Error).message);
      const column = m ? lineColumn(body, Number(m[1])).column : 1;
      problems.push({ file, line, column, message: 'not valid JSON (each line must hold one audit-log object)' });
      return;
    }
    if (!isRecord(parsed)) {
      problems.push({ file, line, column: 1, message: 'each line must hold one JSON object' });
      return;
    }
    const r = auditEventFrom(parsed, `${name}:${line}`);
    const problem = r.ok ? stateProblem(r.event) : r.problem;
    if (problem === undefined && r.ok) events.push(r.event);
    else problems.push({ file, line, column: 1, message: problem ?? '' });
  });
  return events;
}

function fromCsv(file: string, text: string, problems: InputProblem[]): AuditEvent[] {
  const name = basename(file);
  const events: AuditEvent[] = [];
  for (const row of readCsvTable(file, text, AUDIT_LOG_COLUMNS, 'ignore')) {
    const v = (k: AuditColumn): string | undefined => (row.cells[k]?.value ? row.cells[k]!.value : undefined);
    const raw: JsonRecord = {
      id: v('id'),
      created: v('created'),
      user_email: v('userEmail'),
      user_id: v('userId'),
      project_id: v('projectId'),
      entity: { type: v('type'), entity_type: v('entityType'), action: v('action'), entity_name: v('entityName') },
    };
    const r = auditEventFrom(raw, `${name}:${row.line}`);
    if (!r.ok) {
      const cell = r.problem.includes('created') ? row.cells.created : undefined;
      problems.push({ file, line: cell?.line ?? row.line, column: cell?.column ?? 1, message: r.problem });
      continue;
    }
    const refused = stateProblem(r.event);
    if (refused === undefined) events.push(r.event);
    else problems.push({ file, line: row.line, column: 1, message: refused });
  }
  return events;
}

export function loadAuditLogFile(file: string): AuditLogFile {
  const ext = extname(file).toLowerCase();
  // A large audit log has a lean form: NDJSON, which has no such limit.
  const text = ext === '.csv' ? readCsvText(file, 'an audit log this large can be exported as NDJSON') : readInputText(file);
  const isCsv = ext === '.csv' || (ext !== '.ndjson' && ext !== '.jsonl' && ext !== '.json' && !text.trimStart().startsWith('{'));
  const problems: InputProblem[] = [];
  const parsed = isCsv ? fromCsv(file, text, problems) : fromNdjson(file, text, problems);
  if (problems.length > 0) throw new InputError(problems.slice(0, 50));
  // The same event exported twice (overlapping exports concatenated) counts once.
  const byId = new Map<string, AuditEvent>();
  for (const e of parsed) if (!byId.has(e.id)) byId.set(e.id, e);
  const events = sortEvents([...byId.values()]);
  if (events.length === 0) throw InputError.at(file, 'the audit-log export holds no events', 1, 1);
  return { file, events, window: { start: events[events.length - 1]!.created, end: events[0]!.created } };
}
