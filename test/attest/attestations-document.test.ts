import { describe, expect, it } from '@jest/globals';
import { parseDocument } from 'yaml';
import { updateAttestationsText } from '../../src/attest/attestations-document.js';
import { findDrafts, type DraftContent } from '../../src/attest/draft-block.js';
import { sectionGuide, SECTION_GUIDES } from '../../src/attest/section-guide.js';
import { loadAttestations } from '../../src/collect/inputs/attestations.js';

const draft = (section: string, observed = ['MP-x manual: not supplied']): DraftContent => ({ guide: sectionGuide(section)!, checks: [`MP-x ${section}`], observed });
const none = { attested: new Map<string, Record<string, unknown>>(), replace: new Set<string>() };
const valid = (text: string) => loadAttestations('/tmp/attestations.yaml', '2026-06-01T00:00:00Z', text);

const FILLED = `# Our attestations: reviewed by the security team every quarter.
version: 1

# Renewed after the March review.
twoFactor:
  attestedBy: ciso@example.com   # the CISO herself
  attestedAt: 2026-05-01
  evidence: https://tickets.example.com/SEC-9
  expires: 2027-05-01
  requiredOrgWide: true
`;

describe('updating the attestations file', () => {
  it('a new file: a header, version 1 and one commented draft per section; valid, and deciding nothing', () => {
    const u = updateAttestationsText(undefined, { ...none, drafts: [draft('sso'), draft('scim')] });
    expect(u.draftsWritten).toEqual(['sso', 'scim']);
    const parsed = valid(u.text);
    expect(parsed.slices).toEqual({});
    expect(parseDocument(u.text).toJS()).toEqual({ version: 1 });
    expect(findDrafts(u.text.split('\n'), SECTION_GUIDES).map((d) => [d.section, d.pristine])).toEqual([['sso', true], ['scim', true]]);
  });

  it('keeps a person\'s comments and filled-in sections byte for byte when only drafts are added', () => {
    const u = updateAttestationsText(FILLED, { ...none, drafts: [draft('scim')] });
    expect(u.text.startsWith(FILLED)).toBe(true);
    expect(valid(u.text).slices.twoFactor?.status).toBe('ok');
  });

  it('never writes a draft for a section the file holds, and refuses to replace a filled-in one unless told', () => {
    expect(updateAttestationsText(FILLED, { ...none, drafts: [draft('twoFactor')] }).draftsWritten).toEqual([]);
    const attested = new Map([['twoFactor', { attestedBy: 'x@example.com', attestedAt: '2026-06-01', evidence: 'https://e', expires: '2027-01-01', requiredOrgWide: false }]]);
    expect(() => updateAttestationsText(FILLED, { attested, replace: new Set(), drafts: [] })).toThrow(/filled in/);
    const renewed = updateAttestationsText(FILLED, { attested, replace: new Set(['twoFactor']), drafts: [] });
    expect(valid(renewed.text).slices.twoFactor?.data).toEqual({ requiredOrgWide: false });
    // The Document API keeps the comments around the replaced section.
    expect(renewed.text).toContain('# Our attestations: reviewed by the security team every quarter.');
    expect(renewed.text).toContain('# Renewed after the March review.');
  });

  it('replaces an untouched draft with a fresh one (one copy), and keeps an edited draft as it is', () => {
    const first = updateAttestationsText(FILLED, { ...none, drafts: [draft('scim', ['old observation']), draft('sso')] });
    const second = updateAttestationsText(first.text, { ...none, drafts: [draft('scim', ['new observation']), draft('sso')] });
    expect(second.text.match(/# ---- attest: scim ----/g)).toHaveLength(1);
    expect(second.text).toContain('new observation');
    expect(second.text).not.toContain('old observation');

    const edited = second.text.replace('#   enabled:                     #', '#   enabled: true                #');
    expect(edited).not.toBe(second.text);
    const third = updateAttestationsText(edited, { ...none, drafts: [draft('scim', ['newest']), draft('sso')] });
    expect(third.editedDrafts).toEqual(['scim']);
    expect(third.draftsWritten).toEqual(['sso']);
    expect(third.text).toContain('#   enabled: true');
    expect(third.text).not.toContain('newest');
    expect(third.text.match(/# ---- attest: scim ----/g)).toHaveLength(1);
  });

  it('adds a section a person attested, and records an evidence file\'s sha256, without touching the rest', () => {
    const attested = new Map([['scim', { attestedBy: 'it@example.com', attestedAt: '2026-06-01', evidence: 'https://e', expires: '2027-01-01', enabled: true }]]);
    const u = updateAttestationsText(FILLED, { attested, replace: new Set(), drafts: [draft('scim')], evidence: new Map([['twoFactor', `shot.png sha256:${'a'.repeat(64)}`]]) });
    expect(u.draftsWritten).toEqual([]);
    const parsed = valid(u.text);
    expect(parsed.slices.scim?.data).toEqual({ enabled: true });
    expect(parsed.slices.twoFactor?.provenance.attestation?.evidence).toBe(`shot.png sha256:${'a'.repeat(64)}`);
    expect(u.text).toContain('# the CISO herself');
  });

  it('an uncommented draft left empty is refused by the loader scan uses, at its line', () => {
    const u = updateAttestationsText(undefined, { ...none, drafts: [draft('twoFactor')] });
    const lines = u.text.split('\n');
    const start = lines.indexOf('# twoFactor:');
    const end = lines.indexOf('# ---- end attest: twoFactor ----');
    for (let i = start; i < end; i++) lines[i] = lines[i]!.slice(2);
    expect(() => valid(lines.join('\n'))).toThrow(/attestations\.yaml:\d+:\d+: \/twoFactor\/requiredOrgWide must be boolean/);
  });
});
