/**
 * Opt-in: teams from the undocumented web route `GET /organizations/{org}/teams` ([TF] team
 * resource: `projects[{id, role}]`; member field names UNSURE). Provenance `api-undocumented`.
 */
import type { Slice, Team } from '../../../state/org-state.js';
import type { CollectContext } from '../../context.js';
import { projectRole } from '../../roles.js';
import { failedSlice, okSlice } from '../../slice-result.js';
import { id, isRecord, lowerEmail, optionalId, optionalString, ShapeError, type JsonRecord } from '../../wire.js';
import { duplicateReason, mergeDuplicates } from '../../merge/duplicates.js';
import { worseProjectRole } from '../../merge/worse.js';
import { firstOf, listPayload } from './list-payload.js';

const WHAT = 'listing teams (undocumented route)';

export function teamFrom(t: JsonRecord, at: string): Team {
  const teamId = id(firstOf(t, ['id', 'team_id']), WHAT, `${at}.id`);
  const membersRaw = firstOf(t, ['members', 'users', 'member_list']);
  // No member list in the answer: who is in the team is unknown, not "nobody".
  const members = Array.isArray(membersRaw)
    ? membersRaw.map((m) => lowerEmail(isRecord(m) ? firstOf(m, ['email', 'user_email']) : m)).filter((e): e is string => e !== undefined)
    : undefined;
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
  return { id: teamId, name: optionalString(t.name) ?? teamId, ...(members === undefined ? {} : { members: [...new Set(members)].sort() }), projectRoles };
}

/** Two copies of one team: every member and grant of either, the more privileged role per project. */
export function mergeTeams(a: Team, b: Team): Team {
  const roles = new Map<string, string>();
  for (const g of [...a.projectRoles, ...b.projectRoles]) {
    const before = roles.get(g.projectId);
    roles.set(g.projectId, before === undefined ? g.role : worseProjectRole(before, g.role));
  }
  return {
    id: a.id,
    name: a.name,
    ...(a.members === undefined || b.members === undefined ? {} : { members: [...new Set([...a.members, ...b.members])].sort() }),
    projectRoles: [...roles.entries()].sort(([x], [y]) => x.localeCompare(y, 'en', { numeric: true })).map(([projectId, role]) => ({ projectId, role })),
  };
}

export async function collectTeams(ctx: CollectContext): Promise<Slice<Team[]>> {
  const path = `/organizations/${encodeURIComponent(ctx.organization.id)}/teams`;
  const prov = { source: 'api-undocumented' as const, collectedAt: ctx.collectedAt, detail: `GET ${path} (undocumented, best effort)` };
  try {
    const body = await ctx.client.getJson({
      surface: 'web', region: ctx.organization.region, path, purpose: 'listing teams (undocumented route)', organizationId: ctx.organization.id,
    });
    const listed = listPayload(body, 'teams', WHAT).map((raw, i) => {
      if (!isRecord(raw)) throw new ShapeError(WHAT, `item ${i} is not an object`);
      return teamFrom(raw, `item ${i}`);
    });
    const merged = mergeDuplicates(listed, (t) => t.id, mergeTeams);
    const flag = merged.duplicates.length > 0 ? duplicateReason('team id', 'the organization\'s team list', merged.duplicates) : undefined;
    if (flag !== undefined) ctx.emit({ type: 'warning', message: `teams: ${flag}` });
    return okSlice(merged.items.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true })), prov, flag);
  } catch (err) {
    return failedSlice(err, prov);
  }
}
