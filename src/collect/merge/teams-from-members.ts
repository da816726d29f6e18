/**
 * Teams as the members export shows them: each team's members (its Teams column) and the project
 * roles granted through it (grants written "via team X"). The export names teams, it has no team
 * ids, so the name serves as id.
 */
import type { Member, Team } from '../../state/org-state.js';

export function teamsFromMembers(members: readonly Member[]): Team[] {
  const teams = new Map<string, { members: Set<string>; roles: Map<string, string> }>();
  const team = (name: string) => {
    let t = teams.get(name);
    if (!t) {
      t = { members: new Set(), roles: new Map() };
      teams.set(name, t);
    }
    return t;
  };
  for (const m of members) {
    for (const name of m.teams ?? []) team(name).members.add(m.email);
    for (const g of m.projectRoles ?? []) {
      if (g.via !== 'team' || g.team === undefined) continue;
      const t = team(g.team);
      t.members.add(m.email);
      t.roles.set(g.projectId, g.role);
    }
  }
  return [...teams.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, t]) => ({
      id: name,
      name,
      members: [...t.members].sort(),
      projectRoles: [...t.roles.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([projectId, role]) => ({ projectId, role })),
    }));
}
