import { describe, expect, it } from '@jest/globals';
import { joinAuditFacts } from '../../../src/collect/audit/apply-facts.js';
import { deriveAuditFacts } from '../../../src/collect/audit/derive-facts.js';
import { ownerGrantsSince, reAddsInEffect } from '../../../src/collect/audit/in-effect.js';
import type { AccessReviewFacts, AuditEvent, AuditLog, Member, RosterEntry, ScimUser, Slice } from '../../../src/state/org-state.js';

const AT = '2026-06-15T12:00:00Z';
const REVIEW = '2026-06-01T00:00:00Z';
const ev = (id: string, created: string, type: string, extra: Partial<AuditEvent> = {}): AuditEvent => ({ id, created, type, projectId: null, ...extra });
const role = (id: string, created: string, target: string, newRole: string | undefined, extra: Partial<AuditEvent> = {}) =>
  ev(id, created, 'user.role_changed', { userEmail: 'ada@acme.com', entityName: target, ...(newRole === undefined ? {} : { payload: { new_role: newRole } }), ...extra });
const removed = (id: string, created: string, email: string) => ev(id, created, 'organization.user_removed', { userEmail: 'ada@acme.com', entityName: email });
const added = (id: string, created: string, email: string) => ev(id, created, 'organization.user_added', { userEmail: 'scim@acme.com', entityName: email });

function log(events: AuditEvent[], start = '2026-03-17T12:00:00Z'): Slice<AuditLog> {
  return { status: 'ok', provenance: { source: 'audit-log', collectedAt: AT }, data: { window: { start, end: AT }, events } };
}
const review = (lastCompleted: string | null): Slice<AccessReviewFacts> => ({
  status: 'ok',
  provenance: { source: 'attestation', collectedAt: AT, attestation: { attestedBy: 'grc@acme.com', attestedAt: '2026-06-01T00:00:00Z', evidence: 'SEC-9', expires: '2027-01-01T00:00:00Z' } },
  data: { lastCompleted },
});
const grants = (events: AuditEvent[]) => {
  const { grants: g, possible } = ownerGrantsSince({ events }, deriveAuditFacts({ events }), Date.parse(REVIEW));
  return { grants: g.map((c) => c.eventId), possible: possible.map((c) => c.eventId) };
};

describe('owner grants after a date that still hold', () => {
  it('an organization grant to owner after the date holds; one before it, to another role, or in a project does not count', () => {
    expect(grants([
      role('r1', '2026-06-05T00:00:00Z', 'cy@acme.com', 'Owner'),
      role('r0', '2026-05-25T00:00:00Z', 'old@acme.com', 'owner'),
      role('r2', '2026-06-05T00:00:00Z', 'bo@acme.com', 'admin'),
      role('r3', '2026-06-05T00:00:00Z', 'pj@acme.com', 'owner', { projectId: '42' }),
    ])).toEqual({ grants: ['r1'], possible: [] });
  });

  it('a later role change or removal of the person undoes the grant', () => {
    expect(grants([
      role('r1', '2026-06-05T00:00:00Z', 'cy@acme.com', 'owner'),
      role('r2', '2026-06-06T00:00:00Z', 'cy@acme.com', 'member'),
      role('r3', '2026-06-05T00:00:00Z', 'dy@acme.com', 'owner'),
      removed('x1', '2026-06-07T00:00:00Z', 'dy@acme.com'),
    ])).toEqual({ grants: [], possible: [] });
  });

  it('a change whose role, scope or person is not named may be a grant; it is never ruled out', () => {
    expect(grants([
      role('r1', '2026-06-05T00:00:00Z', 'cy@acme.com', undefined),
      role('r2', '2026-06-05T00:00:00Z', 'dy@acme.com', 'owner', { projectId: undefined }),
      role('r3', '2026-06-05T00:00:00Z', 'not-an-email', 'owner'),
    ])).toEqual({ grants: [], possible: ['r1', 'r2', 'r3'] });
  });
});

