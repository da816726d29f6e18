import { describe, expect, it } from '@jest/globals';
import {
  appErrorBody, auditPage, fixtureOrg, orgServiceAccountsBody, platformErrorBody, projectServiceAccountsBody, schemasBody,
} from '../support/fake-mixpanel/index.js';
import { operation, responseValidator, serverUrls } from './openapi.js';

// The fake Mixpanel (msw handlers and loopback server alike) answers with these bodies; if they
// drifted from the official specs, every collector test would be testing against fiction.
const org = fixtureOrg();

describe('fixture bodies validate against the OpenAPI response schemas', () => {
  it('list-service-accounts 200', () => {
    expect(responseValidator('service-accounts', 'list-service-accounts', '200')(orgServiceAccountsBody(org))).toEqual([]);
  });

  it.each(org.projects.map((p) => [p.id]))('list-project-service-accounts 200 for project %s', (pid) => {
    expect(responseValidator('service-accounts', 'list-project-service-accounts', '200')(projectServiceAccountsBody(org, pid))).toEqual([]);
  });

  it.each(org.projects.map((p) => [p.id]))('list-all-schemas-for-project 200 for project %s', (pid) => {
    expect(responseValidator('lexicon-schemas', 'list-all-schemas-for-project', '200')(schemasBody(org, pid))).toEqual([]);
  });

  it('query_organization_audit_logs 200, first and last page', () => {
    const validate = responseValidator('platform', 'query_organization_audit_logs', '200');
    const first = auditPage(org, { pageSize: 100, order: 'desc' });
    expect(validate(first)).toEqual([]);
    const last = auditPage(org, { pageSize: 100, order: 'desc', cursor: Buffer.from('200').toString('base64url') });
    expect(validate(last)).toEqual([]);
    expect((last.pagination as { next_cursor: unknown }).next_cursor).toBeNull();
  });

  it.each([['401'], ['403'], ['404']])('service-account error %s', (status) => {
    expect(responseValidator('service-accounts', 'list-service-accounts', status)(appErrorBody('nope'))).toEqual([]);
    expect(responseValidator('service-accounts', 'list-project-service-accounts', status)(appErrorBody('nope'))).toEqual([]);
  });

  it.each([['401'], ['403']])('lexicon error %s', (status) => {
    expect(responseValidator('lexicon-schemas', 'list-all-schemas-for-project', status)(appErrorBody('nope'))).toEqual([]);
  });

  it('platform default error', () => {
    expect(responseValidator('platform', 'query_organization_audit_logs', 'default')(platformErrorBody(403, 'Forbidden'))).toEqual([]);
  });
});

describe('the validators can fail', () => {
  // A validator that accepts anything would make the tests above worthless.
  it('rejects a service account whose id is a string', () => {
    const body = { status: 'ok', results: [{ id: 'x', username: 'a', created: '2026-01-01T00:00:00Z' }] };
    expect(responseValidator('service-accounts', 'list-service-accounts', '200')(body)).not.toEqual([]);
  });

  it('rejects an audit page without pagination', () => {
    expect(responseValidator('platform', 'query_organization_audit_logs', '200')({ results: [] })).not.toEqual([]);
  });

  it('rejects a schema entry with an unknown entity type', () => {
    const body = { status: 'ok', results: [{ entityType: 'group', name: 'x', schemaJson: {} }] };
    expect(responseValidator('lexicon-schemas', 'list-all-schemas-for-project', '200')(body)).not.toEqual([]);
  });
});

describe('routes come from the specs', () => {
  it('knows the read operations the collectors use', () => {
    expect(operation('service-accounts', 'list-service-accounts')).toEqual({ method: 'GET', path: '/organizations/{organizationId}/service-accounts' });
    expect(operation('service-accounts', 'list-project-service-accounts')).toEqual({ method: 'GET', path: '/projects/{projectId}/service-accounts' });
    expect(operation('lexicon-schemas', 'list-all-schemas-for-project')).toEqual({ method: 'GET', path: '/projects/{projectId}/schemas' });
    expect(operation('platform', 'query_organization_audit_logs')).toEqual({ method: 'POST', path: '/v1/organizations/{organization_id}/audit-logs/query' });
  });

  it('expands the regional servers', () => {
    expect(serverUrls('service-accounts')).toEqual(['https://mixpanel.com/api/app', 'https://eu.mixpanel.com/api/app', 'https://in.mixpanel.com/api/app']);
    expect(serverUrls('platform')).toEqual(['https://platform-us.mixpanel.com', 'https://platform-eu.mixpanel.com', 'https://platform-in.mixpanel.com']);
  });
});
