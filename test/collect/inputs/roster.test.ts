import { afterAll, describe, expect, it } from '@jest/globals';
import { loadRoster } from '../../../src/collect/inputs/roster.js';
import { packagePath } from '../../../src/core/paths.js';
import { problemsOf, TempFiles } from './temp-files.js';

const tmp = new TempFiles();
afterAll(() => tmp.remove());

describe('roster', () => {
  it('reads the YAML example', () => {
    const { entries } = loadRoster(packagePath('examples', 'roster.example.yaml'));
    expect(entries).toContainEqual({
      email: 'dee@contractor.example', name: 'Dee Contractor', type: 'contractor', organization: 'Contract Co',
      engagementEnd: '2026-05-31T00:00:00Z', approver: 'bob@acme.example', ticket: 'HR-311',
    });
    expect(entries.find((e) => e.email === 'ada@acme.example')!.engagementEnd).toBeNull();
  });

  it('reads CSV with aliases, and a top-level YAML list, to the same entries', () => {
    const csv = tmp.write('r.csv', 'Work Email,Worker Type,Vendor,End Date,Sponsor,Jira\nDee@Contractor.example,Consultant,Contract Co,2026-05-31,Bob@Acme.example,HR-311\n');
    const yaml = tmp.write('r.yaml', '- email: dee@contractor.example\n  type: contractor\n  organization: Contract Co\n  engagementEnd: 2026-05-31\n  approver: bob@acme.example\n  ticket: HR-311\n');
    expect(loadRoster(csv).entries).toEqual(loadRoster(yaml).entries);
  });

  it('CSV problems point at the cell', () => {
    const f = tmp.write('bad.csv', 'Email,Type,Engagement End\na@b.example,robot,\nnot-an-email,employee,\nc@b.example,agency,next year\n');
    expect(problemsOf(() => loadRoster(f), tmp.dir)).toEqual([
      'bad.csv:2:13: unknown type "robot" (expected employee, contractor, agency or temporary)',
      'bad.csv:3:1: not an email address: "not-an-email"',
      'bad.csv:4:20: not a date: "next year" (write 2026-01-31, or "none" for open-ended)',
    ]);
  });

  it('YAML problems point at the field', () => {
    const f = tmp.write('bad.yaml', 'entries:\n  - email: a@b.example\n    type: employee\n    team: data\n  - email: b@b.example\n    type: employee\n  - email: A@b.example\n    type: agency\n');
    expect(problemsOf(() => loadRoster(f), tmp.dir)).toEqual([
      'bad.yaml:4:11: /entries/0/team unknown field "team" (known: email, name, type, organization, engagementEnd, approver, ticket)',
      'bad.yaml:7:5: /entries/2 a@b.example is listed twice (also on line 2)',
    ]);
  });

  it('an unknown CSV column is an error naming it', () => {
    const f = tmp.write('col.csv', 'Email,Type,Salary\na@b.example,employee,1\n');
    expect(problemsOf(() => loadRoster(f), tmp.dir)[0]).toMatch(/^col\.csv:1:12: unknown column "Salary"/);
  });
});
