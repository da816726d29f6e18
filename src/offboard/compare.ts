import type { PersonState, ProjectAccess } from './person-state.js';

/** One aspect of a person's access before removal (from the plan) and after (now). */
export interface ComparisonRow {
  aspect: string;
  before: string[];
  after: string[];
  changed: boolean;
}

function projectText(p: ProjectAccess): string {
  const name = p.projectName ? `${p.projectName} (${p.projectId})` : p.projectId;
  return `${name}: ${p.role}${p.via === 'team' ? ` via team ${p.teamName ?? p.teamId}` : p.via === 'default' ? ' by default' : ''}`;
}

function aspects(p: PersonState): Record<string, string[]> {
  const m = p.member;
  return {
    'Membership': m ? [`${m.status}, organization role ${m.orgRole}`] : ['not a member'],
    'Projects': p.projects.map(projectText),
    'Default project access': p.defaultAccess.map(projectText),
    'Teams': p.teams.map((t) => (t.name ? `${t.name} (${t.id})` : t.id)),
    'Data views': p.dataViews.map((v) => `${v.dataViewName} in ${v.projectName ?? v.projectId}${v.via === 'team' ? ` via team ${v.teamId}` : ''}`),
    'Service accounts created (valid)': p.serviceAccounts.filter((s) => s.active).map((s) => `${s.username}${s.newOwner ? `, new owner ${s.newOwner.owner}` : ', no new owner'}`),
    'SCIM': p.scim ? [`${p.scim.userName} ${p.scim.active ? 'active' : 'inactive'}`] : ['absent'],
    'Last activity': [p.activity.lastActive ?? 'none recorded'],
  };
}

/** Before and after, side by side, aspect by aspect. Pure. */
export function compare(before: PersonState, after: PersonState): ComparisonRow[] {
  const b = aspects(before);
  const a = aspects(after);
  return Object.keys(b).map((aspect) => {
    const x = b[aspect] ?? [];
    const y = a[aspect] ?? [];
    return { aspect, before: x, after: y, changed: x.length !== y.length || x.some((v, i) => v !== y[i]) };
  });
}

/** Projects the person could open before and no longer can: the tracker's "projects removed". */
export function projectsRemoved(before: PersonState, after: PersonState): { projectId: string; projectName: string | null }[] {
  const still = new Set([...after.projects, ...after.defaultAccess].map((p) => p.projectId));
  const out = new Map<string, string | null>();
  for (const p of [...before.projects, ...before.defaultAccess]) if (!still.has(p.projectId) && !out.has(p.projectId)) out.set(p.projectId, p.projectName);
  return [...out].map(([projectId, projectName]) => ({ projectId, projectName }));
}
