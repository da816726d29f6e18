import { describe, expect, it } from '@jest/globals';
import { joinAuditFacts } from '../../../src/collect/audit/apply-facts.js';
import { validator } from '../../../src/core/schema-validator.js';
import type { AuditEvent, AuditLog, Member, Slice } from '../../../src/state/org-state.js';

const AT = '2026-06-15T12:00:00Z';
const prov = (source: 'audit-log' | 'export' | 'api' | 'attestation') => ({ source, collectedAt: AT });
const attestation = (attestedAt: string) => ({ attestedBy: 'ada@acme.com', attestedAt, evidence: 'ticket SEC-1', expires: '2027-01-01T00:00:00Z' });
const ev = (id: string, created: string, type: string, extra: Partial<AuditEvent> = {}): AuditEvent => ({ id, created, type, ...extra });

function log(events: AuditEvent[], start = '2026-03-17T12:00:00Z'): Slice<AuditLog> {
  return { status: 'ok', provenance: prov('audit-log'), data: { window: { start, end: AT }, events } };
}
const member = (email: string, extra: Partial<Member> = {}): Member => ({ email, orgRole: 'member', status: 'active', ...extra });
const members = (list: Member[]): Slice<Member[]> => ({ status: 'ok', provenance: prov('export'), data: list });

