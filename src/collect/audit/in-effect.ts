/**
 * Which of the audit log's changes still hold at the end of the window read: a grant of the owner
 * role that no later role change or removal of the same person undid, an account added back after
 * its removal that was not removed again. Pure: the facts and the events in, the changes out.
 * The attestation checks (join-review.ts) and the offboarding checks (join-readds.ts) read these.
 */
import type { AuditEvent, AuditFacts, AuditLog, AuditRoleChange } from '../../state/org-state.js';
import { subjectEmail } from './derive-facts.js';
import { ORG_OWNER_ROLE } from './payload-fields.js';

export type ReAdd = AuditFacts['reAdded'][number];

const at = (iso: string) => Date.parse(iso);

/** When each email was last removed from the organization (organization.user_removed). */
function lastRemovals(events: readonly AuditEvent[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'organization.user_removed') continue;
    const email = subjectEmail(e);
    if (email === undefined) continue;
    out.set(email, Math.max(out.get(email) ?? -Infinity, at(e.created)));
  }
  return out;
}

/** Re-adds with no removal of the same email after them: the account is back at the window's end. */
export function reAddsInEffect(log: Pick<AuditLog, 'events'>, facts: Pick<AuditFacts, 'reAdded'>): ReAdd[] {
  const removed = lastRemovals(log.events);
  return facts.reAdded.filter((r) => (removed.get(r.email) ?? -Infinity) <= at(r.addedAt));
}

/** A role change about the organization (no project named), about a project, or not known which. */
function scopeOf(c: AuditRoleChange): 'organization' | 'project' | 'unknown' {
  if (c.projectId === undefined) return 'unknown';
  return c.projectId === null ? 'organization' : 'project';
}

export interface OwnerGrants {
  /** Organization role changes to owner, after `since`, that no later change or removal undid. */
  grants: AuditRoleChange[];
  /**
   * Role changes after `since` that may have made an owner: the new role, the scope or the person
   * is not named, so they can be ruled neither in nor out.
   */
  possible: AuditRoleChange[];
}

/**
 * The owner grants on record after `since` (exclusive) that still hold at the window's end. A grant
 * is undone by a later organization role change of the same person (to any role) or a later
 * removal of the person; a later change whose scope is unknown leaves the grant possible.
 */
export function ownerGrantsSince(log: Pick<AuditLog, 'events'>, facts: Pick<AuditFacts, 'roleChanges'>, since: number): OwnerGrants {
  const removed = lastRemovals(log.events);
  const grants: AuditRoleChange[] = [];
  const possible: AuditRoleChange[] = [];
  // Oldest first, so that "later" is further on.
  const changes = [...facts.roleChanges].sort((a, b) => at(a.at) - at(b.at) || a.eventId.localeCompare(b.eventId));
  changes.forEach((c, i) => {
    if (at(c.at) <= since) return;
    const scope = scopeOf(c);
    if (scope === 'project') return;
    const toOwner = c.role === undefined ? undefined : c.role.toLowerCase() === ORG_OWNER_ROLE;
    if (toOwner === false) return;
    if (c.target === undefined || toOwner === undefined || scope === 'unknown') {
      possible.push(c);
      return;
    }
    if ((removed.get(c.target) ?? -Infinity) > at(c.at)) return;
    const later = changes.slice(i + 1).filter((l) => l.target === c.target && scopeOf(l) !== 'project');
    if (later.some((l) => scopeOf(l) === 'organization')) return;
    if (later.length > 0) possible.push(c);
    else grants.push(c);
  });
  return { grants, possible };
}
