/**
 * Where each Mixpanel API surface lives, per data-residency region, and how an `apiBaseUrl` override
 * (a proxy, or the loopback test server) maps every one of those hosts onto a single base.
 *
 * Mapping under an override B: each real host becomes a path prefix below B.
 *   https://mixpanel.com/...              -> B/us/...
 *   https://eu.mixpanel.com/...           -> B/eu/...
 *   https://in.mixpanel.com/...           -> B/in/...
 *   https://platform-us.mixpanel.com/...  -> B/platform-us/...   (and platform-eu, platform-in)
 * so the paths after the prefix are exactly Mixpanel's paths, and one server can play every region.
 */
import type { Region } from '../core/region.js';

export const REGIONS: readonly Region[] = ['US', 'EU', 'IN'];

/** The surfaces the scanner reads. `web` is the host root, where the undocumented org routes live. */
export type Surface = 'app' | 'scim' | 'platform' | 'web';

const APP_HOST: Record<Region, string> = { US: 'mixpanel.com', EU: 'eu.mixpanel.com', IN: 'in.mixpanel.com' };
const PLATFORM_HOST: Record<Region, string> = {
  US: 'platform-us.mixpanel.com',
  EU: 'platform-eu.mixpanel.com',
  IN: 'platform-in.mixpanel.com',
};
/** Path prefixes that stand for the hosts above when an override base is in use. */
const APP_PREFIX: Record<Region, string> = { US: 'us', EU: 'eu', IN: 'in' };

export class HostMap {
  private readonly base: string | undefined;

  /** `apiBaseUrl` must already be checked with `parseApiBaseUrl`. */
  constructor(apiBaseUrl?: string) {
    this.base = apiBaseUrl?.replace(/\/+$/, '');
  }

  get overridden(): boolean {
    return this.base !== undefined;
  }

  /** The origin plus path prefix that stands for a real host. */
  private root(kind: 'app' | 'platform', region: Region): string {
    if (this.base !== undefined) {
      return `${this.base}/${kind === 'app' ? APP_PREFIX[region] : `platform-${APP_PREFIX[region]}`}`;
    }
    return `https://${kind === 'app' ? APP_HOST[region] : PLATFORM_HOST[region]}`;
  }

  /** Base URL of a surface in a region, without a trailing slash. */
  baseUrl(surface: Surface, region: Region): string {
    switch (surface) {
      case 'app': return `${this.root('app', region)}/api/app`;
      // SCIM is documented for the US host only; EU and IN are assumed to follow the same pattern.
      case 'scim': return `${this.root('app', region)}/api/app/scim/v2`;
      case 'platform': return this.root('platform', region);
      case 'web': return this.root('app', region);
    }
  }

  /** Full URL of `path` (starting with `/`) on a surface. */
  url(surface: Surface, region: Region, path: string): URL {
    if (!path.startsWith('/')) throw new Error(`path must start with "/": ${path}`);
    return new URL(`${this.baseUrl(surface, region)}${path}`);
  }

  /** Every platform base, for the read-only guard's audit-log exception. */
  platformBases(): string[] {
    return REGIONS.map((r) => this.baseUrl('platform', r));
  }
}

/**
 * The region of a project from `/me` `projects[id].domain` (`mixpanel.com`, `eu.mixpanel.com`,
 * `in.mixpanel.com`). Undefined when the domain is absent or not one Mixpanel documents.
 */
export function regionFromDomain(domain: unknown): Region | undefined {
  if (typeof domain !== 'string') return undefined;
  const host = domain.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  for (const region of REGIONS) {
    if (host === APP_HOST[region] || host === `api-${APP_HOST[region]}` || host === `www.${APP_HOST[region]}`) return region;
  }
  if (host === 'api.mixpanel.com') return 'US';
  return undefined;
}

export function parseRegion(text: string): Region | undefined {
  const upper = text.trim().toUpperCase();
  return (REGIONS as readonly string[]).includes(upper) ? (upper as Region) : undefined;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Checks an `--api-base-url`. Plain HTTP is accepted for loopback addresses only, because the base
 * receives the service-account credentials on every request.
 * Returns an error message, or undefined when the URL is acceptable.
 */
export function checkApiBaseUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `--api-base-url is not a URL: ${text}`;
  }
  if (url.username !== '' || url.password !== '') return '--api-base-url must not carry credentials; use the environment';
  if (url.search !== '' || url.hash !== '') return '--api-base-url must not have a query or fragment';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return undefined;
  return `--api-base-url must use https (plain http is allowed for loopback addresses only): ${url.origin}`;
}
