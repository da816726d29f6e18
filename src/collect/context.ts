/** What every live collector is handed: the client, the organization /me found, and the limits. */
import type { LimitFunction } from 'p-limit';
import type { MixpanelClient } from '../mixpanel/client.js';
import type { Organization, Project, Region } from '../state/org-state.js';
import type { EmitEvent } from './events.js';

export interface CollectContext {
  client: MixpanelClient;
  organization: Organization;
  /** Projects of the organization from /me, each with its region. */
  projects: Project[];
  /** When collection started; every slice's `collectedAt`. */
  collectedAt: string;
  now: number;
  /** Bounds the per-project calls that run at once (service accounts, data views). */
  perProject: LimitFunction;
  emit: EmitEvent;
}

/** The region a project's calls go to: its own, or the organization's when /me gave none. */
export function projectRegion(ctx: CollectContext, project: Project): Region {
  return project.region ?? ctx.organization.region;
}
