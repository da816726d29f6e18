/**
 * Choosing between two copies of one field when a source lists the same thing twice. A duplicate
 * is a defect of the source, and which copy is true cannot be known; so the merge keeps the copy
 * that is worse for compliance (the one a check is more likely to fail on), never the last one read.
 * Copies that contradict each other where neither is worse (two different creators) leave the
 * field unknown.
 *
 * `undefined` is "not known" and `null` is "explicitly none", as everywhere in the state.
 */
import type { OrgRole, ProjectRole } from '../../state/org-state.js';

/** Expiry: never (null) is worst; then the later date; an unknown copy makes the result unknown. */
export function worseExpiry(a: string | null | undefined, b: string | null | undefined): string | null | undefined {
  if (a === null || b === null) return null;
  if (a === undefined || b === undefined) return undefined;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** Last use or activity: never (null) is worst; then the older date; unknown stays unknown. */
export function worseLastUse(a: string | null | undefined, b: string | null | undefined): string | null | undefined {
  if (a === null || b === null) return null;
  if (a === undefined || b === undefined) return undefined;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

/** Creation: the older date (a longer-lived credential). */
export function older(a: string, b: string): string {
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

const ORG_RANK: Record<OrgRole, number> = { owner: 4, admin: 3, billing_admin: 2, member: 1 };

export function worseOrgRole(a: OrgRole, b: OrgRole): OrgRole {
  return ORG_RANK[a] >= ORG_RANK[b] ? a : b;
}

export function worseOptionalOrgRole(a: OrgRole | null | undefined, b: OrgRole | null | undefined): OrgRole | null | undefined {
  if (a === undefined || b === undefined) return a === b ? a : undefined;
  if (a === null || b === null) return a ?? b;
  return worseOrgRole(a, b);
}

const PROJECT_RANK: Record<string, number> = { owner: 4, admin: 3, analyst: 2, consumer: 1 };

/** The more privileged project role; a custom role (unknown rank) counts as admin-level. */
export function worseProjectRole(a: ProjectRole, b: ProjectRole): ProjectRole {
  const rank = (r: string) => PROJECT_RANK[r] ?? 3;
  return rank(a) >= rank(b) ? a : b;
}

/** A permission flag: true (has access, is enabled-risky) wins; otherwise unknown stays unknown. */
export function worseTrue(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  if (a === true || b === true) return true;
  if (a === undefined || b === undefined) return undefined;
  return false;
}

/** A protection flag (2FA on, SSO login): false wins; otherwise unknown stays unknown. */
export function worseFalse(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  if (a === false || b === false) return false;
  if (a === undefined || b === undefined) return undefined;
  return true;
}

/** A plain fact on which copies must agree: equal copies keep it, different ones make it unknown. */
export function agreed<T>(a: T | undefined, b: T | undefined): T | undefined {
  return a === b ? a : undefined;
}
