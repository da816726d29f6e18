import { afterAll, describe, expect, it } from '@jest/globals';
import { loadMembersCsv } from '../../../src/collect/inputs/members-csv.js';
import { resolveMemberGrants } from '../../../src/collect/merge/member-grants.js';
import { teamsFromMembers } from '../../../src/collect/merge/teams-from-members.js';
import { packagePath } from '../../../src/core/paths.js';
import type { Project } from '../../../src/state/org-state.js';
import { problemsOf, TempFiles } from './temp-files.js';

const tmp = new TempFiles();
afterAll(() => tmp.remove());

const PROJECTS: Project[] = [
  { id: '3001', name: 'Acme Web', environment: null, sensitive: false },
  { id: '3002', name: 'Acme Web Staging', environment: null, sensitive: false },
  { id: '3101', name: 'Acme EU App', environment: null, sensitive: false },
];

describe('members CSV', () => {
  it('reads the example export', () => {
    const { members } = loadMembersCsv(packagePath('examples', 'members.example.csv'));
    expect(members.map((m) => [m.email, m.orgRole, m.status, m.twoFactorEnabled, m.lastActive])).toEqual([
      ['ada@acme.example', 'owner', 'active', true, '2026-06-14T00:00:00Z'],
      ['bob@acme.example', 'admin', 'active', false, '2026-03-01T10:00:00Z'],
      ['cy@acme.example', 'member', 'active', true, null],
      ['dee@contractor.example', 'member', 'invited', undefined, undefined],
    ]);
    expect(members[1]!.projectRoles!.map((g) => [g.ref, g.role, g.via, g.team])).toEqual([
      ['Acme Web Staging', 'analyst', 'direct', undefined],
      ['Acme EU App', 'analyst', 'team', 'Data'],
    ]);
    expect(members[1]!.teams).toEqual(['Data']);
  });

  it('matches column names case-insensitively, with aliases and ";" as delimiter', () => {
    const f = tmp.write('aliases.csv', 'E-MAIL;organization_role;Two-Factor;LAST SEEN;project access\nx@y.example;billing admin;no;2026-01-02 03:04;3001=analyst\n');
    const [m] = loadMembersCsv(f).members;
    expect(m).toEqual({
      // No Status column: whether the person accepted the invitation is unknown, not "active".
      email: 'x@y.example', orgRole: 'billing_admin', twoFactorEnabled: false, lastActive: '2026-01-02T03:04:00Z',
      projectRoles: [{ ref: '3001', role: 'analyst', via: 'direct', line: 2, column: 47 }],
    });
  });

  it('unknown columns are ignored and named together in one warning, with their places', () => {
    const f = tmp.write('unknown.csv', 'Email,Favourite Colour,Org Role,Shoe Size\na@b.example,blue,Owner,42\n');
    const { members, warnings } = loadMembersCsv(f);
    expect(members).toEqual([{ email: 'a@b.example', orgRole: 'owner' }]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('2 columns not read');
    expect(warnings[0]).toContain('"Favourite Colour" (1:7), "Shoe Size" (1:33)');
  });

  it('a file whose columns all match has no warning', () => {
    const f = tmp.write('known.csv', 'Email,Org Role\na@b.example,Owner\n');
    expect(loadMembersCsv(f).warnings).toEqual([]);
  });

  it('a missing required column is an error naming it, its aliases and the unrecognised columns', () => {
    const f = tmp.write('norole.csv', 'Email,Name,Org Rol\na@b.example,A,Owner\n');
    expect(problemsOf(() => loadMembersCsv(f), tmp.dir)).toEqual([
      'norole.csv:1:1: missing required column "Org Role" (also accepted: role, organization role, organisation role); the file\'s unrecognised columns are "Org Rol"',
    ]);
  });

  it('members.columns maps a site\'s column names to the fields, ahead of the built-in aliases', () => {
    const f = tmp.write('mapped.csv', 'Work Email,Access Level,Role,MFA On\na@b.example,Admin,Data; Web,yes\n');
    const { members, warnings } = loadMembersCsv(f, { 'work email': 'email', 'Access Level': 'orgRole', Role: 'teams', 'MFA On': 'twoFactor' });
    expect(members).toEqual([{ email: 'a@b.example', orgRole: 'admin', teams: ['Data', 'Web'], twoFactorEnabled: true }]);
    expect(warnings).toEqual([]);
    // Without the mapping the same file has no Email column: refused, naming what it could not read.
    expect(problemsOf(() => loadMembersCsv(f), tmp.dir)[0]).toMatch(/^mapped\.csv:1:1: missing required column "Email" .*"Work Email", "Access Level", "MFA On"/);
  });

  it('a mapping that names no column of the file is warned about', () => {
    const f = tmp.write('unmapped.csv', 'Email,Org Role\na@b.example,Owner\n');
    expect(loadMembersCsv(f, { 'Last Login (UTC)': 'lastActive' }).warnings).toEqual([
      expect.stringContaining('members.columns names "Last Login (UTC)", not a column of this file'),
    ]);
  });

  it('every problem of the file is reported at once: header and rows, in file order', () => {
    const f = tmp.write('many.csv', [
      'Email,Org Role,Role,Last Active',
      'a@b.example,Ownr,x,2026-01-01',
      'b@b.example,Member,x,soon',
    ].join('\n'));
    expect(problemsOf(() => loadMembersCsv(f), tmp.dir)).toEqual([
      'many.csv:1:16: columns "Org Role" and "Role" are both the Org Role column',
      'many.csv:2:13: unknown organization role "Ownr" (expected Owner, Admin, Billing Admin, Member)',
      'many.csv:3:22: not a date: "soon" (write 2026-01-31, a date-time, or "never")',
    ]);
  });

  it('more than a thousand problems are listed up to a thousand, then counted', () => {
    const rows = Array.from({ length: 1005 }, (_, i) => `p${i}@b.example,Nobody`);
    const f = tmp.write('flood.csv', ['Email,Org Role', ...rows].join('\n'));
    const problems = problemsOf(() => loadMembersCsv(f), tmp.dir);
    expect(problems).toHaveLength(1001);
    expect(problems[1000]).toBe('flood.csv: and 5 more problems in this file');
  });

  it('value problems point at the cell, after a multi-line quoted cell too', () => {
    const f = tmp.write('values.csv', [
      'Email,Name,Org Role,Last Active,Projects',
      'a@b.example,"Ann',
      'Multi",Owner,2026-01-01,',
      'b@b.example,Bo,Ownr,2026-01-01,',
      'c@b.example,Cy,Member,yesterday,Web analyst',
      'A@B.example,Dup,Member,,',
    ].join('\n'));
    expect(problemsOf(() => loadMembersCsv(f), tmp.dir)).toEqual([
      'values.csv:4:16: unknown organization role "Ownr" (expected Owner, Admin, Billing Admin, Member)',
      'values.csv:5:23: not a date: "yesterday" (write 2026-01-31, a date-time, or "never")',
      'values.csv:5:33: cannot read project grant "Web analyst": write "Project (role)" or "Project: role", several separated by ";"',
      'values.csv:6:1: a@b.example appears twice (also on line 2)',
    ]);
  });

  it('broken CSV quoting is reported with its line', () => {
    const f = tmp.write('quote.csv', 'Email,Org Role\n"a@b.example,Owner\n');
    expect(problemsOf(() => loadMembersCsv(f), tmp.dir)[0]).toMatch(/^quote\.csv:2:1: not valid CSV: Quote Not Closed/);
  });

  it('project names become ids; unknown ones are kept and reported at their cell', () => {
    const f = tmp.write('grants.csv', 'Email,Org Role,Projects\na@b.example,Member,Acme Web (Admin); acme eu app: analyst; Gone Project (consumer)\n');
    const { members, warnings } = resolveMemberGrants('grants.csv', loadMembersCsv(f).members, PROJECTS);
    expect(members[0]!.projectRoles).toEqual([
      { projectId: '3001', role: 'admin', via: 'direct' },
      { projectId: '3101', role: 'analyst', via: 'direct' },
      { projectId: 'Gone Project', role: 'consumer', via: 'direct' },
    ]);
    expect(warnings).toEqual(['grants.csv:2:20: project "Gone Project" is not among the projects this service account sees']);
  });

  it('teams come from the Teams column and from grants via a team', () => {
    const { members } = loadMembersCsv(packagePath('examples', 'members.example.csv'));
    const resolved = resolveMemberGrants('m.csv', members, PROJECTS).members;
    expect(teamsFromMembers(resolved)).toEqual([
      { id: 'Data', name: 'Data', members: ['bob@acme.example', 'cy@acme.example'], projectRoles: [{ projectId: '3101', role: 'analyst' }] },
    ]);
  });
});

describe('members export without a Projects or Teams column', () => {
  it('leaves grants and teams unknown (absent), while an empty cell of a present column is "none"', () => {
    const without = tmp.write('without.csv', 'Email,Org Role\nada@acme.example,owner\n');
    const [a] = loadMembersCsv(without).members;
    expect(a).not.toHaveProperty('projectRoles');
    expect(a).not.toHaveProperty('teams');
    const empty = tmp.write('empty.csv', 'Email,Org Role,Projects,Teams\nada@acme.example,owner,,\n');
    const [b] = loadMembersCsv(empty).members;
    expect(b!.projectRoles).toEqual([]);
    expect(b!.teams).toEqual([]);
  });
});
