/**
 * Two rows for one member address (a source listed the person twice): one member, each field the
 * copy worse for compliance (worse.ts). Owner beats member, active beats invited, 2FA off beats on,
 * the older last activity beats the newer, and every project grant and team of either copy is kept
 * (the more privileged role where both grant the same project).
 */
import type { Member, ProjectGrant } from '../../state/org-state.js';
import { agreed, older, worseFalse, worseLastUse, worseOptionalOrgRole, worseProjectRole } from './worse.js';

function mergeGrants(a: readonly ProjectGrant[], b: readonly ProjectGrant[]): ProjectGrant[] {
  const byKey = new Map<string, ProjectGrant>();
  for (const g of [...a, ...b]) {
    // Grants through different teams, or direct and through a team, are different routes to keep.
    const key = `${g.projectId}|${g.via ?? '?'}|${g.team ?? ''}`;
    const before = byKey.get(key);
    byKey.set(key, before === undefined ? g : { ...before, role: worseProjectRole(before.role, g.role) });
  }
  return [...byKey.values()].sort((x, y) => x.projectId.localeCompare(y.projectId, 'en', { numeric: true }) || (x.via ?? '').localeCompare(y.via ?? ''));
}

function optionalDate(a: string | null | undefined, b: string | null | undefined, pick: (x: string, y: string) => string): string | null | undefined {
  if (a === undefined || b === undefined) return a === b ? a : undefined;
  if (a === null || b === null) return a ?? b;
  return pick(a, b);
}

export function mergeMembers(a: Member, b: Member): Member {
  const name = agreed(a.name, b.name);
  const userId = agreed(a.userId, b.userId);
  const twoFactorEnabled = worseFalse(a.twoFactorEnabled, b.twoFactorEnabled);
  const ssoLogin = worseFalse(a.ssoLogin, b.ssoLogin);
  const lastActive = worseLastUse(a.lastActive, b.lastActive);
  const invitedAt = optionalDate(a.invitedAt, b.invitedAt, older);
  const createdAt = optionalDate(a.createdAt, b.createdAt, older);
  const orgRole = worseOptionalOrgRole(a.orgRole, b.orgRole);
  return {
    email: a.email,
    ...(name === undefined ? {} : { name }),
    ...(userId === undefined ? {} : { userId }),
    // A copy that does not state the role leaves it unknown: the other copy may not be the worse.
    ...(orgRole === undefined || orgRole === null ? {} : { orgRole }),
    // An active copy means the person can sign in; only two invited copies say "invited".
    ...(a.status === 'active' || b.status === 'active' ? { status: 'active' as const } : a.status === 'invited' && b.status === 'invited' ? { status: 'invited' as const } : {}),
    ...(invitedAt === undefined ? {} : { invitedAt }),
    ...(twoFactorEnabled === undefined ? {} : { twoFactorEnabled }),
    ...(ssoLogin === undefined ? {} : { ssoLogin }),
    ...(lastActive === undefined ? {} : { lastActive }),
    ...(createdAt === undefined || createdAt === null ? {} : { createdAt }),
    // A copy that does not say leaves the whole list unknown: the other copy may not be complete.
    ...(a.projectRoles === undefined || b.projectRoles === undefined ? {} : { projectRoles: mergeGrants(a.projectRoles, b.projectRoles) }),
    ...(a.teams === undefined || b.teams === undefined ? {} : { teams: [...new Set([...a.teams, ...b.teams])].sort() }),
  };
}
