/**
 * Opt-in (`--experimental-endpoints`): organization members from the undocumented web route
 * `GET /organizations/{org}/users/` ([TF]; field names UNSURE). Fields are read from the names the
 * notes and the Terraform provider suggest; a member without a recognizable role makes the slice
 * `error` rather than a guess. Provenance `api-undocumented`.
 */
import type { Member, ProjectGrant, Slice } from '../../../state/org-state.js';
import type { CollectContext } from '../../context.js';
import { orgRole, projectRole } from '../../roles.js';
import { failedSlice, okSlice } from '../../slice-result.js';
import { instantField, isRecord, lowerEmail, optionalBoolean, optionalId, optionalString, ShapeError, type JsonRecord } from '../../wire.js';
import { duplicateReason, mergeDuplicates } from '../../merge/duplicates.js';
import { mergeMembers } from '../../merge/merge-members.js';
import { firstOf, listPayload } from './list-payload.js';

const WHAT = 'listing organization members (undocumented route)';

function grants(raw: unknown): ProjectGrant[] | undefined {
  // No list of projects in the answer: the grants are unknown, not "none".
  if (!Array.isArray(raw)) return undefined;
  const out: ProjectGrant[] = [];
  for (const g of raw) {
    if (!isRecord(g)) continue;
    const projectId = optionalId(firstOf(g, ['project_id', 'id']));
    const role = optionalString(firstOf(g, ['role', 'role_name']));
    // The route does not say whether a grant is the person's own or a team's: `via` stays unknown.
    if (projectId !== undefined && role) out.push({ projectId, role: projectRole(role) });
  }
  return out;
}

/** What the route says of the invitation, or nothing: an unrecognised status is unknown, not active. */
function memberStatus(u: JsonRecord): Member['status'] {
  const text = optionalString(u.status)?.trim().toLowerCase();
  const flags = [u.invited, u.is_invited, u.pending];
  if (flags.includes(true) || text === 'invited' || text === 'pending') return 'invited';
  if (text === 'active' || text === 'joined' || (text === undefined && flags.includes(false))) return 'active';
  return undefined;
}

export function memberFrom(u: JsonRecord, at: string): Member {
  const email = lowerEmail(firstOf(u, ['email', 'user_email', 'username']));
  if (email === undefined) throw new ShapeError(WHAT, `${at} has no email`);
  const role = orgRole(firstOf(u, ['role', 'org_role', 'organization_role', 'role_name']));
  if (role === undefined) throw new ShapeError(WHAT, `${at} has no recognizable organization role`);
  const status = memberStatus(u);
  const name = optionalString(firstOf(u, ['name', 'user_name', 'full_name']));
  const userId = optionalId(firstOf(u, ['id', 'user_id']));
  const twoFactor = optionalBoolean(firstOf(u, ['has_twofactor', 'twofactor_enabled', 'two_factor_enabled', 'has_2fa']));
  const lastKey = ['last_active', 'last_login', 'last_seen', 'last_activity'].find((k) => k in u);
  const lastActive = lastKey === undefined ? undefined : instantField(u[lastKey], WHAT, `${at}.${lastKey}`) ?? null;
  const teamsRaw = firstOf(u, ['teams', 'team_names']);
  const teams = Array.isArray(teamsRaw)
    ? teamsRaw.map((t) => (isRecord(t) ? optionalString(t.name) ?? optionalId(t.id) : optionalString(t))).filter((t): t is string => Boolean(t))
    : undefined;
  const projectRoles = grants(firstOf(u, ['projects', 'project_roles']));
  return {
    email,
    ...(name ? { name } : {}),
    ...(userId ? { userId } : {}),
    orgRole: role,
    ...(status === undefined ? {} : { status }),
    ...(twoFactor === undefined ? {} : { twoFactorEnabled: twoFactor }),
    // Present and null means "never"; absent means unknown.
    ...(lastActive === undefined ? {} : { lastActive }),
    ...(projectRoles === undefined ? {} : { projectRoles }),
    ...(teams === undefined ? {} : { teams }),
  };
}

export async function collectOrgUsers(ctx: CollectContext): Promise<Slice<Member[]>> {
  const path = `/organizations/${encodeURIComponent(ctx.organization.id)}/users/`;
  const prov = { source: 'api-undocumented' as const, collectedAt: ctx.collectedAt, detail: `GET ${path} (undocumented, best effort)` };
  try {
    const body = await ctx.client.getJson({
      surface: 'web', region: ctx.organization.region, path,
      purpose: 'listing organization members (undocumented route)', organizationId: ctx.organization.id,
    });
    const listed = listPayload(body, 'users', WHAT).map((raw, i) => {
      if (!isRecord(raw)) throw new ShapeError(WHAT, `item ${i} is not an object`);
      return memberFrom(raw, `item ${i}`);
    });
    // Addresses are compared lower-cased: "o4@x" and "O4@X" are one person listed twice.
    const merged = mergeDuplicates(listed, (m) => m.email, mergeMembers);
    const flag = merged.duplicates.length > 0 ? duplicateReason('member address', 'the organization\'s user list', merged.duplicates) : undefined;
    if (flag !== undefined) ctx.emit({ type: 'warning', message: `members: ${flag}` });
    return okSlice(merged.items.sort((a, b) => a.email.localeCompare(b.email)), prov, flag);
  } catch (err) {
    return failedSlice(err, prov);
  }
}
