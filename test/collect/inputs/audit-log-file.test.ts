import { afterAll, describe, expect, it } from '@jest/globals';
import { loadAuditLogFile } from '../../../src/collect/inputs/audit-log-file.js';
import { packagePath } from '../../../src/core/paths.js';
import { problemsOf, TempFiles } from './temp-files.js';

const tmp = new TempFiles();
afterAll(() => tmp.remove());

describe('audit-log export', () => {
  it('reads the NDJSON example; the window is the span of its events', () => {
    const log = loadAuditLogFile(packagePath('examples', 'audit-log.example.ndjson'));
    expect(log.window).toEqual({ start: '2026-05-20T17:40:00Z', end: '2026-06-10T08:00:00Z' });
    expect(log.events[1]).toEqual({
      id: 'a2', created: '2026-06-01T09:15:00Z', type: 'user.role_changed', userEmail: 'ada@acme.example', userId: '900',
      projectId: '3001', entityName: 'cy@acme.example', payload: { old_role: 'consumer', new_role: 'analyst' }, ttl: '2028-06-01T09:15:00Z',
    });
    expect(log.events[0]!.projectId).toBeNull();
  });

  it('NDJSON problems carry the line (and column of a JSON error)', () => {
    const f = tmp.write('bad.ndjson', [
      '{"id":"1","created":"2026-01-01T00:00:00Z","entity":{"type":"session.logged_in"}}',
      '',
      '{"id":"2","created":"2026-01-01T00:00:00Z", oops}',
      '{"id":"3","entity":{"type":"session.logged_in"}}',
      '{"id":"4","created":"2026-01-01T00:00:00Z","entity":{}}',
      '[1,2]',
    ].join('\n'));
    expect(problemsOf(() => loadAuditLogFile(f), tmp.dir)).toEqual([
      'bad.ndjson:3:45: not valid JSON (each line must hold one audit-log object)',
      'bad.ndjson:4:1: "created" is missing or not a date-time',
      'bad.ndjson:5:1: missing the event type ("entity.type", or "entity.entity_type" and "entity.action")',
      'bad.ndjson:6:1: each line must hold one JSON object',
    ]);
  });

  it('reads CSV, ignoring the columns it does not need, and gives events without an id one from their line', () => {
    const f = tmp.write('log.csv', 'Time,Entity Type,Action,User,Client IP,Project ID\n2026-02-01T10:00:00Z,session,logged_in,Bob@Acme.example,198.51.100.1,\n2026-02-02 11:00,user,role_changed,ada@acme.example,198.51.100.2,3001\n');
    const log = loadAuditLogFile(f);
    expect(log.events).toEqual([
      { id: 'log.csv:3', created: '2026-02-02T11:00:00Z', type: 'user.role_changed', userEmail: 'ada@acme.example', projectId: '3001' },
      { id: 'log.csv:2', created: '2026-02-01T10:00:00Z', type: 'session.logged_in', userEmail: 'bob@acme.example' },
    ]);
  });

  it('CSV: a bad time points at its cell; no events at all is an error', () => {
    const f = tmp.write('t.csv', 'Created,Type\nlast week,session.logged_in\n');
    expect(problemsOf(() => loadAuditLogFile(f), tmp.dir)).toEqual(['t.csv:2:1: "created" is missing or not a date-time']);
    const empty = tmp.write('e.csv', 'Created,Type\n');
    expect(problemsOf(() => loadAuditLogFile(empty), tmp.dir)).toEqual(['e.csv:1:1: the audit-log export holds no events']);
  });

  it('the same event twice (overlapping exports) counts once', () => {
    const line = '{"id":"1","created":"2026-01-01T00:00:00Z","entity":{"type":"session.logged_in"}}';
    expect(loadAuditLogFile(tmp.write('dup.ndjson', `${line}\n${line}\n`)).events).toHaveLength(1);
  });
});
