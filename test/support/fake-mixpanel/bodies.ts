/**
 * Response bodies in Mixpanel's wire shapes, built from the fixture organization. Both the loopback
 * server and the msw handlers answer with these, and test/mixpanel/spec-conformance.test.ts proves
 * the documented ones validate against the OpenAPI response schemas.
 */
import { DEFAULT_AUDIT_RETENTION_DAYS, type FixtureAuditEvent, type FixtureOrg } from './fixture.js';

type Json = Record<string, unknown>;

/** `/api/app/me` per the notes ([MD] MeResponse); not in any OpenAPI file. */
export function meBody(org: FixtureOrg): Json {
  return {
    status: 'ok',
    results: {
      user_id: 77,
      user_email: 'scanner@serviceaccount.mixpanel.com',
      user_name: 'scanner',
      organizations: { [String(org.id)]: { id: org.id, name: org.name, role: org.callerRole, permissions: ['view_audit_logs'] } },
      projects: Object.fromEntries(org.projects.map((p) => [String(p.id), {
        name: p.name, organization_id: org.id, timezone: 'UTC', has_workspaces: true, domain: p.domain, type: 'PROJECT',
      }])),
      workspaces: Object.fromEntries(org.workspaces.map((w) => [String(w.id), {
        id: w.id, name: w.name, project_id: w.projectId, is_default: w.isGlobal, is_global: w.isGlobal, is_restricted: w.isRestricted, is_visible: true,
      }])),
    },
  };
}

function serviceAccountRead(sa: FixtureOrg['serviceAccounts'][number]): Json {
  return {
    id: sa.id,
    username: sa.username,
    ...(sa.lastUsed ? { last_used: sa.lastUsed } : {}),
    ...(sa.expires ? { expires: sa.expires } : {}),
    creator: sa.creator,
    created: sa.created,
    user: sa.id + 10_000,
  };
}

/** `list-service-accounts` 200. */
export function orgServiceAccountsBody(org: FixtureOrg): Json {
  return { status: 'ok', results: org.serviceAccounts.map(serviceAccountRead) };
}

/** `list-project-service-accounts` 200. */
export function projectServiceAccountsBody(org: FixtureOrg, projectId: number): Json {
  const results = org.serviceAccounts.flatMap((sa) => sa.grants.filter((g) => g.projectId === projectId).map((g) => ({
    ...serviceAccountRead(sa),
    hasSensitiveAccess: g.hasSensitiveAccess,
    role: g.role,
    role_order: 1,
    target_type: g.targetType,
    email: `${sa.username}@serviceaccount.mixpanel.com`,
  })));
  return { status: 'ok', results };
}

/** `list-all-schemas-for-project` 200. */
export function schemasBody(org: FixtureOrg, projectId: number): Json {
  return {
    status: 'ok',
    results: org.schemas.filter((s) => s.projectId === projectId).map((s) => ({
      entityType: s.entityType,
      name: s.name,
      schemaJson: {
        description: `${s.name} (fixture)`,
        properties: Object.fromEntries(Object.entries(s.properties).map(([name, p]) => [name, {
          type: p.type,
          ...(p.hidden !== undefined || p.dropped !== undefined
            ? { metadata: { 'com.mixpanel': { ...(p.hidden !== undefined ? { hidden: p.hidden } : {}), ...(p.dropped !== undefined ? { dropped: p.dropped } : {}) } } }
            : {}),
        }])),
        metadata: { 'com.mixpanel': { displayName: s.name, tags: ['fixture'], hidden: s.hidden ?? false, dropped: s.dropped ?? false, contacts: ['ada@acme.example'] } },
      },
    })),
  };
}

/** An RFC 7644 ListResponse page of SCIM users. */
export function scimPage(org: FixtureOrg, startIndex: number, count: number): Json {
  const from = Math.max(1, startIndex);
  const page = org.scimUsers.slice(from - 1, from - 1 + Math.max(0, count));
  return {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
    totalResults: org.scimUsers.length,
    itemsPerPage: page.length,
    startIndex: from,
    Resources: page.map((u) => ({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: u.id,
      userName: u.userName,
      name: { givenName: u.userName.split('@')[0] },
      emails: [{ value: u.email, primary: true, type: 'work' }],
      active: u.active,
      ...(u.groups === undefined ? {} : { groups: u.groups.map((g) => ({ value: `grp-${g.toLowerCase()}`, display: g })) }),
    })),
  };
}

export interface AuditQuery {
  cursor?: string | null;
  pageSize: number;
  order: 'asc' | 'desc';
  createdAfter?: string | null;
  createdBefore?: string | null;
  /** Only these event types (the query body's `types`); absent or null: every type. */
  types?: string[] | null;
}