describe('re-adds that still hold', () => {
  it('a re-add stands until the same email is removed again', () => {
    const events = [removed('x1', '2026-06-01T00:00:00Z', 'dee@c.io'), added('a1', '2026-06-02T00:00:00Z', 'dee@c.io'),
      removed('x2', '2026-06-01T00:00:00Z', 'eve@c.io'), added('a2', '2026-06-02T00:00:00Z', 'eve@c.io'), removed('x3', '2026-06-03T00:00:00Z', 'eve@c.io'),
      added('a3', '2026-06-02T00:00:00Z', 'new@c.io')];
    expect(reAddsInEffect({ events }, deriveAuditFacts({ events })).map((r) => [r.email, r.removedEventId, r.addedEventId])).toEqual([['dee@c.io', 'x1', 'a1']]);
  });
});

describe('the access review checked against the record', () => {
  it('an owner grant after the review keeps the attestation from passing alone, naming the event', () => {
    const out = joinAuditFacts({ auditLog: log([role('r1', '2026-06-12T08:00:00Z', 'cy@acme.com', 'owner')]), accessReview: review(REVIEW) }, AT);
    expect(out.accessReview!.data).toEqual({ lastCompleted: REVIEW });
    expect(out.accessReview!.incomplete).toMatch(/^the audit log contradicts the access review of 2026-06-01T00:00:00Z: it shows the owner role granted after the review and still held at 2026-06-15T12:00:00Z \(r1 at 2026-06-12T08:00:00Z: cy@acme.com to owner, by ada@acme.com\)/);
    expect(out.accessReview!.provenance.detail).toMatch(/owner grants after the review in the audit log: r1/);
    expect(out.accessReview!.incomplete).toMatch(/; no member list was read, so the number of owners now is unknown, and MP-2.3.1 counts them/);
  });

  it('names how many owners the member list shows, or why the number is unknown', () => {
    const events = [role('r1', '2026-06-12T08:00:00Z', 'cy@acme.com', 'owner')];
    const list = (data: Member[], incomplete?: string): Slice<Member[]> => ({ status: 'ok', provenance: { source: 'export', collectedAt: AT }, data, ...(incomplete === undefined ? {} : { incomplete }) });
    const owner = (email: string, status: 'active' | 'invited' = 'active'): Member => ({ email, orgRole: 'owner', status });
    const within = joinAuditFacts({ auditLog: log(events), accessReview: review(REVIEW), members: list([owner('a@acme.com'), owner('b@acme.com'), owner('cy@acme.com'), owner('d@acme.com', 'invited')]) }, AT);
    expect(within.accessReview!.incomplete).toMatch(/; the member list shows 3 active owners, and MP-2.3.1/);
    expect(within.accessReview!.contradicted).toBeUndefined();
    const scim = joinAuditFacts({ auditLog: log(events), accessReview: review(REVIEW), members: list([{ email: 'a@acme.com', status: 'active' }], 'read from SCIM') }, AT);
    expect(scim.accessReview!.incomplete).toMatch(/; the member list does not give every member's role and status, so the number of owners now is unknown/);
  });

  it('an owner grant after the review that leaves more owners than the guide allows contradicts it outright', () => {
    const events = [role('r1', '2026-06-12T08:00:00Z', 'cy@acme.com', 'owner'), role('r3', '2026-06-13T08:00:00Z', 'di@acme.com', undefined)];
    const list = (data: Member[], incomplete?: string): Slice<Member[]> => ({ status: 'ok', provenance: { source: 'export', collectedAt: AT }, data, ...(incomplete === undefined ? {} : { incomplete }) });
    const owner = (email: string): Member => ({ email, orgRole: 'owner', status: 'active' });
    const four = [owner('a@acme.com'), owner('b@acme.com'), owner('c@acme.com'), owner('cy@acme.com')];
    const out = joinAuditFacts({ auditLog: log(events), accessReview: review(REVIEW), members: list(four) }, AT);
    expect(out.accessReview!.data).toEqual({ lastCompleted: REVIEW });
    expect(out.accessReview!.incomplete).toBeUndefined();
    // Only the grant the record shows is evidence; the change that names no role is not.
    expect(out.accessReview!.contradicted).toEqual({
      reason: expect.stringMatching(/^the access review of 2026-06-01T00:00:00Z is followed by the owner role granted to cy@acme.com, and the member list shows 4 active owners, more than the guide's 3/),
      events: [{ eventId: 'r1', at: '2026-06-12T08:00:00Z', summary: 'cy@acme.com to owner, by ada@acme.com' }],
    });
    expect(out.accessReview!.joined).toEqual([expect.objectContaining({ source: 'audit-log', fields: ['lastCompleted'] })]);
    // An incomplete list (SCIM) cannot count the owners: the grant keeps it from passing, no more.
    const partial = joinAuditFacts({ auditLog: log(events), accessReview: review(REVIEW), members: list(four, 'read from SCIM') }, AT);
    expect(partial.accessReview!.contradicted).toBeUndefined();
    expect(partial.accessReview!.incomplete).toMatch(/^the audit log contradicts the access review/);
  });

  it('a change that may be a grant says so, and does not confirm', () => {
    const out = joinAuditFacts({ auditLog: log([role('r1', '2026-06-12T08:00:00Z', 'cy@acme.com', undefined)]), accessReview: review(REVIEW) }, AT);
    expect(out.accessReview!.incomplete).toMatch(/^the audit log may contradict the access review .*role changes after the review that may have made an owner \(r1 at 2026-06-12T08:00:00Z: cy@acme.com to a role the event does not name/);
  });

  it('a record since the review without a privileged change confirms it; a grant before the review is the review\'s own', () => {
    const out = joinAuditFacts({ auditLog: log([role('r0', '2026-05-25T00:00:00Z', 'cy@acme.com', 'owner'), role('r2', '2026-06-05T00:00:00Z', 'bo@acme.com', 'analyst')]), accessReview: review(REVIEW) }, AT);
    expect(out.accessReview!.incomplete).toBeUndefined();
    expect(out.accessReview!.reason).toBe('confirmed by the audit log: no organization role change to owner or admin between the review (2026-06-01T00:00:00Z) and 2026-06-15T12:00:00Z');
  });

  it('an admin grant since the review, a record that begins after it, or no review date confirm nothing', () => {
    const admin = joinAuditFacts({ auditLog: log([role('r2', '2026-06-05T00:00:00Z', 'bo@acme.com', 'admin')]), accessReview: review(REVIEW) }, AT);
    expect(admin.accessReview).toEqual(review(REVIEW));
    const late = joinAuditFacts({ auditLog: log([], '2026-06-05T00:00:00Z'), accessReview: review(REVIEW) }, AT);
    expect(late.accessReview).toEqual(review(REVIEW));
    const never = joinAuditFacts({ auditLog: log([role('r1', '2026-06-12T08:00:00Z', 'cy@acme.com', 'owner')]), accessReview: review(null) }, AT);
    expect(never.accessReview).toEqual(review(null));
  });

  it('without an audit log the attestation is left as it is', () => {
    expect(joinAuditFacts({ accessReview: review(REVIEW) }, AT).accessReview).toEqual(review(REVIEW));
  });
});

describe('re-added accounts joined into the tracker and the SCIM users', () => {
  const roster: Slice<RosterEntry[]> = { status: 'ok', provenance: { source: 'export', collectedAt: AT, detail: 'roster.yaml' }, data: [
    { email: 'dee@c.io', type: 'contractor', engagementEnd: '2026-05-31T00:00:00Z' }, { email: 'eve@c.io', type: 'contractor', engagementEnd: '2026-05-31T00:00:00Z' },
  ] };
  const scim: Slice<ScimUser[]> = { status: 'ok', provenance: { source: 'scim', collectedAt: AT }, data: [
    { id: 'u1', userName: 'dee@c.io', email: 'dee@c.io', active: false }, { id: 'u2', userName: 'eve@c.io', email: 'eve@c.io', active: false },
  ] };
  const events = [removed('x1', '2026-06-01T00:00:00Z', 'dee@c.io'), added('a1', '2026-06-03T00:00:00Z', 'dee@c.io'),
    removed('x2', '2026-06-01T00:00:00Z', 'eve@c.io'), added('a2', '2026-06-02T00:00:00Z', 'eve@c.io'), removed('x3', '2026-06-04T00:00:00Z', 'eve@c.io')];

  it('a re-add that still holds is carried by the entry with both events; one removed again is not', () => {
    const out = joinAuditFacts({ auditLog: log(events), roster, scimUsers: scim }, AT);
    const expected = { email: 'dee@c.io', removedAt: '2026-06-01T00:00:00Z', removedEventId: 'x1', addedAt: '2026-06-03T00:00:00Z', addedEventId: 'a1', addedBy: 'scim@acme.com' };
    expect(out.roster!.data!.map((r) => r.reAddedAfterRemoval)).toEqual([expected, undefined]);
    expect(out.scimUsers!.data!.map((u) => u.reAddedAfterRemoval)).toEqual([expected, undefined]);
    expect(out.roster!.provenance.detail).toBe('roster.yaml');
    expect(out.roster!.joined).toEqual([{ source: 'audit-log', fields: ['reAddedAfterRemoval'], detail: 'added back after removal per the audit log (organization.user_added after organization.user_removed, not removed again): dee@c.io (x1 removed, a1 added back)' }]);
    expect(out.scimUsers!.joined).toEqual(out.roster!.joined);
  });

  it('without an audit log, or without a re-add, the lists are unchanged', () => {
    expect(joinAuditFacts({ roster, scimUsers: scim }, AT)).toEqual({ roster, scimUsers: scim });
    const out = joinAuditFacts({ auditLog: log([]), roster, scimUsers: scim }, AT);
    expect(out.roster).toEqual(roster);
    expect(out.scimUsers).toEqual(scim);
  });
});

describe('joins from an audit-log export file', () => {
  it('are labelled as the file, not as Mixpanel\'s record', () => {
    const fromFile: Slice<AuditLog> = { ...log([role('r1', '2026-06-12T08:00:00Z', 'cy@acme.com', 'owner')]), provenance: { source: 'export', collectedAt: AT, detail: 'audit-log export audit.csv (1 events)' } };
    const owner = (email: string): Member => ({ email, orgRole: 'owner', status: 'active' });
    const members: Slice<Member[]> = { status: 'ok', provenance: { source: 'export', collectedAt: AT }, data: [owner('a@acme.com'), owner('b@acme.com'), owner('c@acme.com'), owner('cy@acme.com')] };
    const out = joinAuditFacts({ auditLog: fromFile, accessReview: review(REVIEW), members }, AT);
    expect(out.accessReview!.contradicted).toBeDefined();
    expect(out.accessReview!.joined).toEqual([expect.objectContaining({ source: 'export', fields: ['lastCompleted'], detail: expect.stringMatching(/^audit-log export audit\.csv \(1 events\): user\.role_changed events after the review: r1/) })]);
    expect(out.members!.joined?.every((j) => j.source === 'export')).toBe(true);
    // Read from the API, the same join names the audit log.
    const api = joinAuditFacts({ auditLog: log([role('r1', '2026-06-12T08:00:00Z', 'cy@acme.com', 'owner')]), accessReview: review(REVIEW), members }, AT);
    expect(api.accessReview!.joined).toEqual([expect.objectContaining({ source: 'audit-log' })]);
  });
});

describe('a removed person who accepts a new invitation', () => {
  it('is re-added, by whoever invited them', () => {
    const events = [
      removed('rm', '2026-06-01T00:00:00Z', 'dee@contractor.com'),
      ev('inv', '2026-06-02T00:00:00Z', 'invitation.sent', { userEmail: 'ada@acme.com', entityName: 'dee@contractor.com' }),
      ev('acc', '2026-06-03T00:00:00Z', 'invitation.accepted', { userEmail: 'dee@contractor.com' }),
    ];
    expect(deriveAuditFacts({ events }).reAdded).toEqual([{ email: 'dee@contractor.com', removedAt: '2026-06-01T00:00:00Z', removedEventId: 'rm', addedAt: '2026-06-03T00:00:00Z', addedEventId: 'acc', addedBy: 'ada@acme.com' }]);
    // Accepting an invitation with no removal before it is no re-add.
    expect(deriveAuditFacts({ events: events.slice(1) }).reAdded).toEqual([]);
  });
});
