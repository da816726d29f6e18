import { describe, expect, it } from '@jest/globals';
import { coverageOf, deriveAuditFacts, withAuditFacts } from '../../../src/collect/audit/derive-facts.js';
import { READ_AUDIT_TYPES, retentionDaysOfPlan } from '../../../src/collect/audit/event-types.js';
import type { AuditEvent, AuditLog } from '../../../src/state/org-state.js';

const ev = (id: string, created: string, type: string, extra: Partial<AuditEvent> = {}): AuditEvent => ({ id, created, type, ...extra });

describe('audit-log coverage', () => {
  const window = { start: '2026-03-17T12:00:00Z', end: '2026-06-15T12:00:00Z' };

  it('starts each type at the later of the window and the day Mixpanel began recording it', () => {
    const c = coverageOf(window, READ_AUDIT_TYPES);
    const of = (t: string) => c.find((x) => x.type === t);
    expect(of('session.logged_in')).toEqual({ type: 'session.logged_in', availableSince: '2026-04-05T00:00:00Z', coveredSince: '2026-04-05T00:00:00Z' });
    expect(of('invitation.sent')?.coveredSince).toBe('2026-05-20T00:00:00Z');
    // Recorded only from 2026-08-16: not covered at all in June.
    expect(of('user.twofactor_disabled')).toEqual({ type: 'user.twofactor_disabled', availableSince: '2026-08-16T00:00:00Z' });
  });

  it('a window that starts after the type became available is covered from the window start', () => {
    const c = coverageOf({ start: '2026-06-01T00:00:00Z', end: '2026-06-15T00:00:00Z' }, undefined);
    expect(c.find((x) => x.type === 'session.logged_in')?.coveredSince).toBe('2026-06-01T00:00:00Z');
  });

  it('a type the query did not ask for is not covered', () => {
    const c = coverageOf(window, ['session.logged_in']);
    expect(c.find((x) => x.type === 'invitation.sent')?.coveredSince).toBeUndefined();
    expect(c.find((x) => x.type === 'session.logged_in')?.coveredSince).toBeDefined();
  });
});

describe('coverage of a read from Mixpanel stops at its retention', () => {
  const year = { window: { start: '2025-09-15T12:00:00Z', end: '2026-09-15T12:00:00Z' }, types: ['session.logged_in'] };
  const login = (ttl?: string): AuditEvent => ev('l', '2026-09-01T00:00:00Z', 'session.logged_in', { userEmail: 'ann@acme.com', ...(ttl ? { ttl } : {}) });
  const since = (log: AuditLog) => log.coverage?.find((c) => c.type === 'session.logged_in')?.coveredSince;

  it('a year asked of the API with the retention unknown reaches back the 90 days every plan keeps', () => {
    expect(since(withAuditFacts({ ...year, events: [login()] }, undefined, true))).toBe('2026-06-17T12:00:00Z');
  });

  it('entries that expire after two years (Enterprise) let the whole year count', () => {
    expect(since(withAuditFacts({ ...year, events: [login('2028-09-01T00:00:00Z')] }, undefined, true))).toBe('2026-04-05T00:00:00Z');
  });

  it('the Growth plan keeps 90 days; an export file claims its own window', () => {
    expect(since(withAuditFacts({ ...year, events: [login()] }, 'Growth', true))).toBe('2026-06-17T12:00:00Z');
    expect(since(withAuditFacts({ ...year, events: [login()] }, 'Growth', false))).toBe('2026-04-05T00:00:00Z');
  });
});

