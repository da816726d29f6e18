import { describe, expect, it } from '@jest/globals';
import { checkApiBaseUrl, HostMap, parseRegion, regionFromDomain } from '../../src/mixpanel/hosts.js';

describe('HostMap', () => {
  it('uses Mixpanel\'s regional hosts', () => {
    const h = new HostMap();
    expect(h.baseUrl('app', 'US')).toBe('https://mixpanel.com/api/app');
    expect(h.baseUrl('app', 'EU')).toBe('https://eu.mixpanel.com/api/app');
    expect(h.baseUrl('app', 'IN')).toBe('https://in.mixpanel.com/api/app');
    expect(h.baseUrl('scim', 'US')).toBe('https://mixpanel.com/api/app/scim/v2');
    expect(h.baseUrl('platform', 'EU')).toBe('https://platform-eu.mixpanel.com');
    expect(h.baseUrl('web', 'IN')).toBe('https://in.mixpanel.com');
  });

  it('maps every host to a path prefix under an override base', () => {
    const h = new HostMap('http://127.0.0.1:8080/proxy/');
    expect(h.url('app', 'US', '/me').href).toBe('http://127.0.0.1:8080/proxy/us/api/app/me');
    expect(h.url('app', 'EU', '/projects/1/schemas').href).toBe('http://127.0.0.1:8080/proxy/eu/api/app/projects/1/schemas');
    expect(h.url('scim', 'IN', '/Users').href).toBe('http://127.0.0.1:8080/proxy/in/api/app/scim/v2/Users');
    expect(h.url('platform', 'US', '/v1/organizations/1/audit-logs/query').href).toBe('http://127.0.0.1:8080/proxy/platform-us/v1/organizations/1/audit-logs/query');
    expect(h.url('web', 'EU', '/organizations/1/teams').href).toBe('http://127.0.0.1:8080/proxy/eu/organizations/1/teams');
  });

  it('refuses paths without a leading slash', () => {
    expect(() => new HostMap().url('app', 'US', 'me')).toThrow();
  });
});

describe('regions', () => {
  it('reads a project\'s region from its /me domain', () => {
    expect(regionFromDomain('mixpanel.com')).toBe('US');
    expect(regionFromDomain('eu.mixpanel.com')).toBe('EU');
    expect(regionFromDomain('https://in.mixpanel.com/')).toBe('IN');
    expect(regionFromDomain('EU.MIXPANEL.COM')).toBe('EU');
    expect(regionFromDomain('mixpanel.example')).toBeUndefined();
    expect(regionFromDomain(undefined)).toBeUndefined();
  });
  it('parses region names in any case', () => {
    expect(parseRegion('eu')).toBe('EU');
    expect(parseRegion('APAC')).toBeUndefined();
  });
});

describe('checkApiBaseUrl', () => {
  it('accepts https anywhere and http on loopback only', () => {
    expect(checkApiBaseUrl('https://proxy.corp.example/mixpanel')).toBeUndefined();
    expect(checkApiBaseUrl('http://127.0.0.1:4000')).toBeUndefined();
    expect(checkApiBaseUrl('http://localhost:4000')).toBeUndefined();
    expect(checkApiBaseUrl('http://[::1]:4000')).toBeUndefined();
    expect(checkApiBaseUrl('http://proxy.corp.example')).toMatch(/must use https/);
    expect(checkApiBaseUrl('ftp://x')).toMatch(/must use https/);
    expect(checkApiBaseUrl('not a url')).toMatch(/not a URL/);
    expect(checkApiBaseUrl('https://user:pw@proxy.example')).toMatch(/must not carry credentials/);
  });
});
