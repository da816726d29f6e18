import { afterAll, describe, expect, it } from '@jest/globals';
import { loadMembersCsv } from '../../src/collect/inputs/members-csv.js';
import { loadRoster } from '../../src/collect/inputs/roster.js';
import { AUDIT_TYPE_AVAILABLE_SINCE, type ReadAuditType } from '../../src/collect/audit/event-types.js';
import { TempFiles } from '../collect/inputs/temp-files.js';
import { auditPage, COVERAGE_NOW, coverageMembersCsv, coverageOrg, coverageRosterYaml } from '../support/fake-mixpanel/index.js';

// The organization `npm run coverage` scans (scripts/coverage.mjs): its audit log must hold every
// event type the scanner derives facts from, in the wire shape, and its two files must load cleanly.
const tmp = new TempFiles();
afterAll(() => tmp.remove());

const EVENT_TYPES = [
  'session.logged_in', 'invitation.sent', 'invitation.accepted', 'project.default_access_granted', 'project.default_access_revoked',
  'organization_access_security.twofactor_enabled', 'organization_access_security.twofactor_disabled', 'user.twofactor_disabled',
  'user.role_changed', 'organization.user_added', 'organization.user_removed', 'event_export.downloaded', 'raw_event_export.requested',
  'profile_export.downloaded', 'board.exported', 'board.public_access_updated', 'user_data_deletion.created',
];

describe('the coverage fixture organization', () => {
  const org = coverageOrg();
  const now = Date.parse(COVERAGE_NOW);

  it('its audit log holds each event type the scanner reads, none before Mixpanel began recording it', () => {
    const types = new Set(org.auditEvents.map((e) => e.type));
    expect(EVENT_TYPES.filter((t) => !types.has(t))).toEqual([]);
    for (const e of org.auditEvents) {
      const at = Date.parse(e.created);
      expect(at).toBeLessThan(now);
      expect(at).toBeGreaterThanOrEqual(Date.parse(AUDIT_TYPE_AVAILABLE_SINCE[e.type as ReadAuditType]));
    }
    // A login older than the 90-day limit is on record (Eli's, 120 days before).
    expect(org.auditEvents.some((e) => e.type === 'session.logged_in' && e.userEmail === 'eli@northwind.example' && Date.parse(e.created) < now - 90 * 86_400_000)).toBe(true);
  });

  it('its entries expire after its retention (Enterprise: two years), and expired ones are no longer served', () => {
    const end = COVERAGE_NOW;
    // Oldest first, so that the first page holds the oldest entries served.
    const served = (o: typeof org) => auditPage(o, { pageSize: 100, order: 'asc', createdBefore: end, types: ['session.logged_in'] }) as { results: { created: string; ttl_timestamp: string }[] };
    const page = served(org);
    expect(page.results.some((r) => Date.parse(r.created) < now - 90 * 86_400_000)).toBe(true);
    for (const r of page.results) expect(Date.parse(r.ttl_timestamp) - Date.parse(r.created)).toBe(730 * 86_400_000);
    const growth = { ...org, auditRetentionDays: 90 };
    const kept = served(growth).results;
    expect(kept.length).toBeGreaterThan(0);
    for (const r of kept) {
      expect(Date.parse(r.ttl_timestamp) - Date.parse(r.created)).toBe(90 * 86_400_000);
      expect(Date.parse(r.ttl_timestamp)).toBeGreaterThan(Date.parse(end));
    }
    expect(kept.some((r) => Date.parse(r.created) < now - 90 * 86_400_000)).toBe(false);
  });

  it('serves them in the audit-log API shape, filtered by `types` when asked', () => {
    const page = auditPage(org, { pageSize: 100, order: 'desc', types: ['user.role_changed'] }) as { results: { entity: Record<string, unknown>; project_id: unknown }[] };
    expect(page.results).toHaveLength(2);
    expect(page.results[0]!.entity).toMatchObject({ entity_type: 'user', action: 'role_changed', type: 'user.role_changed', payload: { old_role: 'admin', new_role: 'owner' } });
    // An organization-only event has no project.
    expect(page.results[0]!.project_id).toBeNull();
  });

  it('its members export and roster load without a problem or a warning', () => {
    const members = loadMembersCsv(tmp.write('members.csv', coverageMembersCsv()));
    expect(members.warnings).toEqual([]);
    expect(members.members).toHaveLength(13);
    expect(loadRoster(tmp.write('roster.yaml', coverageRosterYaml())).entries).toHaveLength(13);
  });
});
