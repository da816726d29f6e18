import { describe, expect, it } from '@jest/globals';
import { howToSupply, howToSupplyPath, sliceNamed } from '../../src/engine/supply-hints.js';

describe('how to supply what a check lacked', () => {
  it('names the attestations section of an attested slice, absolute or not', () => {
    expect(howToSupply('idpMfa')).toBe('attest it in the --attestations file (section "idpMfa")');
    expect(howToSupplyPath('$.idpMfa.requiredForAllUsers', 'members')).toBe(howToSupply('idpMfa'));
  });

  it('names the members export column of a member field read relative to the members walked', () => {
    expect(howToSupplyPath('orgRole', 'members')).toMatch(/Org Role column; a member list read from SCIM carries no roles$/);
    expect(howToSupplyPath('lastActive', 'members')).toMatch(/Last Active column, or collect the audit log's logins/);
    expect(howToSupplyPath('$.members.twoFactorEnabled', undefined)).toMatch(/2FA column/);
  });

  it('names the project label attestation for a project label', () => {
    expect(howToSupplyPath('environment', 'projects')).toMatch(/section "projects"/);
  });

  it('says nothing where it knows no remedy: an unknown field, a relative path with no slice, a name that is no slice', () => {
    expect(howToSupplyPath('shoeSize', 'members')).toBeUndefined();
    expect(howToSupplyPath('orgRole', undefined)).toBeUndefined();
    expect(howToSupplyPath('$.nothing.orgRole', undefined)).toBeUndefined();
    expect(howToSupplyPath('$.members', undefined)).toBeUndefined();
    expect(sliceNamed('constructor')).toBeUndefined();
    expect(sliceNamed('members')).toBe('members');
  });
});
