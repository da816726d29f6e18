/**
 * Service accounts (documented, service-accounts.openapi.yaml): the organization's list
 * (`list-service-accounts`: id, username, created, expires, last_used, creator) joined with every
 * project's list (`list-project-service-accounts`: role, hasSensitiveAccess, target_type), each read
 * on the project's regional host. If any project cannot be read the slice is not `ok`: a missing
 * grant would otherwise look like "no access".
 */
import { unwrapEnvelope } from '../../mixpanel/envelope.js';
import type { Project, ServiceAccount, ServiceAccountGrant, Slice } from '../../state/org-state.js';
import { projectRegion, type CollectContext } from '../context.js';
import { failedSlice, okSlice, reasonOf, statusOf, unreadableSlice } from '../slice-result.js';
import { array, id, instantField, optionalId, optionalString, record, ShapeError, type JsonRecord } from '../wire.js';

const TARGET_TYPES = new Set(['individual', 'team', 'organization']);

function account(raw: JsonRecord, what: string, at: string): ServiceAccount {
  const created = instantField(raw.created, what, `${at}.created`);
  if (created === undefined || created === null) throw new ShapeError(what, `${at}.created is missing`);
  const username = optionalString(raw.username);
  if (username === undefined || username === '') throw new ShapeError(what, `${at}.username is missing`);
  const creator = optionalId(raw.creator);
  return {
    id: id(raw.id, what, `${at}.id`),
    username,
    created,
    // The read schema gives no `nullable`; the notes say null (or absent) means "never".
    expires: instantField(raw.expires, what, `${at}.expires`) ?? null,
    lastUsed: instantField(raw.last_used, what, `${at}.last_used`) ?? null,
    creatorId: creator ?? null,
    projects: [],
  };
}

function grant(raw: JsonRecord, projectId: string, what: string, at: string): ServiceAccountGrant {
  const role = optionalString(raw.role);
  if (role === undefined || role === '') throw new ShapeError(what, `${at}.role is missing`);
  if (typeof raw.hasSensitiveAccess !== 'boolean') throw new ShapeError(what, `${at}.hasSensitiveAccess is not a boolean`);
  const target = optionalString(raw.target_type);
  return {
    projectId,
    role: role.toLowerCase(),
    hasSensitiveAccess: raw.hasSensitiveAccess,
    ...(target !== undefined && TARGET_TYPES.has(target) ? { targetType: target as ServiceAccountGrant['targetType'] } : {}),
  };
}

async function projectAccounts(ctx: CollectContext, project: Project): Promise<JsonRecord[]> {
  const what = `listing the service accounts of project ${project.id}`;
  const body = await ctx.client.getJson({
    surface: 'app', region: projectRegion(ctx, project), path: `/projects/${encodeURIComponent(project.id)}/service-accounts`,
    purpose: what, projectId: project.id,
  });
  return array(unwrapEnvelope(body, what), what, 'results').map((r, i) => record(r, what, `results[${i}]`));
}

export async function collectServiceAccounts(ctx: CollectContext): Promise<Slice<ServiceAccount[]>> {
  const orgRoute = `/organizations/${encodeURIComponent(ctx.organization.id)}/service-accounts`;
  const prov = { source: 'api' as const, collectedAt: ctx.collectedAt, detail: `GET ${orgRoute} and GET /projects/{id}/service-accounts for ${ctx.projects.length} projects` };
  const what = "listing the organization's service accounts";
  const byId = new Map<string, ServiceAccount>();
  try {
    const body = await ctx.client.getJson({
      surface: 'app', region: ctx.organization.region, path: orgRoute, purpose: what, organizationId: ctx.organization.id,
    });
    array(unwrapEnvelope(body, what), what, 'results').forEach((r, i) => {
      const sa = account(record(r, what, `results[${i}]`), what, `results[${i}]`);
      byId.set(sa.id, sa);
    });
  } catch (err) {
    return failedSlice(err, prov);
  }

  const failures: { project: Project; error: unknown }[] = [];
  await Promise.all(ctx.projects.map((project) => ctx.perProject(async () => {
    try {
      const rows = await projectAccounts(ctx, project);
      const what2 = `listing the service accounts of project ${project.id}`;
      rows.forEach((row, i) => {
        const at = `results[${i}]`;
        const saId = id(row.id, what2, `${at}.id`);
        let sa = byId.get(saId);
        if (!sa) {
          // Listed on a project but not by the organization (e.g. created between the two calls).
          sa = account(row, what2, at);
          byId.set(saId, sa);
        }
        sa.projects.push(grant(row, project.id, what2, at));
      });
    } catch (error) {
      failures.push({ project, error });
    }
  })));

  const data = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  for (const sa of data) sa.projects.sort((a, b) => a.projectId.localeCompare(b.projectId, 'en', { numeric: true }));
  if (failures.length > 0) {
    failures.sort((a, b) => a.project.id.localeCompare(b.project.id, 'en', { numeric: true }));
    const first = failures[0]!;
    const reason = `the service accounts of ${failures.length} of ${ctx.projects.length} projects could not be read; ` +
      failures.map((f) => `project ${f.project.id}: ${reasonOf(f.error)}`).join('; ');
    return unreadableSlice(statusOf(first.error), reason, prov, data);
  }
  return okSlice(data, prov);
}
