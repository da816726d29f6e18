/**
 * Opt-in: the organization's 2FA requirement from the undocumented web route
 * `GET /organizations/{org}/twofactor` ([TF] `twofactor_settings`, an untyped object). The field
 * name is UNSURE, so a small set of plausible names is tried; when none is present the slice is
 * `error` naming the keys that were seen (never their values).
 */
import type { Slice, TwoFactorFacts } from '../../../state/org-state.js';
import type { CollectContext } from '../../context.js';
import { failedSlice, okSlice } from '../../slice-result.js';
import { isRecord, ShapeError } from '../../wire.js';

const WHAT = 'reading the 2FA setting (undocumented route)';
const FIELDS = ['required', 'is_required', 'require_twofactor', 'twofactor_required', 'enforced', 'enabled', 'twofactor_enabled'];

export function twoFactorFrom(body: unknown): TwoFactorFacts {
  const holder = isRecord(body) && isRecord(body.results) ? body.results : body;
  if (!isRecord(holder)) throw new ShapeError(WHAT, 'the response is not an object');
  for (const f of FIELDS) {
    if (typeof holder[f] === 'boolean') return { requiredOrgWide: holder[f] };
  }
  throw new ShapeError(WHAT, `no known 2FA field (keys seen: ${Object.keys(holder).slice(0, 10).join(', ') || 'none'})`);
}

export async function collectTwoFactor(ctx: CollectContext): Promise<Slice<TwoFactorFacts>> {
  const path = `/organizations/${encodeURIComponent(ctx.organization.id)}/twofactor`;
  const prov = { source: 'api-undocumented' as const, collectedAt: ctx.collectedAt, detail: `GET ${path} (undocumented, best effort)` };
  try {
    const body = await ctx.client.getJson({
      surface: 'web', region: ctx.organization.region, path, purpose: 'reading the 2FA setting (undocumented route)', organizationId: ctx.organization.id,
    });
    return okSlice(twoFactorFrom(body), prov);
  } catch (err) {
    return failedSlice(err, prov);
  }
}
