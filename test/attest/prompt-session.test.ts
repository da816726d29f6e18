import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAnswer } from '../../src/attest/field-answer.js';
import { runSession, type Asker, type SessionContext } from '../../src/attest/prompt-session.js';
import { sectionGuide } from '../../src/attest/section-guide.js';
import { tempDir } from '../support/run-cli.js';

/** Answers from a script; undefined once it runs out (the end of input). */
function scripted(answers: string[]): Asker & { asked: string[] } {
  const asked: string[] = [];
  return { asked, ask: async (q) => { asked.push(q); return answers.shift(); } };
}

function context(asker: Asker, dir: string, said: string[] = []): SessionContext {
  return { today: '2026-06-01', maxAge: 'P365D', cwd: dir, attestationsFile: join(dir, 'attestations.yaml'), say: (t) => said.push(t), asker };
}

const item = (section: string) => ({ guide: sectionGuide(section)!, header: [`== ${section}`] });

describe('field answers', () => {
  it.each([
    ['boolean', 'yes', true], ['boolean', 'No', false], ['date', '2026-05-31', '2026-05-31'], ['date-or-never', 'never', null],
    ['integer', '400', 400], ['emails', 'a@x.com, b@y.org', ['a@x.com', 'b@y.org']], ['texts', 'none', []], ['ids', '123, 456', ['123', '456']],
  ] as const)('%s reads %j', (kind, text, value) => {
    expect(readAnswer(kind, text)).toEqual({ ok: true, value });
  });
  it.each([
    ['boolean', 'maybe'], ['date', '2026-02-30'], ['date', '31/05/2026'], ['date-or-never', ''], ['integer', '-1'], ['integer', '4.5'],
    ['emails', 'a@x.com, bob'], ['texts', ''], ['text', '   '], ['ids', 'p 1'],
  ] as const)('%s refuses %j', (kind, text) => {
    expect(readAnswer(kind, text).ok).toBe(false);
  });
});

describe('the interactive session', () => {
  it('attests a section from typed answers: defaults for dates, the evidence file\'s sha256, bad answers asked again', async () => {
    const dir = tempDir('mph-ask-');
    writeFileSync(join(dir, 'policy.pdf'), 'the IdP policy export');
    const sha = createHash('sha256').update('the IdP policy export').digest('hex');
    const asker = scripted(['yes', 'ciso@example.com', '2026-07-01', '', 'missing.pdf', 'policy.pdf', '', 'perhaps', 'yes']);
    const said: string[] = [];
    const out = await runSession([item('twoFactor')], context(asker, dir, said));
    expect(out.ended).toBe(false);
    expect(out.attested.get('twoFactor')).toEqual({
      attestedBy: 'ciso@example.com', attestedAt: '2026-06-01', evidence: `policy.pdf sha256:${sha}`, expires: '2027-06-01', requiredOrgWide: true,
    });
    expect(said.join('')).toMatch(/a date after today/);
    expect(said.join('')).toMatch(/missing\.pdf is neither a link/);
    expect(said.join('')).toMatch(/answer yes or no/);
  });

  it('skips a section answered no, asks records one by one, and leaves out optional fields given no answer', async () => {
    const dir = tempDir('mph-ask-');
    const asker = scripted([
      'no',
      'y', 'grc@example.com', '', 'https://wiki.example.com/sa-register', '2026-12-31',
      'yes', 'etl-prod', 'data@example.com', 'nightly export', 'yes', 'ci-bot', 'dev@example.com', 'CI', 'no',
      'yes', 'bob@example.com', '', 'https://t.example.com/1', '', 'true', '', '',
    ]);
    const out = await runSession([item('twoFactor'), item('serviceAccountOwners'), item('idpMfa')], context(asker, dir));
    expect([...out.attested.keys()]).toEqual(['serviceAccountOwners', 'idpMfa']);
    expect(out.attested.get('serviceAccountOwners')!.accounts).toEqual([
      { username: 'etl-prod', owner: 'data@example.com', purpose: 'nightly export' },
      { username: 'ci-bot', owner: 'dev@example.com', purpose: 'CI' },
    ]);
    expect(out.attested.get('idpMfa')).toEqual({ attestedBy: 'bob@example.com', attestedAt: '2026-06-01', evidence: 'https://t.example.com/1', expires: '2027-06-01', phishingResistantForAdmins: true });
  });

  it('at the end of input keeps the sections finished, drops the one half answered', async () => {
    const dir = tempDir('mph-ask-');
    const asker = scripted(['yes', 'a@example.com', '', 'https://e.example.com', '', 'no', 'yes', 'b@example.com']);
    const out = await runSession([item('twoFactor'), item('scim')], context(asker, dir));
    expect(out.ended).toBe(true);
    expect([...out.attested.keys()]).toEqual(['twoFactor']);
  });
});
