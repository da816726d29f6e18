/** Organization roles as people and exports write them ("Billing Admin", "OWNER") in the state's form. */
import type { OrgRole } from '../state/org-state.js';

const ORG_ROLES: Record<string, OrgRole> = {
  owner: 'owner',
  admin: 'admin',
  administrator: 'admin',
  billingadmin: 'billing_admin',
  billing: 'billing_admin',
  member: 'member',
  user: 'member',
};

export function orgRole(text: unknown): OrgRole | undefined {
  if (typeof text !== 'string') return undefined;
  return ORG_ROLES[text.trim().toLowerCase().replace(/[^a-z]/g, '')];
}

export const ORG_ROLE_WORDS = 'Owner, Admin, Billing Admin, Member';

/** A project role in lower case ("Analyst" -> "analyst"); custom role names are kept. */
export function projectRole(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}