/** `query_organization_audit_logs` 200: cursor = base64 of the next offset. */
export function auditPage(org: FixtureOrg, q: AuditQuery): Json {
  const keptMs = (org.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS) * 86400_000;
  const ttl = (e: FixtureAuditEvent) => Date.parse(e.created) + keptMs;
  let events = org.auditEvents.filter((e) =>
    (q.types === undefined || q.types === null || q.types.includes(e.type)) &&
    (!q.createdAfter || Date.parse(e.created) >= Date.parse(q.createdAfter)) && (!q.createdBefore || Date.parse(e.created) <= Date.parse(q.createdBefore)) &&
    // Expired entries are gone: the query's end is the scanner's "now".
    (!q.createdBefore || ttl(e) > Date.parse(q.createdBefore)));
  events = [...events].sort((a, b) => (q.order === 'asc' ? 1 : -1) * (Date.parse(a.created) - Date.parse(b.created)));
  const offset = q.cursor ? Number(Buffer.from(q.cursor, 'base64url').toString('utf8')) : 0;
  const page = events.slice(offset, offset + q.pageSize);
  const next = offset + q.pageSize < events.length ? Buffer.from(String(offset + q.pageSize)).toString('base64url') : null;
  const prev = offset > 0 ? Buffer.from(String(Math.max(0, offset - q.pageSize))).toString('base64url') : null;
  return {
    results: page.map((e) => {
      const [et, act] = e.type.split('.') as [string, string];
      return {
        project_id: e.projectId === '' ? null : e.projectId,
        organization_id: String(org.id),
        service: 'webapp',
        event_category: et === 'session' ? 'authentication' : 'administration',
        organization_name: org.name,
        ttl_timestamp: new Date(ttl(e)).toISOString(),
        client_ip: '203.0.113.7',
        http_method: 'POST',
        http_request_headers: { 'user-agent': 'fixture' },
        http_request_size: null,
        http_response_headers: null,
        http_response_size: null,
        http_status: 200,
        http_url: null,
        http_user_agent: 'fixture',
        project_name: e.projectId === '' ? null : org.projects.find((p) => String(p.id) === e.projectId)?.name ?? null,
        user_email: e.userEmail,
        user_id: e.userId,
        user_roles: 'admin',
        created: e.created,
        id: e.id,
        was_impersonated_by_staff: false,
        entity: {
          entity_id: `ent-${e.id}`,
          entity_name: e.entityName !== undefined ? e.entityName : et === 'session' ? null : `${et} ${e.id}`,
          payload: e.payload ?? (act === 'role_changed' ? { old_role: 'member', new_role: 'admin' } : {}),
          action: act,
          entity_type: et,
          type: e.type,
        },
      };
    }),
    pagination: { previous_cursor: prev, next_cursor: next },
  };
}

/** App API error body (`{status: "error", error}`), as the 401/403/404 responses declare. */
export function appErrorBody(message: string): Json {
  return { status: 'error', error: message };
}

/** Platform API problem-details error (ErrorResponse). */
export function platformErrorBody(status: number, title: string, detail?: string): Json {
  return { type: null, status, instance: null, detail: detail ?? null, error_id: 'fixture-error', title };
}

/** Undocumented `GET /organizations/{org}/users/` (shape UNSURE; this is the shape the parser expects). */
export function orgUsersBody(org: FixtureOrg): Json {
  return {
    status: 'ok',
    results: org.members.map((m) => ({
      id: m.id, email: m.email, name: m.name, role: m.role, has_twofactor: m.hasTwoFactor, last_active: m.lastActive,
    })),
  };
}

export function teamsBody(org: FixtureOrg): Json {
  return { status: 'ok', results: org.teams.map((t) => ({ id: t.id, name: t.name, members: t.members.map((email) => ({ email })), projects: t.projects })) };
}

export function twoFactorBody(org: FixtureOrg): Json {
  return { status: 'ok', results: { required: org.twoFactorRequired } };
}

export function workspacesBody(org: FixtureOrg, projectId: number): Json {
  return {
    status: 'ok',
    results: org.workspaces.filter((w) => w.projectId === projectId).map((w) => ({
      id: w.id, name: w.name, project_id: w.projectId, is_global: w.isGlobal, is_restricted: w.isRestricted, is_visible: true,
      has_all_org_members: w.isGlobal, member_list: w.members.map((email, i) => ({ id: 900 + i, name: email, email, invited: false })), team_list: [],
    })),
  };
}

