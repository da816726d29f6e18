/**
 * Opt-in: data views with their member and team lists, from the undocumented route
 * `GET /api/app/projects/{id}/workspaces` ([TF] `workspace`, MeWorkspace fields). /me already lists
 * the views without members; this adds who can use each. A project whose views cannot be read
 * keeps what /me said, and the caller is told.
 */
import type { DataView, Project } from '../../../state/org-state.js';
import { projectRegion, type CollectContext } from '../../context.js';
import { reasonOf } from '../../slice-result.js';
import { id, isRecord, lowerEmail, optionalBoolean, optionalId, optionalString, ShapeError, type JsonRecord } from '../../wire.js';
import { duplicateReason, mergeDuplicates } from '../../merge/duplicates.js';
import { agreed, worseTrue } from '../../merge/worse.js';
import { listPayload } from './list-payload.js';

export function dataViewFrom(w: JsonRecord, what: string, at: string): DataView {
  const members = Array.isArray(w.member_list)
    ? w.member_list.map((m) => lowerEmail(isRecord(m) ? m.email : undefined)).filter((e): e is string => e !== undefined)
    : undefined;
  const teams = Array.isArray(w.team_list)
    ? w.team_list.map((t) => (isRecord(t) ? optionalId(t.id) : undefined)).filter((t): t is string => t !== undefined)
    : undefined;
  const viewId = id(w.id, what, `${at}.id`);
  // `is_restricted` is "prevent other Admins from editing", not an access restriction.
  const isGlobal = optionalBoolean(w.is_global);
  const editingRestricted = optionalBoolean(w.is_restricted);
  const hasAllOrgMembers = optionalBoolean(w.has_all_org_members);
  return {
    id: viewId,
    name: optionalString(w.name) ?? `data view ${viewId}`,
    ...(isGlobal === undefined ? {} : { isGlobal }),
    ...(editingRestricted === undefined ? {} : { editingRestricted }),
    ...(hasAllOrgMembers === undefined ? {} : { hasAllOrgMembers }),
    ...(members === undefined ? {} : { members: [...new Set(members)].sort() }),
    ...(teams === undefined ? {} : { teams: [...new Set(teams)].sort() }),
  };
}

/** Two copies of one view: open to everyone if either says so, every member and team of either. */
export function mergeViews(a: DataView, b: DataView): DataView {
  const isGlobal = agreed(a.isGlobal, b.isGlobal);
  const editingRestricted = agreed(a.editingRestricted, b.editingRestricted);
  const hasAllOrgMembers = worseTrue(a.hasAllOrgMembers, b.hasAllOrgMembers);
  const union = (x: string[] | undefined, y: string[] | undefined) => (x === undefined || y === undefined ? undefined : [...new Set([...x, ...y])].sort());
  const members = union(a.members, b.members);
  const teams = union(a.teams, b.teams);
  return {
    id: a.id,
    name: a.name,
    ...(isGlobal === undefined ? {} : { isGlobal }),
    ...(editingRestricted === undefined ? {} : { editingRestricted }),
    ...(hasAllOrgMembers === undefined ? {} : { hasAllOrgMembers }),
    ...(members === undefined ? {} : { members }),
    ...(teams === undefined ? {} : { teams }),
  };
}

export interface DataViewReading {
  /** Project id -> its data views, for the projects that could be read. */
  views: Map<string, DataView[]>;
  failures: string[];
  /** Duplicates found and merged, per project: shown on the projects slice. */
  flags: string[];
}

export async function collectDataViews(ctx: CollectContext): Promise<DataViewReading> {
  const views = new Map<string, DataView[]>();
  const failures: string[] = [];
  const flags: string[] = [];
  await Promise.all(ctx.projects.map((project: Project) => ctx.perProject(async () => {
    const what = `listing the data views of project ${project.id} (undocumented route)`;
    try {
      const body = await ctx.client.getJson({
        surface: 'app', region: projectRegion(ctx, project), path: `/projects/${encodeURIComponent(project.id)}/workspaces`,
        purpose: what, projectId: project.id,
      });
      const list = listPayload(body, 'workspaces', what).map((raw, i) => {
        if (!isRecord(raw)) throw new ShapeError(what, `item ${i} is not an object`);
        return dataViewFrom(raw, what, `item ${i}`);
      });
      const merged = mergeDuplicates(list, (v) => v.id, mergeViews);
      if (merged.duplicates.length > 0) flags.push(`project ${project.id}: ${duplicateReason('data view id', 'the data-view list', merged.duplicates)}`);
      views.set(project.id, merged.items.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true })));
    } catch (err) {
      failures.push(`project ${project.id}: ${reasonOf(err)}`);
    }
  })));
  return { views, failures: failures.sort(), flags: flags.sort() };
}
