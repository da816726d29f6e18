import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, UsageError } from '../../src/core/errors.js';
import { loadSecrets } from '../../src/mixpanel/credentials.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mph-cred-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string, mode = 0o600): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  chmodSync(p, mode);
  return p;
}

const SECRET = 'very-secret-value-123';

describe('loadSecrets', () => {
  it('reads the service account and SCIM token from the environment', () => {
    const s = loadSecrets({ env: { MIXPANEL_SERVICE_ACCOUNT_USERNAME: 'svc', MIXPANEL_SERVICE_ACCOUNT_SECRET: SECRET, MIXPANEL_SCIM_TOKEN: 'scim-tok-1234' } });
    expect(s.serviceAccount).toEqual({ username: 'svc', secret: SECRET, origin: 'environment' });
    expect(s.scimToken).toBe('scim-tok-1234');
  });

  it('names the missing variables, and the role needed', () => {
    let err: unknown;
    try {
      loadSecrets({ env: { MIXPANEL_SERVICE_ACCOUNT_USERNAME: 'svc' } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain('set MIXPANEL_SERVICE_ACCOUNT_SECRET in the environment');
    expect((err as Error).message).toContain('Owner or Admin');
  });

  it('reads a credentials file, which wins over the environment', () => {
    const p = file('c.yaml', `username: file-user\nsecret: ${SECRET}\n`);
    const s = loadSecrets({ credentialsFile: p, env: { MIXPANEL_SERVICE_ACCOUNT_USERNAME: 'env', MIXPANEL_SERVICE_ACCOUNT_SECRET: 'env-secret-99' } });
    expect(s.serviceAccount).toEqual({ username: 'file-user', secret: SECRET, origin: p });
    expect(s.warnings).toEqual([]);
  });

  it('warns when others can read the credentials file', () => {
    const p = file('open.json', JSON.stringify({ username: 'u', secret: SECRET }), 0o644);
    expect(loadSecrets({ credentialsFile: p, env: {} }).warnings[0]).toMatch(/can be read by other users; restrict it with chmod 600/);
  });

  it('reports a broken file by position only, never quoting its text', () => {
    const p = file('bad.json', `{"username": "u", "secret": "${SECRET}"`);
    let err: unknown;
    try {
      loadSecrets({ credentialsFile: p, env: {} });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/bad\.json:1:\d+: credentials file is not valid YAML or JSON/);
    expect((err as Error).message).not.toContain(SECRET);
  });

  it('rejects unknown keys and missing fields by name', () => {
    expect(() => loadSecrets({ credentialsFile: file('k.yaml', `user: u\nsecret: ${SECRET}\n`), env: {} })).toThrow(/unknown key "user"/);
    expect(() => loadSecrets({ credentialsFile: file('m.yaml', 'username: u\n'), env: {} })).toThrow(/lacks a non-empty string "secret"/);
  });
});
