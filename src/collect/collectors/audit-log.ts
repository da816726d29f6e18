/**
 * The audit log through the beta platform API (`POST platform-{region}/v1/organizations/{org}/
 * audit-logs/query`, platform.openapi.json): cursor paging with `page_size` 100, newest first,
 * filtered to a window (default the last 90 days).
 *
 * The API is beta and its availability per organization is unsure, so when it fails (401, 403,
 * 404, or anything else once retries are spent) the administrator's export (`--audit-log`) is used
 * instead, with the API's answer in the provenance; without an export the slice is `error`.
 * A listing cut short by `maxPages` keeps only the window it fully covers: the window's start
 * moves to the oldest event read, so no check mistakes "not fetched" for "did not happen".
 */
import type { AuditEvent, AuditLog, Slice } from '../../state/org-state.js';
import { auditEventFrom, sortEvents } from '../audit-event.js';
import type { CollectContext } from '../context.js';
import type { AuditLogFile } from '../inputs/audit-log-file.js';
import { failedSlice, okSlice, reasonOf } from '../slice-result.js';
import { array, isRecord, optionalString, record, ShapeError } from '../wire.js';

export interface AuditLogOptions {
  /** Window, as instants. */
  start: string;
  end: string;
  pageSize: number;
  maxPages: number;
  fallback?: AuditLogFile;
}

const WHAT = 'querying the audit log (beta platform API)';

export function fileSlice(file: AuditLogFile, collectedAt: string, apiReason?: string): Slice<AuditLog> {
  const why = apiReason === undefined ? '' : `; used because the audit-log API failed: ${apiReason}`;
  return okSlice({ window: file.window, events: file.events }, {
    source: 'export',
    collectedAt,
    detail: `audit-log export ${file.file} (${file.events.length} events)${why}`,
  });
}

export async function collectAuditLog(ctx: CollectContext, opts: AuditLogOptions): Promise<Slice<AuditLog>> {
  const route = `/v1/organizations/${ctx.organization.id}/audit-logs/query`;
  const events: AuditEvent[] = [];
  let truncated = false;
  try {
    const cursors = new Set<string>();
    let cursor: string | undefined;
    for (let page = 1; ; page++) {
      if (page > opts.maxPages) {
        truncated = true;
        break;
      }
      const body = record(await ctx.client.queryAuditLog(
        {
          region: ctx.organization.region, organizationId: ctx.organization.id, pageSize: opts.pageSize, order: 'desc',
          ...(cursor === undefined ? {} : { cursor }),
          body: { created_after: opts.start, created_before: opts.end },
        },
        { purpose: 'querying the audit log', region: ctx.organization.region, organizationId: ctx.organization.id },
      ), WHAT, 'the response');
      array(body.results, WHAT, 'results').forEach((raw, i) => {
        const r = auditEventFrom(record(raw, WHAT, `results[${i}]`));
        if (!r.ok) throw new ShapeError(WHAT, `results[${i}]: ${r.problem}`);
        events.push(r.event);
      });
      ctx.emit({ type: 'page', slice: 'auditLog', page, items: events.length });
      const next = isRecord(body.pagination) ? optionalString(body.pagination.next_cursor) : undefined;
      if (next === undefined || next === '') break;
      if (cursors.has(next)) throw new ShapeError(WHAT, `cursor repeated on page ${page}; paging is not consistent`);
      cursors.add(next);
      cursor = next;
    }
  } catch (err) {
    if (opts.fallback) return fileSlice(opts.fallback, ctx.collectedAt, reasonOf(err));
    return failedSlice(err, { source: 'audit-log', collectedAt: ctx.collectedAt, detail: `POST ${route}` });
  }
  if (opts.fallback) {
    ctx.emit({ type: 'warning', message: `the audit-log API answered; the export ${opts.fallback.file} is not used` });
  }
  sortEvents(events);
  let start = opts.start;
  if (truncated && events.length > 0) start = events[events.length - 1]!.created;
  const cut = truncated ? `; stopped after ${opts.maxPages} pages, so the window starts at the oldest event read` : '';
  return okSlice({ window: { start, end: opts.end }, events }, {
    source: 'audit-log',
    collectedAt: ctx.collectedAt,
    detail: `POST ${route} (beta), ${events.length} events${cut}`,
  });
}
