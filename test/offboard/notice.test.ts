import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runCli, tempDir } from '../support/run-cli.js';
import { addBusinessDays, calendarDate } from '../../src/offboard/business-days.js';
import { sanitizeValues } from '../../src/offboard/notice.js';

const BASE = ['offboard', 'notice', '--email', 'late@contractor.dev', '--name', 'Lee Late', '--ticket', 'SEC-42', '--date', '2026-05-29'];

describe('offboard notice', () => {
  it('renders the runbook notification from the default template', async () => {
    const r = await runCli([...BASE, '--new-owner', 'Ann Owner', '--dispute-contact', 'security@acme.com']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = r.stdout;
    expect(text.split('\n')[0]).toBe('Subject: Mixpanel access removed for Lee Late');
    expect(text).toContain('late@contractor.dev was removed on 2026-05-29');
    expect(text).toContain('(reference SEC-42)');
    expect(text).toContain('Ann Owner now looks after them');
    // 2026-05-29 is a Friday: five business days later is Friday 2026-06-05.
    expect(text).toContain('let security@acme.com know within 5 business days, that is by 2026-06-05');
  });

  it('without a new owner or contact, says so in plain words', async () => {
    const r = await runCli(BASE);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('have been kept in the organization');
    expect(r.stdout).toContain('please let us know within 5 business days');
  });

  it('renders from a user template, with values as plain text: no HTML escaping, no template evaluation, no line breaks', async () => {
    const dir = tempDir();
    const template = join(dir, 'notice.hbs');
    writeFileSync(template, 'To: {{email}}\nSubject: Access ended for {{name}} ({{ticket}})\n\n{{name}}, see {{disputeContact}} by {{disputeUntil}}.\n');
    const r = await runCli(['offboard', 'notice', '--email', 'late@contractor.dev', '--name', 'O\'Brien & <Sons> {{constructor}}\r\nBcc: all@acme.com', '--ticket', 'SEC-42', '--date', '2026-06-01', '--dispute-contact', 'R&D "Team"', '--dispute-days', '3', '--template', template]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
      'To: late@contractor.dev',
      'Subject: Access ended for O\'Brien & <Sons> {{constructor}} Bcc: all@acme.com (SEC-42)',
      '',
      'O\'Brien & <Sons> {{constructor}} Bcc: all@acme.com, see R&D "Team" by 2026-06-04.',
      '',
    ].join('\n'));
    expect(r.stdout).not.toContain('&amp;');
    expect(r.stdout.split('\n').filter((l) => l.startsWith('Bcc:'))).toEqual([]);
  });

  it('writes to --out atomically', async () => {
    const dir = tempDir();
    const out = join(dir, 'notice.txt');
    const r = await runCli([...BASE, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Notice: ${out}\n`);
    expect(readFileSync(out, 'utf8')).toContain('Subject: Mixpanel access removed for Lee Late');
  });

  it('a template naming an unknown value or with a syntax error is bad input (exit 2, file:line)', async () => {
    const dir = tempDir();
    const unknown = join(dir, 'unknown.hbs');
    writeFileSync(unknown, 'Hello {{name}},\n\nYour manager {{manager}} says bye.\n');
    const a = await runCli([...BASE, '--template', unknown]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/unknown\.hbs:3:\d+: notice template: "manager" not defined/);
    const broken = join(dir, 'broken.hbs');
    writeFileSync(broken, 'Hello\n{{#if name}}unclosed\n');
    const b = await runCli([...BASE, '--template', broken]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/broken\.hbs:3:1: notice template: the template ends inside a block/);
    const c = await runCli([...BASE, '--template', join(dir, 'missing.hbs')]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('missing.hbs: cannot read');
  });

  it('checks its values', async () => {
    expect((await runCli([...BASE.slice(0, -2), '--date', '31/05/2026'])).code).toBe(2);
    expect((await runCli([...BASE, '--dispute-days', '-1'])).code).toBe(2);
    expect((await runCli(['offboard', 'notice', '--email', 'late@contractor.dev', '--name', 'x'])).code).toBe(2);
  });

  it('defaults the date to today (UTC)', async () => {
    const r = await runCli(['offboard', 'notice', '--email', 'late@contractor.dev', '--name', 'Lee', '--ticket', 'T-1'], { now: Date.parse('2026-06-03T23:30:00Z') });
    expect(r.stdout).toContain('removed on 2026-06-03');
  });
});

describe('notice helpers', () => {
  it('business days skip weekends', () => {
    expect(addBusinessDays('2026-05-29', 1)).toBe('2026-06-01');
    expect(addBusinessDays('2026-05-30', 5)).toBe('2026-06-05');
    expect(addBusinessDays('2026-06-01', 0)).toBe('2026-06-01');
  });

  it('plain-text values lose control characters, line separators and direction overrides', () => {
    const hostile = 'a\u2028b\u202Ec\td\u0000e';
    const clean = sanitizeValues({
      name: hostile, email: hostile, date: '2026-06-01', ticket: hostile, reason: hostile,
      newOwner: hostile, disputeContact: null, disputeDays: 5, disputeUntil: '2026-06-08',
    });
    expect([clean.name, clean.email, clean.ticket, clean.reason, clean.newOwner]).toEqual(Array(5).fill('a b c d e'));
    expect(clean.disputeContact).toBeNull();
  });
});

describe('calendar dates of the notice (the one strict date reader)', () => {
  it('reads a date, or a zoned date-time as its UTC date; refuses impossible and zoneless ones', () => {
    expect(calendarDate('2026-06-01')).toBe('2026-06-01');
    expect(calendarDate('2026-06-01T23:30:00-02:00')).toBe('2026-06-02');
    expect(calendarDate('2026-02-31')).toBeUndefined();
    expect(calendarDate('2026-06-01T10:00:00')).toBeUndefined();
    expect(calendarDate('June 1')).toBeUndefined();
  });

  it('counts business days across a weekend and a year end', () => {
    expect(addBusinessDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addBusinessDays('2027-01-01', 1)).toBe('2027-01-04');
  });
});
