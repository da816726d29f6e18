/**
 * Lexicon schemas (documented, lexicon-schemas.openapi.yaml `list-all-schemas-for-project`): one
 * GET per project returns every event and profile schema with its hidden/dropped metadata.
 *
 * The API allows 5 requests per minute per organization, so 300 projects would take an hour. The
 * calls therefore go one at a time through a sliding-window limiter, and at most `maxProjects`
 * projects are read, the ones labeled sensitive first, then production, then by id. A bounded read
 * that leaves projects out makes the slice `missing` (checks become manual, "raise the bound"),
 * because a property list with projects absent must not pass a check.
 */
import { unwrapEnvelope } from '../../mixpanel/envelope.js';
import type { RateWindow } from '../../mixpanel/rate-window.js';
import type { LexiconProperty, Project, Slice } from '../../state/org-state.js';
import { projectRegion, type CollectContext } from '../context.js';
import { okSlice, reasonOf, statusOf, unreadableSlice } from '../slice-result.js';
import { array, isRecord, optionalString, record, ShapeError, type JsonRecord } from '../wire.js';

export interface LexiconOptions {
  /** Projects to read at most; 0 turns Lexicon collection off. */
  maxProjects: number;
  /** The organization-wide request budget (5 per minute). */
  window: RateWindow;
}

export const LEXICON_REQUESTS_PER_MINUTE = 5;

function mixpanelMeta(v: unknown): JsonRecord {
  if (!isRecord(v)) return {};
  const m = v['com.mixpanel'];
  return isRecord(m) ? m : {};
}

/** Priority for a bounded read: sensitive projects first, then production, then the rest. */
export function lexiconOrder(projects: Project[]): Project[] {
  const rank = (p: Project): number => (p.sensitive ? 0 : p.environment === 'production' ? 1 : 2);
  return [...projects].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id, 'en', { numeric: true }));
}

/** The properties of one project's schema list. Entity-level hidden/dropped apply to its properties. */
export function lexiconProperties(projectId: string, results: unknown, what: string): LexiconProperty[] {
  const out: LexiconProperty[] = [];
  array(results, what, 'results').forEach((raw, i) => {
    const entry = record(raw, what, `results[${i}]`);
    const entityType = optionalString(entry.entityType);
    const name = optionalString(entry.name);
    if (entityType === undefined || name === undefined) throw new ShapeError(what, `results[${i}] lacks entityType or name`);
    const schema = record(entry.schemaJson ?? {}, what, `results[${i}].schemaJson`);
    const entityMeta = mixpanelMeta(schema.metadata);
    const properties = isRecord(schema.properties) ? schema.properties : {};
    for (const [prop, def] of Object.entries(properties)) {
      const meta = mixpanelMeta(isRecord(def) ? def.metadata : undefined);
      out.push({
        projectId,
        entity: `${entityType}:${name}`,
        name: prop,
        // The spec's defaults are false; an entity hidden or dropped hides or drops its properties.
        hidden: meta.hidden === true || entityMeta.hidden === true,
        dropped: meta.dropped === true || entityMeta.dropped === true,
      });
    }
  });
  return out;
}

export async function collectLexicon(ctx: CollectContext, opts: LexiconOptions): Promise<Slice<LexiconProperty[]>> {
  const chosen = lexiconOrder(ctx.projects).slice(0, Math.max(0, opts.maxProjects));
  const prov = {
    source: 'api' as const,
    collectedAt: ctx.collectedAt,
    detail: `GET /projects/{id}/schemas for ${chosen.length} of ${ctx.projects.length} projects (at most ${opts.window.limit} requests per minute)`,
  };
  if (opts.maxProjects <= 0) {
    return unreadableSlice('missing', 'Lexicon collection is turned off (--lexicon-projects 0)', prov);
  }
  const data: LexiconProperty[] = [];
  for (const project of chosen) {
    const what = `reading the Lexicon schemas of project ${project.id}`;
    const wait = opts.window.waitTime();
    if (wait > 0) ctx.emit({ type: 'wait', slice: 'lexicon', ms: wait, why: 'Lexicon API limit of 5 requests per minute' });
    await opts.window.acquire();
    try {
      const body = await ctx.client.getJson({
        surface: 'app', region: projectRegion(ctx, project), path: `/projects/${encodeURIComponent(project.id)}/schemas`,
        purpose: what, projectId: project.id,
      });
      data.push(...lexiconProperties(project.id, unwrapEnvelope(body, what), what));
      ctx.emit({ type: 'page', slice: 'lexicon', page: chosen.indexOf(project) + 1, items: data.length });
    } catch (err) {
      const reason = `${reasonOf(err)} (Lexicon of ${chosen.indexOf(project)} of ${chosen.length} projects read before)`;
      return unreadableSlice(statusOf(err), reason, prov, data);
    }
  }
  if (chosen.length < ctx.projects.length) {
    // The first `limit` requests start at once; every further `limit` waits another minute.
    const minutes = Math.max(1, Math.ceil(ctx.projects.length / opts.window.limit) - 1);
    return unreadableSlice(
      'missing',
      `Lexicon read for ${chosen.length} of ${ctx.projects.length} projects (bounded by --lexicon-projects ${opts.maxProjects}); ` +
        `reading all takes about ${minutes} minute${minutes === 1 ? '' : 's'} at ${opts.window.limit} requests per minute: raise the bound to evaluate`,
      prov,
      data,
    );
  }
  return okSlice(data, prov);
}
