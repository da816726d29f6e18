/**
 * SCIM users as a member source. Mixpanel's SCIM endpoint lists the users the identity provider
 * provisions, with an active flag, addresses and groups, but no organization role, no project
 * grants and nobody invited by hand. So:
 *
 * - without a member list, the active SCIM users form a member list of their own, marked
 *   `incomplete` (it can fail a check, never pass one), with roles absent (unknown). Inactive SCIM
 *   users are left out: SCIM alone cannot say whether Mixpanel still holds their account, and that
 *   is exactly what MP-5.3.2 asks of a real member list;
 * - with a member list, the two are joined on the address, and nothing is invented: a member the
 *   list has keeps the list's fields. Where they disagree the worse reading stays visible. A member
 *   the list calls active whom SCIM marks inactive keeps "active" (the account can still sign in;
 *   MP-5.3.2 fails on it); an active SCIM user the list lacks is added with its role unknown, so
 *   checks that need the role cannot pass over it.
 */
import type { Member, ScimUser } from '../../state/org-state.js';

export interface ScimMembers {
  members: Member[];
  /** Inactive SCIM users left out. */
  leftOut: number;
}

/** The SCIM users of one address as one member: active if any copy is (the worse reading). */
function memberOf(copies: ScimUser[]): Member {
  const groups = copies.every((u) => u.groups !== undefined) ? [...new Set(copies.flatMap((u) => u.groups ?? []))].sort() : undefined;
  const names = [...new Set(copies.map((u) => u.userName))];
  return {
    email: copies[0]!.email,
    ...(names.length === 1 && names[0] !== copies[0]!.email ? { name: names[0]! } : {}),
    status: 'active',
    ...(groups === undefined ? {} : { teams: groups }),
  };
}

function byEmail(users: readonly ScimUser[]): Map<string, ScimUser[]> {
  const out = new Map<string, ScimUser[]>();
  for (const u of users) out.set(u.email, [...(out.get(u.email) ?? []), u]);
  return out;
}

export function membersFromScim(users: readonly ScimUser[]): ScimMembers {
  const members: Member[] = [];
  let leftOut = 0;
  for (const copies of byEmail(users).values()) {
    if (copies.some((u) => u.active)) members.push(memberOf(copies.filter((u) => u.active)));
    else leftOut++;
  }
  members.sort((a, b) => a.email.localeCompare(b.email));
  return { members, leftOut };
}

export interface ScimJoin {
  members: Member[];
  /** Active SCIM users the member list did not have, added with their role unknown. */
  added: string[];
  /** Members the list calls active or invited whom SCIM marks inactive (kept as the list says). */
  inactiveInScim: string[];
}

export function joinScimUsers(members: readonly Member[], users: readonly ScimUser[]): ScimJoin {
  const scim = byEmail(users);
  const known = new Set(members.map((m) => m.email));
  const inactiveInScim = members
    .filter((m) => m.status !== undefined && scim.get(m.email)?.every((u) => !u.active) === true)
    .map((m) => m.email);
  const addedMembers = [...scim.entries()]
    .filter(([email, copies]) => !known.has(email) && copies.some((u) => u.active))
    .map(([, copies]) => memberOf(copies.filter((u) => u.active)));
  return {
    members: [...members, ...addedMembers].sort((a, b) => a.email.localeCompare(b.email)),
    added: addedMembers.map((m) => m.email),
    inactiveInScim,
  };
}
