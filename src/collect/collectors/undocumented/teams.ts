/**
 * Opt-in: teams from the undocumented web route `GET /organizations/{org}/teams` ([TF] team
 * resource: `projects[{id, role}]`; member field names UNSURE). Provenance `api-undocumented`.
 */
import type { Slice, Team } from '../../../state/org-state.js';
import type { CollectContext } from '../../context.js';
import { projectRole } from '../../roles.js';
import { failedSlice, okSlice } from '../../slice-result.js';
import { id, isRecord, lowerEmail, optionalId, optionalString, ShapeError, type JsonRecord } from '../../wire.js';
import { firstOf, listPayload } from './list-payload.js';

const WHAT = 'listing teams (undocumented route)';

export function teamFrom(t: JsonRecord, at: string): Team {
  const teamId = id(firstOf(t, ['id', 'team_id']), WHAT, `${at}.id`);
  const membersRaw = firstOf(t, ['members', 'users', 'member_list']);
  const members = Array.isArray(membersRaw)
    ? membersRaw.map((m) => lowerEmail(isRecord(m) ? firstOf(m, ['email', 'user_email']) : m)).filter((e): e is string => e !== undefined)
    : [];
  const projectsRaw = firstOf(t, ['projects', 'project_roles']);
  const projectRoles: Team['projectRoles'] = [];
  if (Array.isArray(projectsRaw)) {
    projectsRaw.forEach((p, i) => {
      if (!isRecord(p)) return;
      const projectId = optionalId(firstOf(p, ['id', 'project_id']));
      const role = optionalString(firstOf(p, ['role', 'role_name']));
      if (projectId === undefined || !role) throw new ShapeError(WHAT, `${at}.projects[${i}] lacks a project id or role`);
      projectRoles.push({ projectId, role: projectRole(role) });
    });
  }
  return { id: teamId, name: optionalString(t.name) ?? teamId, members: [...new Set(members)].sort(), projectRoles };
}

export async function collectTeams(ctx: CollectContext): Promise<Slice<Team[]>> {
  const path = `/organizations/${encodeURIComponent(ctx.organization.id)}/teams`;
  const prov = { source: 'api-undocumented' as const, collectedAt: ctx.collectedAt, detail: `GET ${path} (undocumented, best effort)` };
  try {
    const body = await ctx.client.getJson({
      surface: 'web', region: ctx.organization.region, path, purpose: 'listing teams (undocumented route)', organizationId: ctx.organization.id,
    });
    const teams = listPayload(body, 'teams', WHAT).map((raw, i) => {
      if (!isRecord(raw)) throw new ShapeError(WHAT, `item ${i} is not an object`);
      return teamFrom(raw, `item ${i}`);
    });
    return okSlice(teams.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true })), prov);
  } catch (err) {
    return failedSlice(err, prov);
  }
}