describe('joining audit-log facts into the slices checks read', () => {
  it('a member without source activity gets the last login, or null with the start of the login record', () => {
    const out = joinAuditFacts({
      auditLog: log([ev('l1', '2026-06-01T00:00:00Z', 'session.logged_in', { userEmail: 'ann@acme.com' })]),
      members: members([member('ann@acme.com'), member('quiet@acme.com'), member('src@acme.com', { lastActive: '2026-01-01T00:00:00Z' }), member('never@acme.com', { lastActive: null })]),
    }, AT);
    const m = Object.fromEntries(out.members!.data!.map((x) => [x.email, x]));
    expect(m['ann@acme.com']).toMatchObject({ lastActive: '2026-06-01T00:00:00Z', lastActiveRecordedSince: '2026-04-05T00:00:00Z', lastActiveFrom: 'audit-log' });
    expect(m['quiet@acme.com']).toMatchObject({ lastActive: null, lastActiveRecordedSince: '2026-04-05T00:00:00Z', lastActiveFrom: 'audit-log' });
    // What the members source gave stays, marked as its own complete record.
    expect(m['src@acme.com']).toEqual(member('src@acme.com', { lastActive: '2026-01-01T00:00:00Z', lastActiveRecordedSince: null }));
    expect(m['never@acme.com']).toEqual(member('never@acme.com', { lastActive: null, lastActiveRecordedSince: null }));
    // The slice records which fields came from the audit log; its own provenance stays the source's.
    expect(out.members!.joined).toEqual([{
      source: 'audit-log', fields: ['lastActive', 'lastActiveRecordedSince', 'lastActiveFrom'],
      detail: "last activity of 2 member(s) from the audit log's session.logged_in events recorded since 2026-04-05T00:00:00Z: 1 with a login on record, 1 with none",
    }]);
    expect(out.members!.provenance).toEqual(prov('export'));
  });

  it('a source that gave every last activity takes nothing from the audit log, and says nothing was joined', () => {
    const out = joinAuditFacts({
      auditLog: log([ev('l1', '2026-06-01T00:00:00Z', 'session.logged_in', { userEmail: 'ann@acme.com' })]),
      members: members([member('ann@acme.com', { lastActive: '2026-06-02T00:00:00Z' }), member('never@acme.com', { lastActive: null })]),
    }, AT);
    expect(out.members!.data!.map((m) => m.lastActive)).toEqual(['2026-06-02T00:00:00Z', null]);
    expect(out.members!.joined).toBeUndefined();
  });

  it('without an audit log, or one that did not ask for logins, no activity is invented', () => {
    const none = joinAuditFacts({ members: members([member('ann@acme.com')]) }, AT);
    expect(none.members!.data![0]!.lastActive).toBeUndefined();
    const filtered = log([]);
    filtered.data!.types = ['invitation.sent'];
    const other = joinAuditFacts({ auditLog: filtered, members: members([member('ann@acme.com')]) }, AT);
    expect(other.members!.data![0]!.lastActive).toBeUndefined();
    const broken: Slice<AuditLog> = { status: 'error', provenance: prov('audit-log'), reason: 'HTTP 502' };
    expect(joinAuditFacts({ auditLog: broken, members: members([member('ann@acme.com')]) }, AT).members!.data![0]!.lastActive).toBeUndefined();
  });

  it('an invited member without a date gets the pending invitation.sent date', () => {
    const out = joinAuditFacts({
      auditLog: log([ev('i1', '2026-05-22T00:00:00Z', 'invitation.sent', { entityName: 'new@agency.io' })]),
      members: members([member('new@agency.io', { status: 'invited' }), member('dated@agency.io', { status: 'invited', invitedAt: null })]),
    }, AT);
    expect(out.members!.data!.map((m) => m.invitedAt)).toEqual(['2026-05-22T00:00:00Z', null]);
    expect(out.members!.joined!.filter((j) => j.fields.includes('invitedAt'))).toEqual([{ source: 'audit-log', fields: ['invitedAt'], detail: expect.stringMatching(/^invitation date of 1 invited member\(s\) from the audit log .*: new@agency\.io \(i1 at 2026-05-22T00:00:00Z\)$/) }]);
  });

  const pendingLog = () => log([
    ev('i1', '2026-05-22T00:00:00Z', 'invitation.sent', { entityName: 'kai@agency.io', userEmail: 'ann@acme.com' }),
    ev('i2', '2026-05-23T00:00:00Z', 'invitation.sent', { entityName: 'ann@acme.com' }),
    ev('i3', '2026-05-24T00:00:00Z', 'invitation.sent', { entityName: 'gone@agency.io' }),
    ev('r3', '2026-05-25T00:00:00Z', 'organization.user_removed', { entityName: 'gone@agency.io' }),
  ]);
  const scimOnly = (list: Member[]): Slice<Member[]> => ({ status: 'ok', provenance: prov('api'), incomplete: 'read from SCIM', data: list });

  it('a member list known to be incomplete (SCIM) gains the pending invitations as invited members, and stays incomplete', () => {
    const out = joinAuditFacts({ auditLog: pendingLog(), members: scimOnly([{ email: 'ann@acme.com', status: 'active' }, { email: 'zed@acme.com', status: 'active' }]) }, AT);
    // ann is already listed (SCIM says active): not doubled; gone's invitation was followed by a removal.
    expect(out.members!.data!.map((m) => [m.email, m.status, m.invitedAt])).toEqual([
      ['ann@acme.com', 'active', undefined], ['kai@agency.io', 'invited', '2026-05-22T00:00:00Z'], ['zed@acme.com', 'active', undefined],
    ]);
    expect(out.members!.incomplete).toBe('read from SCIM');
    expect(out.members!.joined!.filter((j) => j.fields.includes('invitedAt'))).toEqual([{
      source: 'audit-log', fields: ['status', 'invitedAt'],
      detail: expect.stringMatching(/^1 pending invitation\(s\) from the audit log added as invited members .*: kai@agency\.io \(i1 at 2026-05-22T00:00:00Z by ann@acme\.com\)$/),
    }]);
  });

  it('a complete member list is never added to: an invitation it lacks was withdrawn', () => {
    const out = joinAuditFacts({ auditLog: pendingLog(), members: members([member('zed@acme.com', { lastActive: null })]) }, AT);
    expect(out.members!.data!.map((m) => m.email)).toEqual(['zed@acme.com']);
    expect(out.members!.joined).toBeUndefined();
  });

  it('default access: a later event replaces the attested label; an older one does not; a grant without a role is unknown', () => {
    const labelled = { labelAttestation: attestation('2026-05-26T00:00:00Z') };
    const out = joinAuditFacts({
      auditLog: log([
        ev('d1', '2026-05-27T00:00:00Z', 'project.default_access_granted', { projectId: '1', payload: { role: 'analyst' } }),
        ev('d2', '2026-05-25T00:00:00Z', 'project.default_access_granted', { projectId: '2', payload: { role: 'admin' } }),
        ev('d3', '2026-05-27T00:00:00Z', 'project.default_access_revoked', { projectId: '3' }),
        ev('d4', '2026-05-27T00:00:00Z', 'project.default_access_granted', { projectId: '4' }),
      ]),
      projects: { status: 'ok', provenance: prov('api'), data: [
        { id: '1', name: 'A', defaultAccessRole: null, ...labelled },
        { id: '2', name: 'B', defaultAccessRole: null, ...labelled },
        { id: '3', name: 'C' },
        { id: '4', name: 'D', defaultAccessRole: null, ...labelled },
      ] },
    }, AT);
    expect(out.projects!.data!.map((p) => p.defaultAccessRole)).toEqual(['analyst', null, null, undefined]);
    expect(out.projects!.joined).toEqual([{ source: 'audit-log', fields: ['defaultAccessRole'], detail: expect.stringMatching(/^default project access from the audit log \(1: granted by d1/) }]);
    expect(out.projects!.reason).toMatch(/granted on project\(s\) 4 \(d4 at 2026-05-27T00:00:00Z\) and the audit log does not name the role/);
  });

  it('2FA requirement: decided by the record when unattested, contradicted after the attestation, confirmed otherwise', () => {
    const events = [ev('t1', '2026-05-21T00:00:00Z', 'organization_access_security.twofactor_enabled', { userEmail: 'ada@acme.com' })];
    const fromLog = joinAuditFacts({ auditLog: log(events) }, AT);
    expect(fromLog.twoFactor).toMatchObject({ status: 'ok', provenance: { source: 'audit-log' }, data: { requiredOrgWide: true } });

    const attested = { status: 'ok' as const, provenance: { ...prov('attestation'), attestation: attestation('2026-05-22T00:00:00Z') }, data: { requiredOrgWide: true } };
    const confirmed = joinAuditFacts({ auditLog: log(events), twoFactor: attested }, AT);
    expect(confirmed.twoFactor!.data).toEqual({ requiredOrgWide: true });
    expect(confirmed.twoFactor!.reason).toMatch(/^confirmed by the audit log/);
    // Confirming changes no value: nothing joined.
    expect(confirmed.twoFactor!.joined).toBeUndefined();

    const disabled = [...events, ev('t2', '2026-06-10T00:00:00Z', 'organization_access_security.twofactor_disabled', { userEmail: 'bob@acme.com' })];
    const contradicted = joinAuditFacts({ auditLog: log(disabled), twoFactor: attested }, AT);
    expect(contradicted.twoFactor!.data).toEqual({ requiredOrgWide: false });
    expect(contradicted.twoFactor!.joined).toEqual([{ source: 'audit-log', fields: ['requiredOrgWide'], detail: expect.stringMatching(/^organization_access_security.twofactor_disabled t2 by bob@acme.com/) }]);
    expect(contradicted.twoFactor!.reason).toMatch(/contradicts the attestation of 2026-05-22T00:00:00Z: the 2FA requirement was disabled at 2026-06-10T00:00:00Z \(t2, by bob@acme.com\)/);

    // A disable before the attestation was seen by the person attesting: no contradiction.
    const before = joinAuditFacts({ auditLog: log([ev('t0', '2026-05-21T00:00:00Z', 'organization_access_security.twofactor_disabled')]), twoFactor: attested }, AT);
    expect(before.twoFactor!.data).toEqual({ requiredOrgWide: true });
    // A record that begins after the attestation cannot confirm it.
    const late = joinAuditFacts({ auditLog: log(events, '2026-06-01T00:00:00Z'), twoFactor: attested }, AT);
    expect(late.twoFactor!.reason).toBeUndefined();
  });

  it('deletions and retention raise what was attested, never lower it', () => {
    const gov = { status: 'ok' as const, provenance: { ...prov('attestation'), attestation: attestation('2026-05-01T00:00:00Z') }, data: { piiProperties: [], deletionProcessDocumented: true, lastDeletionExercised: '2025-01-01T00:00:00Z' } };
    const review = { status: 'ok' as const, provenance: { ...prov('attestation'), attestation: attestation('2026-05-01T00:00:00Z') }, data: { lastReviewed: null, siemExport: false, retentionDays: 90 } };
    const out = joinAuditFacts({
      auditLog: log([ev('g1', '2026-06-06T00:00:00Z', 'user_data_deletion.created', { ttl: '2028-06-05T00:00:00Z' })]),
      dataGovernance: gov, auditLogReview: review,
    }, AT);
    expect(out.dataGovernance!.data!.lastDeletionExercised).toBe('2026-06-06T00:00:00Z');
    expect(out.auditLogReview!.data!.retentionDays).toBe(730);
    expect(out.auditLogReview!.provenance.detail).toMatch(/retention raised from the attested 90 to the 730 days/);
    const longer = joinAuditFacts({ auditLog: log([ev('g1', '2026-06-06T00:00:00Z', 'session.logged_in', { ttl: '2026-09-04T00:00:00Z' })]), auditLogReview: { ...review, data: { ...review.data, retentionDays: 1000 } } }, AT);
    expect(out.dataGovernance!.joined!.map((j) => j.fields)).toEqual([['lastDeletionExercised']]);
    expect(out.auditLogReview!.joined!.map((j) => j.fields)).toEqual([['retentionDays']]);
    expect(longer.auditLogReview!.data!.retentionDays).toBe(1000);
    expect(longer.auditLogReview!.joined).toBeUndefined();
  });

  it('the audit log names the data exports on record, and who made them, in its detail', () => {
    const events = Array.from({ length: 7 }, (_, i) => ev(`x${i}`, `2026-06-0${i + 1}T00:00:00Z`, 'event_export.downloaded', { userEmail: 'bob@acme.com', projectId: '1' }));
    const out = joinAuditFacts({ auditLog: log(events) }, AT);
    expect(out.auditLog!.provenance.detail).toMatch(/^data exports on record: 7 \(event_export.downloaded by bob@acme.com at 2026-06-07T00:00:00Z \(project 1\);.*; 2 more in auditLog.facts.dataExports\)$/);
    expect(joinAuditFacts({ auditLog: log([]) }, AT).auditLog!.provenance.detail).toBeUndefined();
  });

  it('many default-access events keep the projects detail within the schema limit', () => {
    const events = Array.from({ length: 60 }, (_, i) => ev(`d${i}`, '2026-05-27T00:00:00Z', 'project.default_access_revoked', { projectId: String(1000 + i) }));
    const projects = Array.from({ length: 60 }, (_, i) => ({ id: String(1000 + i), name: `P${i}` }));
    const out = joinAuditFacts({ auditLog: log(events), projects: { status: 'ok', provenance: { ...prov('api'), detail: 'GET /api/app/me' }, data: projects } }, AT);
    expect(out.projects!.provenance.detail!.length).toBeLessThanOrEqual(1000);
    expect(out.projects!.joined!.every((j) => j.detail.length <= 1000)).toBe(true);
    expect(out.projects!.data!.every((p) => p.defaultAccessRole === null)).toBe(true);
  });

  it('many pending invitations keep the joined detail short and the state schema-valid', () => {
    const events = Array.from({ length: 60 }, (_, i) => ev(`i${i}`, '2026-05-27T00:00:00Z', 'invitation.sent', { entityName: `p${i}@agency.io` }));
    const out = joinAuditFacts({ auditLog: log(events), members: { status: 'ok', provenance: prov('api'), incomplete: 'read from SCIM', data: [] } }, AT);
    expect(out.members!.data).toHaveLength(60);
    const detail = out.members!.joined![0]!.detail;
    expect(detail).toMatch(/; 50 more in auditLog\.facts\.pendingInvitations$/);
    expect(detail.length).toBeLessThanOrEqual(1000);
    const state = { schemaVersion: '1.1', generatedAt: AT, organization: { id: '1', name: 'Acme', region: 'US' }, slices: { members: out.members } };
    expect(validator('org-state')(state)).toBe(true);
    // A field cannot be said to come from an attestation: that needs who, when and evidence.
    const attested = { ...state, slices: { members: { ...out.members, joined: [{ source: 'attestation', fields: ['invitedAt'], detail: 'x' }] } } };
    expect(validator('org-state')(attested)).toBe(false);
  });
});

