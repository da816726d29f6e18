/**
 * SCIM users (`GET /api/app/scim/v2/Users`, SCIM bearer token, Enterprise plan). Mixpanel does not
 * document its paging, so this follows RFC 7644 section 3.4.2.4: 1-based `startIndex`, `count`, and
 * the `totalResults` of the ListResponse. A server that ignores `startIndex` (hands back the same
 * users again) is detected instead of being looped on.
 *
 * Every paging field is type-checked: `totalResults` (required by the RFC) must be a whole number,
 * `startIndex` must echo the index asked for, `itemsPerPage` must count the page. A listing that
 * cannot be shown complete (a field of the wrong type, fewer users than announced) is an `error`
 * slice: SCIM coverage must never be judged on part of the directory.
 */
import type { ScimUser, Slice } from '../../state/org-state.js';
import type { CollectContext } from '../context.js';
import { failedSlice, okSlice } from '../slice-result.js';
import { duplicateReason } from '../merge/duplicates.js';
import { array, id, isRecord, lowerEmail, optionalString, record, ShapeError, type JsonRecord } from '../wire.js';

export interface ScimOptions {
  pageSize: number;
  /** Stops a runaway listing. */
  maxPages: number;
}

export const DEFAULT_SCIM_OPTIONS: ScimOptions = { pageSize: 100, maxPages: 1000 };

const WHAT = 'listing SCIM users';
const CREDENTIAL = 'the SCIM token (MIXPANEL_SCIM_TOKEN)';

/** The address a SCIM user is known by: the primary email, else the first, else an email-like userName. */
function emailOf(user: JsonRecord): string | undefined {
  const emails = Array.isArray(user.emails) ? user.emails.filter(isRecord) : [];
  const primary = emails.find((e) => e.primary === true) ?? emails[0];
  return lowerEmail(primary?.value) ?? lowerEmail(user.userName);
}

/**
 * The RFC 7643 `groups` attribute (read-only, multi-valued: `display`, `value`), as display names.
 * Absent when the response does not carry it: not listed is not "in no group".
 */
function groupsOf(user: JsonRecord): string[] | undefined {
  if (!Array.isArray(user.groups)) return undefined;
  const names = user.groups.filter(isRecord).map((g) => optionalString(g.display) ?? optionalString(g.value)).filter((n): n is string => n !== undefined && n.trim() !== '');
  return [...new Set(names.map((n) => n.trim().slice(0, 500)))].sort();
}

/** A paging field: absent, or a whole number of at least `min`; anything else is an error. */
function pagingNumber(body: JsonRecord, field: string, page: number, min: number): number | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new ShapeError(WHAT, `page ${page}: ${field} is ${typeof v === 'string' ? `the string "${v.slice(0, 40)}"` : JSON.stringify(v)?.slice(0, 40) ?? typeof v}, not a whole number${min > 0 ? ` of at least ${min}` : ''}; the listing cannot be shown complete`);
  }
  return v;
}

export async function collectScimUsers(ctx: CollectContext, opts: ScimOptions = DEFAULT_SCIM_OPTIONS): Promise<Slice<ScimUser[]>> {
  const prov = { source: 'scim' as const, collectedAt: ctx.collectedAt, detail: 'GET /api/app/scim/v2/Users (RFC 7644 paging)' };
  const users = new Map<string, ScimUser>();
  const seen = new Set<string>();
  let withoutEmail = 0;
  try {
    let startIndex = 1;
    let total: number | undefined;
    for (let page = 1; ; page++) {
      if (page > opts.maxPages) throw new ShapeError(WHAT, `more than ${opts.maxPages} pages of ${opts.pageSize}; stopped`);
      const body = record(await ctx.client.getJson({
        surface: 'scim', region: ctx.organization.region, path: '/Users', query: { startIndex, count: opts.pageSize },
        purpose: WHAT, credentialName: CREDENTIAL,
      }), WHAT, 'the response');
      total = pagingNumber(body, 'totalResults', page, 0);
      if (total === undefined) throw new ShapeError(WHAT, `page ${page} has no totalResults (RFC 7644 requires it), so the listing cannot be shown complete`);
      const echoed = pagingNumber(body, 'startIndex', page, 1);
      if (echoed !== undefined && echoed !== startIndex) {
        throw new ShapeError(WHAT, `page ${page}: asked for startIndex ${startIndex}, the server answered startIndex ${echoed}; paging is not consistent`);
      }
      const resources = body.Resources === undefined ? [] : array(body.Resources, WHAT, 'Resources');
      const perPage = pagingNumber(body, 'itemsPerPage', page, 0);
      if (perPage !== undefined && perPage !== resources.length) {
        throw new ShapeError(WHAT, `page ${page}: itemsPerPage is ${perPage} but the page holds ${resources.length} users; paging is not consistent`);
      }
      let fresh = 0;
      resources.forEach((raw, i) => {
        const u = record(raw, WHAT, `Resources[${i}]`);
        const userId = id(u.id, WHAT, `Resources[${i}].id`);
        if (seen.has(userId)) return;
        seen.add(userId);
        fresh++;
        if (typeof u.active !== 'boolean') throw new ShapeError(WHAT, `Resources[${i}].active is not a boolean`);
        const email = emailOf(u);
        if (email === undefined) {
          withoutEmail++;
          return;
        }
        const groups = groupsOf(u);
        users.set(userId, { id: userId, userName: optionalString(u.userName) ?? email, email, active: u.active, ...(groups === undefined ? {} : { groups }) });
      });
      ctx.emit({ type: 'page', slice: 'scimUsers', page, items: users.size });
      if (resources.length === 0 || fresh === 0) break;
      if (fresh < resources.length) throw new ShapeError(WHAT, `page ${page} repeats users of an earlier page; paging is not consistent`);
      startIndex += resources.length;
      if (startIndex > total) break;
    }
    // A listing that does not add up to the total the server announced may be missing users:
    // fail closed rather than judge SCIM coverage on part of the directory.
    if (total !== undefined && seen.size !== total) {
      throw new ShapeError(WHAT, `the server announced totalResults ${total} but listed ${seen.size} users; the listing is inconsistent`);
    }
  } catch (err) {
    return failedSlice(err, prov);
  }
  const data = [...users.values()].sort((a, b) => a.email.localeCompare(b.email) || a.id.localeCompare(b.id));
  const note = withoutEmail > 0 ? `; ${withoutEmail} users without an email address left out` : '';
  // Two SCIM users with one address: both are kept (each is a record Mixpanel holds), and flagged.
  const perEmail = new Map<string, number>();
  for (const u of data) perEmail.set(u.email, (perEmail.get(u.email) ?? 0) + 1);
  const twice = [...perEmail.entries()].filter(([, n]) => n > 1).map(([key, count]) => ({ key, count }));
  const flag = twice.length > 0
    ? `${duplicateReason('email address', 'the SCIM directory', twice).replace(/; the copies were merged.*$/, '')}; each SCIM user is kept, so a check sees every copy`
    : undefined;
  if (flag !== undefined) ctx.emit({ type: 'warning', message: `SCIM users: ${flag}` });
  return okSlice(data, { ...prov, detail: `${prov.detail}${note}` }, flag);
}
