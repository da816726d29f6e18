/**
 * The person who created each service account, by email (MP-5.3.3 joins creators to members).
 * The documented list gives only the creator's Mixpanel user id; an email is written only where a
 * source states it, or where exactly one member carries that very user id. Nothing is guessed: an
 * id no member carries, or one that two members carry, leaves the email unknown.
 */
import type { Member, ServiceAccount } from '../../state/org-state.js';

export interface CreatorJoin {
  accounts: ServiceAccount[];
  /** How many accounts got their creator's email from the join. */
  joined: number;
}

export function joinCreators(accounts: readonly ServiceAccount[], members: readonly Member[]): CreatorJoin {
  const byUserId = new Map<string, string[]>();
  for (const m of members) {
    if (m.userId === undefined) continue;
    byUserId.set(m.userId, [...(byUserId.get(m.userId) ?? []), m.email]);
  }
  let joined = 0;
  const out = accounts.map((sa) => {
    if (sa.creatorEmail !== undefined || sa.creatorId === undefined || sa.creatorId === null) return sa;
    const emails = byUserId.get(sa.creatorId) ?? [];
    if (emails.length !== 1) return sa;
    joined++;
    return { ...sa, creatorEmail: emails[0]! };
  });
  return { accounts: out, joined };
}
