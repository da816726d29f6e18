import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { tempDir } from '../support/run-cli.js';
import { removalWindow } from '../../src/offboard/engagement.js';
import { describePerson, indexState } from '../../src/offboard/person-state.js';
import { appendToTracker, openTracker } from '../../src/offboard/tracker-file.js';
import { TRACKER_COLUMNS, type TrackerRecord } from '../../src/offboard/tracker.js';
import { slug } from '../../src/offboard/document-files.js';
import { BEFORE, PERSON, loadFixture } from './support.js';

const record = (person: string): TrackerRecord => Object.fromEntries(TRACKER_COLUMNS.map((c) => [c, c === 'Person' ? person : ''])) as TrackerRecord;

describe('tracker file', () => {
  it('an empty file gets the header; a file without a final line break gets one before the new row', () => {
    const dir = tempDir();
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    appendToTracker(openTracker(empty), [record('a@x.io')]);
    expect(readFileSync(empty, 'utf8')).toBe(`${TRACKER_COLUMNS.join(',')}\r\n,a@x.io,,,,,,,,,,,,\r\n`);
    const open = join(dir, 'open.csv');
    writeFileSync(open, `${TRACKER_COLUMNS.join(',')}\n,old@x.io,,,,,,,,,,,,`);
    appendToTracker(openTracker(open), [record('b@x.io'), record('c@x.io')]);
    expect(readFileSync(open, 'utf8').split('\n').slice(1)).toEqual([',old@x.io,,,,,,,,,,,,', ',b@x.io,,,,,,,,,,,,', ',c@x.io,,,,,,,,,,,,', '']);
  });

  it('matches column names loosely (case, spaces, underscores) and quotes per RFC 4180', () => {
    const dir = tempDir();
    const file = join(dir, 't.csv');
    writeFileSync(file, `${TRACKER_COLUMNS.map((c) => c.toUpperCase().replace(/ /g, '_')).join(',')}\r\n`);
    const r = record('a@x.io');
    r.Justification = 'Contract ended, "early"\nper SOW';
    appendToTracker(openTracker(file), [r]);
    expect(readFileSync(file, 'utf8')).toContain(',"Contract ended, ""early""\nper SOW",');
  });
});

describe('person description', () => {
  it('finds other members who may be the same person', () => {
    const state = loadFixture(BEFORE);
    state.slices.members!.data!.push(
      { email: 'late+old@contractor.dev', orgRole: 'member', status: 'active', projectRoles: [], teams: [] },
      { email: 'late@gmail.com', orgRole: 'member', status: 'invited', projectRoles: [], teams: [] },
      { email: 'someone@acme.com', name: 'lee late', orgRole: 'member', status: 'active', projectRoles: [], teams: [] },
    );
    const p = describePerson(indexState(state, Date.parse('2026-05-31T00:00:00Z')), PERSON);
    expect(p.similarAccounts).toEqual(['late+old@contractor.dev', 'late@gmail.com', 'someone@acme.com']);
  });

  it('after deletion, finds service accounts by the creator id the plan remembered', () => {
    const state = loadFixture(BEFORE);
    state.slices.members!.data = state.slices.members!.data!.filter((m) => m.email !== PERSON);
    for (const sa of state.slices.serviceAccounts!.data!) {
      sa.creatorId = sa.creatorEmail === PERSON ? 'u-17' : null;
      delete sa.creatorEmail;
    }
    const index = indexState(state, Date.parse('2026-06-02T00:00:00Z'));
    expect(describePerson(index, PERSON, 'u-17').serviceAccounts.map((s) => s.username)).toEqual(['etl-late', 'looker-sync', 'old-late']);
    // Without the id, the same accounts are of unknown creator: a person must check them.
    const unknown = describePerson(index, PERSON);
    expect(unknown.serviceAccounts).toEqual([]);
    expect(unknown.serviceAccountsOfUnknownCreator.map((s) => s.username)).toEqual(['etl-late', 'looker-sync', 'old-late', 'ci']);
  });
});

describe('small helpers', () => {
  it('removal window arithmetic', () => {
    expect(removalWindow('2026-05-29T00:00:00Z', Date.parse('2026-05-30T00:59:00Z'))).toMatchObject({ hoursPastWindow: 0 });
    expect(removalWindow('2026-05-29T00:00:00Z', Date.parse('2026-05-30T01:00:00Z'))).toMatchObject({ hoursPastWindow: 1 });
    expect(removalWindow('2026-05-29T00:00:00Z', 0, 'P3D')).toMatchObject({ windowHours: 72, removalDueBy: '2026-06-01T00:00:00Z' });
    expect(removalWindow('not a date', 0)).toBeUndefined();
  });

  it('file-name hints are safe', () => {
    expect(slug('SEC-42')).toBe('sec-42');
    expect(slug('../../etc/passwd')).toBe('etc-passwd');
    expect(slug('Lee.Late@contractor.dev')).toBe('lee-late');
    expect(slug('@@@')).toBe('person');
  });
});
