/**
 * Finds the region of the organization by asking `GET /api/app/me` on US, EU and IN in turn (the
 * first 200 wins), or asks the one region the user named. A service account exists in one region;
 * the others answer 401, which here means "not this region", not "bad credentials", until every
 * region has said so.
 */
import type { Region } from '../core/region.js';
import { MixpanelApiError } from './api-error.js';
import type { MixpanelClient } from './client.js';
import { REGIONS } from './hosts.js';

export interface MeAnswer {
  region: Region;
  body: unknown;
  route: string;
}

export const ME_PATH = '/me';

export async function readMe(client: MixpanelClient, region?: Region): Promise<MeAnswer> {
  const candidates = region === undefined ? REGIONS : [region];
  const failures: { region: Region; error: MixpanelApiError }[] = [];
  for (const r of candidates) {
    try {
      // Workspace member lists make /me slow on large orgs, and the scanner does not need them here.
      const body = await client.getJson({
        surface: 'app', region: r, path: ME_PATH, query: { include_workspace_users: 'false' },
        purpose: 'reading the organization and its projects (GET /api/app/me)',
      });
      return { region: r, body, route: `${client.hosts.baseUrl('app', r)}${ME_PATH}` };
    } catch (err) {
      if (!(err instanceof MixpanelApiError)) throw err;
      failures.push({ region: r, error: err });
    }
  }
  if (candidates.length === 1) throw failures[0]!.error;
  if (failures.every((f) => f.error.kind === 'credentials')) {
    throw new MixpanelApiError(
      'credentials',
      `credentials rejected in every region (${candidates.join(', ')}): check MIXPANEL_SERVICE_ACCOUNT_USERNAME and ` +
        'MIXPANEL_SERVICE_ACCOUNT_SECRET (or the credentials file), or name the region with --region',
      401,
    );
  }
  const kinds = new Set(failures.map((f) => f.error.kind));
  const kind = kinds.size === 1 ? failures[0]!.error.kind : 'network';
  throw new MixpanelApiError(kind, `no region answered /api/app/me: ${failures.map((f) => `${f.region}: ${f.error.message}`).join('; ')}`);
}
