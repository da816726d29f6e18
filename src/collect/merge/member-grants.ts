/**
 * Turns the project references of the members export (an id, or a project's name) into project
 * ids, once /me has listed the projects. A reference that matches nothing is kept as written, so
 * the grant still counts, and reported with its place in the file.
 */
import type { Member, Project } from '../../state/org-state.js';
import type { ExportedMember } from '../inputs/members-csv.js';

export interface ResolvedMembers {
  members: Member[];
  warnings: string[];
}

export function resolveMemberGrants(file: string, exported: readonly ExportedMember[], projects: readonly Project[]): ResolvedMembers {
  const ids = new Set(projects.map((p) => p.id));
  const byName = new Map<string, string[]>();
  for (const p of projects) {
    const key = p.name.trim().toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), p.id]);
  }
  const warnings: string[] = [];
  const members = exported.map(({ projectRoles, ...m }): Member => ({
    ...m,
    // No Projects column: the grants stay unknown.
    ...(projectRoles === undefined ? {} : { projectRoles: projectRoles.map((g) => {
      let projectId = g.ref;
      if (!ids.has(g.ref)) {
        const named = byName.get(g.ref.toLowerCase()) ?? [];
        if (named.length === 1) projectId = named[0]!;
        else if (named.length > 1) warnings.push(`${file}:${g.line}:${g.column}: project name "${g.ref}" is shared by projects ${named.join(', ')}; write the id`);
        else if (projects.length > 0) warnings.push(`${file}:${g.line}:${g.column}: project "${g.ref}" is not among the projects this service account sees`);
      }
      return { projectId, role: g.role, via: g.via, ...(g.team === undefined ? {} : { team: g.team }) };
    }) }),
  }));
  return { members, warnings };
}
