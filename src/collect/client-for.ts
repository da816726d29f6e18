/**
 * The one way a command builds its Mixpanel client from the credentials and the resolved collection
 * options, so that `collect`/`scan` and `plan` send requests under the same bounds (timeout,
 * response cap, time budget) and redact with the sink's redactor.
 */
import { MixpanelClient, type ClientOptions } from '../mixpanel/client.js';
import type { Secrets } from '../mixpanel/credentials.js';
import { HostMap } from '../mixpanel/hosts.js';
import type { Redactor } from '../mixpanel/redactor.js';
import type { TimeBudget } from '../mixpanel/time-budget.js';
import type { ResolvedOptions } from './options.js';

/** What differs between callers: collection listens to events and may inject retry and waits. */
export type ClientExtras = Pick<ClientOptions, 'onEvent' | 'retry' | 'waitFor'>;

export function clientFor(secrets: Secrets, opts: ResolvedOptions, redactor: Redactor, budget: TimeBudget, extras: ClientExtras = {}): MixpanelClient {
  return new MixpanelClient({
    username: secrets.serviceAccount.username,
    secret: secrets.serviceAccount.secret,
    ...(secrets.scimToken === undefined ? {} : { scimToken: secrets.scimToken }),
    hosts: new HostMap(opts.apiBaseUrl),
    timeoutMs: opts.timeoutMs,
    maxResponseBytes: opts.maxResponseBytes,
    budget,
    redactor,
    ...extras,
  });
}
