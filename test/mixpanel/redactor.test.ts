import { describe, expect, it } from '@jest/globals';
import { Redactor } from '../../src/mixpanel/redactor.js';

describe('Redactor', () => {
  const r = new Redactor();
  r.addBasic('svc.user', 'p@ss/wo"rd\\42');
  r.add('tok-123456789');

  it('removes the secret, its URL-encoded form and the Basic header value', () => {
    const basic = Buffer.from('svc.user:p@ss/wo"rd\\42').toString('base64');
    const text = `a p@ss/wo"rd\\42 b ${encodeURIComponent('p@ss/wo"rd\\42')} c Basic ${basic} d tok-123456789`;
    expect(r.redact(text)).toBe('a [REDACTED] b [REDACTED] c Basic [REDACTED] d [REDACTED]');
    expect(r.contains(text)).toBe(true);
    expect(r.contains(r.redact(text))).toBe(false);
  });

  it('walks JSON values, so that escaping cannot hide a secret', () => {
    const value = { list: ['x p@ss/wo"rd\\42'], nested: { ['tok-123456789']: 1 }, n: 3, nil: null };
    expect(r.redactJson(value)).toEqual({ list: ['x [REDACTED]'], nested: { '[REDACTED]': 1 }, n: 3, nil: null });
  });

  it('ignores values too short to be secrets', () => {
    const s = new Redactor();
    s.add('abc');
    expect(s.redact('abcdef')).toBe('abcdef');
  });
});
