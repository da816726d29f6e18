import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { loadAttestations } from '../../../src/collect/inputs/attestations.js';
import { InputError } from '../../../src/core/errors.js';
import { packagePath } from '../../../src/core/paths.js';
import { ATTESTED_SLICES } from '../../../src/state/org-state.js';
import { problemsOf, TempFiles } from './temp-files.js';

const tmp = new TempFiles();
afterAll(() => tmp.remove());
const EXAMPLE = packagePath('examples', 'attestations.example.yaml');
const AT = '2026-06-15T12:00:00Z';

const SIGNED = `  attestedBy: Ada@Acme.example
  attestedAt: 2026-05-01
  evidence: SEC-1
  expires: 2026-11-01T00:00:00Z
`;

describe('attestations file', () => {
  it('the example covers every attested slice and the project labels', () => {
    const a = loadAttestations(EXAMPLE, AT);
    expect(Object.keys(a.slices).sort()).toEqual([...ATTESTED_SLICES].sort());
    expect(a.projectLabels!.labels).toHaveLength(4);
    expect(a.organization).toEqual({ id: '4242', name: 'Acme Analytics', region: 'US' });
  });

  it('turns a section into a slice signed by its attestation, dates and emails normalized', () => {
    const a = loadAttestations(EXAMPLE, AT);
    expect(a.slices.sso).toEqual({
      status: 'ok',
      provenance: {
        source: 'attestation', collectedAt: AT, detail: 'attestations.example.yaml section "sso"',
        attestation: {
          attestedBy: 'ada@acme.example', attestedAt: '2026-05-01T00:00:00Z',
          evidence: 'https://wiki.acme.example/security/mixpanel-sso (screenshot of Access Security, 2026-05-01)', expires: '2027-05-01T00:00:00Z',
        },
      },
      data: { configured: true, enforced: true, claimedDomains: [{ domain: 'acme.example', verified: true }], breakGlassAccounts: [{ email: 'breakglass@acme.example', documented: true }] },
    });
    expect(a.slices.accessReview!.data).toEqual({ lastCompleted: '2026-04-14T00:00:00Z', reviewer: 'ada@acme.example' });
    expect(a.slices.serviceAccountOwners!.data![0]).toEqual({ username: 'ci-export.8f2c1a.mp-service-account', owner: 'bob@acme.example', purpose: 'Nightly export of events to the warehouse' });
  });

  it('carries the IdP\'s MFA requirement for all users when attested, and leaves it unknown when not', () => {
    expect(loadAttestations(EXAMPLE, AT).slices.idpMfa!.data!.requiredForAllUsers).toBe(true);
    const without = tmp.write('idp-without.yaml', `version: 1\nidpMfa:\n${SIGNED}  phishingResistantForAdmins: false\n`);
    const data = loadAttestations(without, AT).slices.idpMfa!.data!;
    expect(data).toEqual({ phishingResistantForAdmins: false });
    expect('requiredForAllUsers' in data).toBe(false);
    const wrong = tmp.write('idp-wrong.yaml', `version: 1\nidpMfa:\n${SIGNED}  phishingResistantForAdmins: false\n  requiredForAllUsers: "yes"\n`);
    expect(problemsOf(() => loadAttestations(wrong, AT), tmp.dir)).toEqual(['idp-wrong.yaml:8:24: /idpMfa/requiredForAllUsers must be boolean']);
  });

  it('reports an unknown field and a missing one, with line and column', () => {
    const f = tmp.write('typo.yaml', `version: 1\nsso:\n${SIGNED}  configured: true\n  enforcd: true\n  claimedDomains: []\n  breakGlassAccounts: []\n`);
    // ajv reports an unknown property at the object that holds it; the message names the property.
    expect(problemsOf(() => loadAttestations(f, AT), tmp.dir)).toEqual([
      'typo.yaml:3:3: /sso missing required property "enforced"',
      'typo.yaml:3:3: /sso unknown property "enforcd"',
    ]);
  });

  it('requires the four signature fields in every section', () => {
    const f = tmp.write('unsigned.yaml', 'version: 1\ntwoFactor:\n  requiredOrgWide: true\n');
    const problems = problemsOf(() => loadAttestations(f, AT), tmp.dir);
    for (const field of ['attestedBy', 'attestedAt', 'evidence', 'expires']) {
      expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^unsigned\\.yaml:3:3: /twoFactor missing required property "${field}"$`)));
    }
  });

  it('rejects an expiry that is not after the attestation, at the expiry\'s line', () => {
    const f = tmp.write('backwards.yaml', 'version: 1\nscim:\n  attestedBy: a@b.example\n  attestedAt: 2026-05-01\n  evidence: x\n  expires: 2026-04-01\n  enabled: true\n');
    expect(problemsOf(() => loadAttestations(f, AT), tmp.dir)).toEqual(['backwards.yaml:6:12: /scim/expires expires (2026-04-01) is not after attestedAt (2026-05-01)']);
  });

  it('rejects a date that is not a date', () => {
    const f = tmp.write('date.yaml', 'version: 1\nscim:\n  attestedBy: a@b.example\n  attestedAt: last tuesday\n  evidence: x\n  expires: 2026-04-01\n  enabled: true\n');
    const problems = problemsOf(() => loadAttestations(f, AT), tmp.dir);
    expect(problems[0]).toMatch(/^date\.yaml:4:15: \/scim\/attestedAt must match format "date/);
  });

  it('rejects a project labeled twice', () => {
    const f = tmp.write('dup.yaml', `version: 1\nprojects:\n${SIGNED}  labels:\n    - { id: 1, environment: production }\n    - { id: "1", sensitive: true }\n`);
    expect(problemsOf(() => loadAttestations(f, AT), tmp.dir)).toEqual(['dup.yaml:9:13: /projects/labels/1/id project 1 is labeled twice (also at labels[0])']);
  });

  it('reports YAML syntax errors with a position', () => {
    const f = tmp.write('broken.yaml', 'version: 1\nsso: [\n');
    expect(() => loadAttestations(f, AT)).toThrow(InputError);
    expect(problemsOf(() => loadAttestations(f, AT), tmp.dir)[0]).toMatch(/^broken\.yaml:\d+:\d+: /);
  });

  it('the schema file is the one documented in the example header', () => {
    expect(readFileSync(EXAMPLE, 'utf8')).toContain('$schema=../schemas/attestations.schema.json');
  });
});
