import { afterAll, describe, expect, it } from '@jest/globals';
import { loadInputs } from '../../../src/collect/inputs/load-inputs.js';
import { loadLexiconCsv, parseLexiconArg } from '../../../src/collect/inputs/lexicon-csv.js';
import { lexiconFromExports } from '../../../src/collect/inputs/lexicon-slice.js';
import { problemsOf, TempFiles } from './temp-files.js';

const tmp = new TempFiles();
afterAll(() => tmp.remove());
const AT = '2026-06-01T00:00:00Z';

const EXPORT = `Entity Type,Event Name,Property Name,Description,Hidden,Dropped,Sensitive
Event,Signed Up,,A sign-up,No,No,No
Event Property,Signed Up,email,Address typed in,No,No,Yes
Event Property,Signed Up,phone,,Yes,No,No
User Property,,plan,,No,No,No
User Property,,$name,,,,
`;

describe('Lexicon CSV export', () => {
  it('reads each property row with its flags; event rows are skipped; blank flags stay unknown', () => {
    const f = tmp.write('web.csv', EXPORT);
    const e = loadLexiconCsv(f, '100');
    expect(e.projectIds).toEqual(['100']);
    expect(e.properties).toEqual([
      { projectId: '100', entity: 'Event Property:Signed Up', name: 'email', sensitive: true, hidden: false, dropped: false },
      { projectId: '100', entity: 'Event Property:Signed Up', name: 'phone', sensitive: false, hidden: true, dropped: false },
      { projectId: '100', entity: 'User Property', name: 'plan', sensitive: false, hidden: false, dropped: false },
      { projectId: '100', entity: 'User Property', name: '$name' },
    ]);
  });

  it('takes the project from a Project ID column when none is given, and refuses a mismatch', () => {
    const f = tmp.write('cols.csv', 'Project ID,Property Name,Classified\n200,email,true\n300,email,false\n');
    expect(loadLexiconCsv(f).projectIds).toEqual(['200', '300']);
    expect(problemsOf(() => loadLexiconCsv(f, '200'), tmp.dir)).toEqual(['cols.csv:3:1: the row is for project 300, but the file was given for project 200']);
  });

  it('refuses an export without a Sensitive column: it cannot show classification', () => {
    const f = tmp.write('nosens.csv', 'Property Name,Hidden\nemail,No\n');
    expect(problemsOf(() => loadLexiconCsv(f, '100'), tmp.dir)[0]).toMatch(/^nosens\.csv:1:1: missing required column "Sensitive"/);
  });

  it('refuses a flag that is not yes or no, and a row without a project, each at its cell', () => {
    const f = tmp.write('bad.csv', 'Property Name,Sensitive\nemail,maybe\n');
    expect(problemsOf(() => loadLexiconCsv(f, '100'), tmp.dir)).toEqual(['bad.csv:2:7: Sensitive must be yes/no (true/false), not "maybe"']);
    const g = tmp.write('noproj.csv', 'Property Name,Sensitive\nemail,yes\n');
    expect(problemsOf(() => loadLexiconCsv(g), tmp.dir)[0]).toContain('no project: name it on the command line as --lexicon <project id>=<file>');
  });

  it('refuses a property name longer than the state allows', () => {
    const f = tmp.write('long.csv', `Property Name,Sensitive\n${'p'.repeat(501)},yes\n`);
    expect(problemsOf(() => loadLexiconCsv(f, '100'), tmp.dir)).toEqual(['long.csv:2:1: Property Name is 501 characters, above 500']);
  });

  it('parses --lexicon arguments with and without a project id', () => {
    expect(parseLexiconArg('123=exports/web.csv')).toEqual({ projectId: '123', file: 'exports/web.csv' });
    expect(parseLexiconArg('exports/a=b.csv')).toEqual({ file: 'exports/a=b.csv' });
  });

  it('refuses two exports of the same project', () => {
    const a = tmp.write('a.csv', 'Property Name,Sensitive\nemail,yes\n');
    const b = tmp.write('b.csv', 'Property Name,Sensitive\nemail,no\n');
    expect(problemsOf(() => loadInputs({ lexicon: [{ projectId: '1', file: a }, { projectId: '1', file: b }] }, AT), tmp.dir)[0]).toContain('project 1 is also described by');
  });

  it('makes an ok slice only when every project is covered; otherwise missing, naming the projects to export', () => {
    const a = loadLexiconCsv(tmp.write('p1.csv', 'Property Name,Sensitive\nemail,no\n'), '1');
    const projects = [{ id: '1', name: 'Web' }, { id: '2', name: 'App' }];
    const partial = lexiconFromExports([a], projects, AT);
    expect(partial.status).toBe('missing');
    expect(partial.reason).toContain('cover 1 of 2 projects; export Lexicon for App (2)');
    expect(partial.data).toBeUndefined();
    const full = lexiconFromExports([a], projects.slice(0, 1), AT);
    expect(full).toMatchObject({ status: 'ok', provenance: { source: 'export' }, data: [{ projectId: '1', name: 'email', sensitive: false }] });
  });
});
