/**
 * Service accounts (documented, service-accounts.openapi.yaml): the organization's list
 * (`list-service-accounts`: id, username, created, expires, last_used, creator) joined with every
 * project's list (`list-project-service-accounts`: role, hasSensitiveAccess, target_type), each read
 * on the project's regional host. If any project cannot be read the slice is not `ok`: a missing
 * grant would otherwise look like "no access".
 *
 * Fields are taken only as the source states them: an absent `last_used` is unknown (an explicit
 * null means never used), an absent `hasSensitiveAccess` leaves that one grant's flag unknown. An
 * account (or a grant) listed twice is merged keeping the worse copy of each field, and the slice
 * says so.
 */
import { unwrapEnvelope } from '../../mixpanel/envelope.js';
import type { Project, ServiceAccount, ServiceAccountGrant, Slice } from '../../state/org-state.js';
import { projectRegion, type CollectContext } from '../context.js';
import { failedSlice, okSlice, reasonOf, statusOf, unreadableSlice } from '../slice-result.js';
import { duplicateReason, mergeDuplicates } from '../merge/duplicates.js';
import { agreed, older, worseExpiry, worseLastUse, worseOptionalOrgRole, worseProjectRole, worseTrue } from '../merge/worse.js';
import { orgRole, projectRole } from '../roles.js';
import { array, id, instantField, lowerEmail, optionalId, optionalString, record, ShapeError, type JsonRecord } from '../wire.js';

const TARGET_TYPES = new Set(['individual', 'team', 'organization']);

/** `orgList`: read from the organization's list, where a `role` is the account's own; in a project's list it is the project role. */
function account(raw: JsonRecord, what: string, at: string, orgList: boolean): ServiceAccount {
  const created = instantField(raw.created, what, `${at}.created`);
  if (created === undefined || created === null) throw new ShapeError(what, `${at}.created is missing`);
  const username = optionalString(raw.username);
  if (username === undefined || username === '') throw new ShapeError(what, `${at}.username is missing`);
  const lastUsed = instantField(raw.last_used, what, `${at}.last_used`);
  const creatorId = raw.creator === null ? null : optionalId(raw.creator);
  // Not in the public read schema; the internal model has them (nullable), so they are read when sent.
  const creatorEmail = raw.creator_email === null ? null : lowerEmail(raw.creator_email);
  const role = !orgList ? undefined : raw.role === null ? null : orgRole(raw.role);
  return {
    id: id(raw.id, what, `${at}.id`),
    username,
    created,
    // Documented: "By default, service accounts have no expiration", and the read schema leaves the
    // field out rather than sending null; so absent, like null, is "never expires".
    expires: instantField(raw.expires, what, `${at}.expires`) ?? null,
    // Absent is unknown; only an explicit null says "never used".
    ...(lastUsed === undefined ? {} : { lastUsed }),
    ...(creatorId === undefined ? {} : { creatorId }),
    ...(creatorEmail === undefined ? {} : { creatorEmail }),
    ...(role === undefined ? {} : { orgRole: role }),
    projects: [],
  };
}

/** Two copies of one account: the worse value of each field (worse.ts). */
function mergeAccounts(a: ServiceAccount, b: ServiceAccount): ServiceAccount {
  const expires = worseExpiry(a.expires, b.expires);
  const lastUsed = worseLastUse(a.lastUsed, b.lastUsed);
  const creatorId = agreed(a.creatorId, b.creatorId);
  const creatorEmail = agreed(a.creatorEmail, b.creatorEmail);
  const role = worseOptionalOrgRole(a.orgRole, b.orgRole);
  return {
    id: a.id,
    username: a.username,
    created: older(a.created, b.created),
    ...(expires === undefined ? {} : { expires }),
    ...(lastUsed === undefined ? {} : { lastUsed }),
    ...(creatorId === undefined ? {} : { creatorId }),
    ...(creatorEmail === undefined ? {} : { creatorEmail }),
    ...(role === undefined ? {} : { orgRole: role }),
    projects: [...a.projects, ...b.projects],
  };
}

function mergeGrants(a: ServiceAccountGrant, b: ServiceAccountGrant): ServiceAccountGrant {
  const sensitive = worseTrue(a.hasSensitiveAccess, b.hasSensitiveAccess);
  const target = agreed(a.targetType, b.targetType);
  return {
    projectId: a.projectId,
    role: worseProjectRole(a.role, b.role),
    ...(sensitive === undefined ? {} : { hasSensitiveAccess: sensitive }),
    ...(target === undefined ? {} : { targetType: target }),
  };
}

function grant(raw: JsonRecord, projectId: string, what: string, at: string): ServiceAccountGrant {
  const role = optionalString(raw.role);
  if (role === undefined || role.trim() === '') throw new ShapeError(what, `${at}.role is missing`);
  // Optional in the spec: absent leaves this grant's flag unknown; present and not a boolean is an error.
  if (raw.hasSensitiveAccess !== undefined && typeof raw.hasSensitiveAccess !== 'boolean') {
    throw new ShapeError(what, `${at}.hasSensitiveAccess is not a boolean`);
  }
  const target = optionalString(raw.target_type)?.trim().toLowerCase();
  return {
    projectId,
    role: projectRole(role),
    ...(raw.hasSensitiveAccess === undefined ? {} : { hasSensitiveAccess: raw.hasSensitiveAccess }),
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
  const flags: string[] = [];
  try {
    const body = await ctx.client.getJson({
      surface: 'app', region: ctx.organization.region, path: orgRoute, purpose: what, organizationId: ctx.organization.id,
    });
    const listed = array(unwrapEnvelope(body, what), what, 'results').map((r, i) => account(record(r, what, `results[${i}]`), what, `results[${i}]`, true));
    const merged = mergeDuplicates(listed, (sa) => sa.id, mergeAccounts);
    for (const sa of merged.items) byId.set(sa.id, sa);
    if (merged.duplicates.length > 0) flags.push(duplicateReason('service account id', "the organization's service-account list", merged.duplicates));
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
          sa = account(row, what2, at, false);
          byId.set(saId, sa);
        }
        sa.projects.push(grant(row, project.id, what2, at));
      });
    } catch (error) {
      failures.push({ project, error });
    }
  })));

  const data = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  const twiceOnProject: { key: string; count: number }[] = [];
  for (const sa of data) {
    // One account listed twice in a project's list (or its copies merged above) has one grant there.
    const grants = mergeDuplicates(sa.projects, (g) => g.projectId, mergeGrants);
    for (const d of grants.duplicates) twiceOnProject.push({ key: `${sa.id} on project ${d.key}`, count: d.count });
    sa.projects = grants.items.sort((a, b) => a.projectId.localeCompare(b.projectId, 'en', { numeric: true }));
  }
  if (twiceOnProject.length > 0) flags.push(duplicateReason('service account', 'a project\'s service-account list', twiceOnProject));
  const flag = flags.length > 0 ? flags.join('; ') : undefined;
  if (flag !== undefined) ctx.emit({ type: 'warning', message: `service accounts: ${flag}` });
  if (failures.length > 0) {
    failures.sort((a, b) => a.project.id.localeCompare(b.project.id, 'en', { numeric: true }));
    const first = failures[0]!;
    const reason = `the service accounts of ${failures.length} of ${ctx.projects.length} projects could not be read; ` +
      failures.map((f) => `project ${f.project.id}: ${reasonOf(f.error)}`).join('; ');
    return unreadableSlice(statusOf(first.error), reason, prov, data);
  }
  return okSlice(data, prov, flag);
}
