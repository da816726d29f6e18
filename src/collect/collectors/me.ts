/**
 * `/api/app/me`: the organization the service account belongs to, its role there, the projects it
 * can see (each with its regional host) and their data views. /me is documented only as the example
 * call for service-account auth; its fields follow the notes ([MD] MeResponse), all optional.
 */
import { UsageError } from '../../core/errors.js';
import { MixpanelApiError } from '../../mixpanel/api-error.js';
import type { MixpanelClient } from '../../mixpanel/client.js';
import { unwrapEnvelope } from '../../mixpanel/envelope.js';
import { regionFromDomain } from '../../mixpanel/hosts.js';
import { readMe } from '../../mixpanel/region-probe.js';
import type { DataView, Organization, Project, Region } from '../../state/org-state.js';
import { id, isRecord, optionalBoolean, optionalId, optionalString, record, ShapeError, type JsonRecord } from '../wire.js';

const WHAT = 'reading /api/app/me';

export interface MeFacts {
  organization: Organization;
  /** The caller's organization role as /me states it (owner, admin, ...), when it does. */
  callerRole?: string;
  projects: Project[];
  /** Whether /me listed data views at all (absent means unknown, not "none"). */
  dataViewsListed: boolean;
  route: string;
}

function dataViews(workspaces: JsonRecord, projectId: string): DataView[] {
  const out: DataView[] = [];
  for (const [key, raw] of Object.entries(workspaces)) {
    if (!isRecord(raw) || optionalId(raw.project_id) !== projectId) continue;
    const isGlobal = optionalBoolean(raw.is_global);
    const editingRestricted = optionalBoolean(raw.is_restricted);
    // Not among the /me fields the notes list: when absent, whether everyone can use it is unknown.
    const hasAllOrgMembers = optionalBoolean(raw.has_all_org_members);
    out.push({
      id: optionalId(raw.id) ?? key,
      name: optionalString(raw.name) ?? `data view ${key}`,
      ...(isGlobal === undefined ? {} : { isGlobal }),
      ...(editingRestricted === undefined ? {} : { editingRestricted }),
      ...(hasAllOrgMembers === undefined ? {} : { hasAllOrgMembers }),
    });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
}

function chooseOrganization(orgs: JsonRecord, region: Region, wanted: string | undefined): { id: string; org: JsonRecord } {
  const entries = Object.entries(orgs).filter(([, v]) => isRecord(v)).map(([k, v]) => ({ id: optionalId((v as JsonRecord).id) ?? k, org: v as JsonRecord }));
  if (wanted !== undefined) {
    const hit = entries.find((e) => e.id === wanted);
    if (!hit) {
      const known = entries.map((e) => e.id).join(', ') || 'none';
      throw new MixpanelApiError('not-found', `organization ${wanted} not found in region ${region} (this service account sees: ${known})`, 404);
    }
    return hit;
  }
  if (entries.length === 1) return entries[0]!;
  if (entries.length === 0) throw new ShapeError(WHAT, 'results.organizations lists no organization');
  const list = entries.map((e) => `${e.id} (${optionalString(e.org.name) ?? 'unnamed'})`).join(', ');
  throw new UsageError(`this service account sees several organizations: ${list}; choose one with --organization-id`);
}

/** Reads the parts of a /me answer the scanner uses. */
export function interpretMe(body: unknown, region: Region, route: string, wantedOrganization?: string): MeFacts {
  const results = record(unwrapEnvelope(body, WHAT), WHAT, 'results');
  const orgs = isRecord(results.organizations) ? results.organizations : {};
  const { id: orgId, org } = chooseOrganization(orgs, region, wantedOrganization);
  const projectsRaw = results.projects === undefined ? {} : record(results.projects, WHAT, 'results.projects');
  const workspaces = isRecord(results.workspaces) ? results.workspaces : undefined;
  const single = Object.keys(orgs).length === 1;

  const projects: Project[] = [];
  for (const [key, raw] of Object.entries(projectsRaw)) {
    const p = record(raw, WHAT, `results.projects.${key}`);
    const owner = optionalId(p.organization_id);
    // A project with no organization_id belongs to the one organization, if there is only one.
    if (owner === undefined ? !single : owner !== orgId) continue;
    const projectId = id(key, WHAT, 'a project key');
    projects.push({
      id: projectId,
      name: optionalString(p.name) ?? `project ${projectId}`,
      region: regionFromDomain(p.domain) ?? region,
      // No API returns a project's environment or sensitivity: they stay unknown until attested.
      ...(workspaces === undefined ? {} : { dataViews: dataViews(workspaces, projectId) }),
    });
  }
  projects.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  const role = optionalString(org.role);
  return {
    organization: { id: orgId, name: optionalString(org.name) ?? `organization ${orgId}`, region },
    ...(role === undefined ? {} : { callerRole: role.toLowerCase() }),
    projects,
    dataViewsListed: workspaces !== undefined,
    route,
  };
}

/** Finds the region (or uses the given one) and reads /me there. */
export async function collectMe(client: MixpanelClient, region: Region | undefined, organizationId: string | undefined): Promise<MeFacts> {
  const answer = await readMe(client, region);
  return interpretMe(answer.body, answer.region, answer.route, organizationId);
}