describe('facts derived from audit events', () => {
  it('keeps the latest login per email and names logins without an email as unattributed', () => {
    const f = deriveAuditFacts({ events: [
      ev('a', '2026-05-01T00:00:00Z', 'session.logged_in', { userEmail: 'ann@acme.com' }),
      ev('b', '2026-05-03T00:00:00Z', 'session.logged_in', { userEmail: 'ann@acme.com' }),
      ev('c', '2026-05-02T00:00:00Z', 'session.logged_in', { userEmail: null }),
    ] });
    expect(f.lastLogins).toEqual([{ email: 'ann@acme.com', eventId: 'b', at: '2026-05-03T00:00:00Z', by: 'ann@acme.com' }]);
    expect(f.unattributed).toEqual([{ eventId: 'c', type: 'session.logged_in', why: 'no user_email' }]);
  });

  it('an invitation stays pending until accepted, the person is added, or the address is removed', () => {
    const f = deriveAuditFacts({ events: [
      ev('i1', '2026-05-21T00:00:00Z', 'invitation.sent', { userEmail: 'ann@acme.com', entityName: 'Pen@Agency.io' }),
      ev('i2', '2026-05-21T00:00:00Z', 'invitation.sent', { userEmail: 'ann@acme.com', entityName: 'acc@agency.io' }),
      ev('i3', '2026-05-22T00:00:00Z', 'invitation.accepted', { userEmail: 'acc@agency.io' }),
      ev('i4', '2026-05-21T00:00:00Z', 'invitation.sent', { userEmail: 'ann@acme.com', payload: { email: 'added@agency.io' } }),
      ev('i5', '2026-05-23T00:00:00Z', 'organization.user_added', { userEmail: 'ann@acme.com', entityName: 'added@agency.io' }),
      ev('i6', '2026-05-24T00:00:00Z', 'invitation.sent', { userEmail: 'ann@acme.com', entityName: 'not an email' }),
      ev('i7', '2026-05-21T00:00:00Z', 'invitation.sent', { userEmail: 'ann@acme.com', entityName: 'rm@agency.io' }),
      ev('i8', '2026-05-22T00:00:00Z', 'organization.user_removed', { userEmail: 'ann@acme.com', entityName: 'rm@agency.io' }),
      // Sent again after the removal: open again.
      ev('i9', '2026-05-21T00:00:00Z', 'organization.user_removed', { userEmail: 'ann@acme.com', entityName: 'back@agency.io' }),
      ev('i10', '2026-05-22T00:00:00Z', 'invitation.sent', { userEmail: 'ann@acme.com', entityName: 'back@agency.io' }),
    ] });
    expect(f.pendingInvitations.map((p) => [p.email, p.eventId])).toEqual([['back@agency.io', 'i10'], ['pen@agency.io', 'i1']]);
    expect(f.unattributed.map((u) => u.eventId)).toEqual(['i6']);
  });

  it('the latest default-access event per project wins', () => {
    const f = deriveAuditFacts({ events: [
      ev('d1', '2026-05-21T00:00:00Z', 'project.default_access_granted', { projectId: '1', payload: { role: 'analyst' } }),
      ev('d2', '2026-05-22T00:00:00Z', 'project.default_access_revoked', { projectId: '1' }),
      ev('d3', '2026-05-22T00:00:00Z', 'project.default_access_granted', { projectId: '2' }),
    ] });
    expect(f.defaultAccess.map((d) => [d.projectId, d.granted, d.role])).toEqual([['1', false, undefined], ['2', true, undefined]]);
  });

  it('types role changes: owner/admin privileged, another named role not, no role unknown', () => {
    const f = deriveAuditFacts({ events: [
      ev('r1', '2026-05-21T00:00:00Z', 'user.role_changed', { entityName: 'a@acme.com', payload: { old_role: 'member', new_role: 'Owner' } }),
      ev('r2', '2026-05-22T00:00:00Z', 'user.role_changed', { entityName: 'b@acme.com', payload: { new_role: 'analyst' } }),
      ev('r3', '2026-05-23T00:00:00Z', 'user.role_changed', { entityName: 'c@acme.com' }),
    ] });
    expect(f.roleChanges.map((r) => [r.eventId, r.target, r.role, r.privileged, r.notPrivileged])).toEqual([
      ['r3', 'c@acme.com', undefined, undefined, false],
      ['r2', 'b@acme.com', 'analyst', false, true],
      ['r1', 'a@acme.com', 'Owner', true, false],
    ]);
  });

  it('finds an account added back after its removal, not one added before', () => {
    const f = deriveAuditFacts({ events: [
      ev('x0', '2026-05-20T00:00:00Z', 'organization.user_added', { entityName: 'dee@c.io' }),
      ev('x1', '2026-05-21T00:00:00Z', 'organization.user_removed', { entityName: 'dee@c.io' }),
      ev('x2', '2026-05-25T00:00:00Z', 'organization.user_added', { userEmail: 'scim@acme.com', entityName: 'dee@c.io' }),
      ev('x3', '2026-05-25T00:00:00Z', 'organization.user_removed', { entityName: 'gone@c.io' }),
    ] });
    expect(f.reAdded).toEqual([{ email: 'dee@c.io', removedAt: '2026-05-21T00:00:00Z', removedEventId: 'x1', addedAt: '2026-05-25T00:00:00Z', addedEventId: 'x2', addedBy: 'scim@acme.com' }]);
  });

  it('lists 2FA changes, exports and deletion requests; ignores other types', () => {
    const f = deriveAuditFacts({ events: [
      ev('t1', '2026-05-21T00:00:00Z', 'organization_access_security.twofactor_enabled', { userEmail: 'a@acme.com' }),
      ev('t2', '2026-05-22T00:00:00Z', 'organization_access_security.twofactor_disabled', { userEmail: 'b@acme.com' }),
      ev('u1', '2026-05-22T00:00:00Z', 'user.twofactor_disabled', { userEmail: 'c@acme.com' }),
      ev('e1', '2026-05-23T00:00:00Z', 'board.exported', { userEmail: 'c@acme.com', projectId: '1', entityName: 'KPIs' }),
      ev('g1', '2026-05-24T00:00:00Z', 'user_data_deletion.created', { userEmail: 'a@acme.com', projectId: '1' }),
      ev('o1', '2026-05-24T00:00:00Z', 'service_account.created', { userEmail: 'a@acme.com' }),
    ] });
    expect(f.twoFactorRequirement.map((t) => [t.eventId, t.enabled])).toEqual([['t2', false], ['t1', true]]);
    expect(f.userTwoFactorDisabled).toEqual([{ eventId: 'u1', at: '2026-05-22T00:00:00Z', by: 'c@acme.com', email: 'c@acme.com' }]);
    expect(f.dataExports).toEqual([{ eventId: 'e1', at: '2026-05-23T00:00:00Z', by: 'c@acme.com', type: 'board.exported', projectId: '1', entityName: 'KPIs' }]);
    expect(f.userDataDeletions.map((d) => d.eventId)).toEqual(['g1']);
  });

  it('retention: the shortest entry lifetime, else the plan, else unknown', () => {
    expect(deriveAuditFacts({ events: [
      ev('a', '2026-05-01T00:00:00Z', 'session.logged_in', { ttl: '2028-04-30T00:00:00Z' }),
      ev('b', '2026-05-02T00:00:00Z', 'session.logged_in', { ttl: '2026-07-31T00:00:00Z' }),
    ] }, 'enterprise')).toMatchObject({ retentionDays: 90, retentionFrom: 'ttl_timestamp' });
    expect(deriveAuditFacts({ events: [] }, 'Enterprise')).toMatchObject({ retentionDays: 730, retentionFrom: 'plan' });
    const unknown = deriveAuditFacts({ events: [] }, 'custom');
    expect(unknown.retentionDays).toBeUndefined();
    expect(retentionDaysOfPlan('growth')).toBe(90);
    expect(retentionDaysOfPlan(undefined)).toBeUndefined();
  });
});
