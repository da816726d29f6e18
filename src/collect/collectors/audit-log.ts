/**
 * The audit log through the beta platform API (`POST platform-{region}/v1/organizations/{org}/
 * audit-logs/query`, platform.openapi.json): cursor paging with `page_size` 100, newest first,
 * filtered to a window (`--audit-window`, default the last 180 days).
 *
 * The API is beta and its availability per organization is unsure, so when it fails (401, 403,
 * 404, or anything else once retries are spent) the administrator's export (`--audit-log`) is used
 * instead, with the API's answer in the provenance; without an export the slice is `error`.
 * The window the slice claims is computed from what was read, never assumed:
 * - every event must lie inside the window asked for; one outside it means the server did not
 *   apply the filter, and the read is an error;
 * - a listing cut short by `maxPages` covers only what it read contiguously from the newest end:
 *   the window's start moves to the oldest event read. That holds only if the server really
 *   answered newest first; if it ignored `order=desc` (an event newer than one before it), the
 *   unread pages may hold the newest events, so a capped read is an error. A capped read that
 *   found no event at all (empty pages that keep handing out cursors) covers nothing: error.
 * So no check mistakes "not fetched" for "did not happen". The same event id read twice counts once,
 * and the slice says so.
 */
import type { AuditEvent, AuditLog, Slice } from '../../state/org-state.js';
import { auditEventFrom, sortEvents } from '../audit-event.js';
import type { CollectContext } from '../context.js';
import type { AuditLogFile } from '../inputs/audit-log-file.js';
import { failedSlice, okSlice, reasonOf } from '../slice-result.js';
import { duplicateReason } from '../merge/duplicates.js';
import { array, isRecord, optionalString, record, ShapeError } from '../wire.js';

export interface AuditLogOptions {
  /** Window, as instants. */
  start: string;
  end: string;
  pageSize: number;
  maxPages: number;
  /**
   * The event types to ask for (the query's `types`); absent: every type. Asking only for the types
   * the derived facts read keeps the page cap from cutting the window short on busy organizations.
   */
  types?: readonly string[];
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
  let pagesRead = 0;
  let start = opts.start;
  let flag: string | undefined;
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
          body: { created_after: opts.start, created_before: opts.end, ...(opts.types === undefined ? {} : { types: [...opts.types] }) },
        },
        { purpose: 'querying the audit log', region: ctx.organization.region, organizationId: ctx.organization.id },
      ), WHAT, 'the response');
      pagesRead = page;
      array(body.results, WHAT, 'results').forEach((raw, i) => {
        const r = auditEventFrom(record(raw, WHAT, `results[${i}]`));
        if (!r.ok) throw new ShapeError(WHAT, `page ${page} results[${i}]: ${r.problem}`);
        // A type not asked for means the server ignored the filter: the read cannot be trusted to be complete either way.
        if (opts.types !== undefined && !opts.types.includes(r.event.type)) {
          throw new ShapeError(WHAT, `page ${page} results[${i}]: event type "${r.event.type}" was not asked for; the server did not apply the types filter`);
        }
        events.push(r.event);
      });
      ctx.emit({ type: 'page', slice: 'auditLog', page, items: events.length });
      const next = isRecord(body.pagination) ? optionalString(body.pagination.next_cursor) : undefined;
      if (next === undefined || next === '') break;
      if (cursors.has(next)) throw new ShapeError(WHAT, `cursor repeated on page ${page}; paging is not consistent`);
      cursors.add(next);
      cursor = next;
    }
    const checked = coveredWindow(events, opts, truncated, pagesRead);
    start = checked.start;
    flag = checked.flag;
  } catch (err) {
    if (opts.fallback) return fileSlice(opts.fallback, ctx.collectedAt, reasonOf(err));
    return failedSlice(err, { source: 'audit-log', collectedAt: ctx.collectedAt, detail: `POST ${route}` });
  }
  if (opts.fallback) {
    ctx.emit({ type: 'warning', message: `the audit-log API answered; the export ${opts.fallback.file} is not used` });
  }
  const unique = [...new Map(events.map((e) => [e.id, e] as const)).values()];
  sortEvents(unique);
  if (flag !== undefined) ctx.emit({ type: 'warning', message: `audit log: ${flag}` });
  const cut = truncated ? `; stopped after ${opts.maxPages} pages, so the window starts at the oldest event read (${start})` : '';
  const typesNote = opts.types === undefined ? '' : ` of the ${opts.types.length} event types the checks read`;
  return okSlice({ window: { start, end: opts.end }, events: unique, ...(opts.types === undefined ? {} : { types: [...opts.types] }) }, {
    source: 'audit-log',
    collectedAt: ctx.collectedAt,
    detail: `POST ${route} (beta), ${unique.length} events${typesNote}${cut}`,
  }, flag);
}

/**
 * The window the events read really cover, or a ShapeError when they cannot be shown to cover one.
 * `events` are in the order the server sent them.
 */
function coveredWindow(events: readonly AuditEvent[], opts: AuditLogOptions, truncated: boolean, pages: number): { start: string; flag?: string } {
  const from = Date.parse(opts.start);
  const to = Date.parse(opts.end);
  const outside = events.filter((e) => {
    const at = Date.parse(e.created);
    return at < from || at > to;
  });
  if (outside.length > 0) {
    throw new ShapeError(WHAT, `${outside.length} of ${events.length} events lie outside the window asked for (${opts.start} to ${opts.end}), e.g. ${outside[0]!.id} at ${outside[0]!.created}; the server did not apply the filter, so what it returned cannot be trusted to be the whole window`);
  }
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.id, (counts.get(e.id) ?? 0) + 1);
  const twice = [...counts.entries()].filter(([, n]) => n > 1).map(([key, count]) => ({ key, count }));
  const flag = twice.length > 0
    ? `${duplicateReason('event id', 'the audit log', twice).replace(/; the copies were merged.*$/, '')}; each event counts once`
    : undefined;
  if (!truncated) return { start: opts.start, ...(flag === undefined ? {} : { flag }) };
  if (events.length === 0) {
    throw new ShapeError(WHAT, `stopped at the page cap (${pages} pages) without reading a single event while the server kept handing out cursors; the read covers no known window`);
  }
  for (let i = 1; i < events.length; i++) {
    if (Date.parse(events[i]!.created) > Date.parse(events[i - 1]!.created)) {
      throw new ShapeError(WHAT, `the server did not answer newest first (order=desc): ${events[i]!.id} (${events[i]!.created}) came after ${events[i - 1]!.id} (${events[i - 1]!.created}); `
        + `the read stopped at the page cap (${pages} pages), so the newest events may be among those never read`);
    }
  }
  // Newest first and contiguous: everything from the oldest event read up to the end was seen.
  const oldest = events.reduce((a, e) => (Date.parse(e.created) < Date.parse(a) ? e.created : a), events[0]!.created);
  return { start: oldest, ...(flag === undefined ? {} : { flag }) };
}
