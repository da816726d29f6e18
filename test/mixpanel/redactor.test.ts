import { describe, expect, it } from '@jest/globals';
import { FRAGMENT, REDACTED, Redactor } from '../../src/mixpanel/redactor.js';

const SECRET = 'p@ss/wo"rd\\42-Xq9';

describe('Redactor', () => {
  const r = new Redactor();
  r.addBasic('svc.user', SECRET);
  r.add('tok-123456789');

  it('removes the secret, its URL-encoded form and the Basic header value', () => {
    const basic = Buffer.from(`svc.user:${SECRET}`).toString('base64');
    const text = `a ${SECRET} b ${encodeURIComponent(SECRET)} c Basic ${basic} d tok-123456789`;
    // The base64 padding ("=") carries no secret bits and may stay.
    expect(r.redact(text).replace(/=+/g, '')).toBe('a [REDACTED] b [REDACTED] c Basic [REDACTED] d [REDACTED]');
    expect(r.contains(text)).toBe(true);
    expect(r.contains(r.redact(text))).toBe(false);
  });

  it('walks JSON values, so that escaping cannot hide a secret', () => {
    const value = { list: [`x ${SECRET}`], nested: { ['tok-123456789']: 1 }, n: 3, nil: null };
    expect(r.redactJson(value)).toEqual({ list: ['x [REDACTED]'], nested: { '[REDACTED]': 1 }, n: 3, nil: null });
  });

  it('removes the JSON-escaped and hex forms from plain text', () => {
    const escaped = JSON.stringify(SECRET).slice(1, -1);
    expect(r.redact(`said "${escaped}"`)).toBe(`said "${REDACTED}"`);
    expect(r.redact(Buffer.from(SECRET).toString('hex'))).toBe(REDACTED);
  });

  it('removes every piece of a secret at least FRAGMENT long: a cut at either end, or both', () => {
    const token = 'ZmE1-canary-9d8c7b6a5f4e3d2c1b0a';
    const s = new Redactor();
    s.add(token);
    for (let start = 0; start <= token.length - FRAGMENT; start++) {
      for (let end = start + FRAGMENT; end <= token.length; end++) {
        const piece = token.slice(start, end);
        const out = s.redact(`error: ${piece}...`);
        expect(out).toBe(`error: ${REDACTED}...`);
      }
    }
  });

  it('leaves pieces shorter than FRAGMENT and unrelated text alone', () => {
    const s = new Redactor();
    s.add('ZmE1-canary-9d8c7b6a5f4e3d2c1b0a');
    expect(s.redact('ZmE1-ca and 2026-06-01T00:00:00Z')).toBe('ZmE1-ca and 2026-06-01T00:00:00Z');
  });

  it('finds the secret inside any base64 text, at each of the three byte offsets', () => {
    const secret = 'k9#Qw7-canary-Lp2';
    const s = new Redactor();
    s.add(secret);
    for (const prefix of ['', 'a', 'ab', 'abc:', 'user.name:']) {
      for (const suffix of ['', 'x', 'xy', '!tail']) {
        for (const alphabet of ['base64', 'base64url'] as const) {
          const blob = Buffer.from(`${prefix}${secret}${suffix}`).toString(alphabet);
          expect(s.contains(blob)).toBe(true);
        }
      }
    }
  });

  it('redacts a secret of any length, even one character, and refuses an empty one', () => {
    const s = new Redactor();
    s.add('Q');
    s.add('ab3');
    expect(s.redact('xQy ab3 ab')).toBe(`x${REDACTED}y ${REDACTED} ab`);
    expect(() => s.add('')).toThrow(/empty secret/);
  });

  it('clip redacts before it cuts, so that a cut cannot leave an unrecognised piece', () => {
    const secret = 'S3cr3t-canary-0123456789';
    const s = new Redactor();
    s.add(secret);
    const text = `${'e'.repeat(295)}${secret}`;
    const clipped = s.clip(text, 300);
    expect(clipped.startsWith('e'.repeat(295))).toBe(true);
    expect(clipped).not.toContain(secret.slice(0, 3));
    // Cut first, redact second: the 2-character piece left at the end is beyond recognition.
    expect(s.redact(`${text.slice(0, 297)}...`)).toContain('S3');
  });
});
