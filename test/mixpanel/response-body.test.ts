import { describe, expect, it } from '@jest/globals';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { decodeBody, ResponseTooLarge, UndecodableBody } from '../../src/mixpanel/response-body.js';

const TEXT = JSON.stringify({ status: 'ok', results: 'x'.repeat(5000) });
const RAW = Buffer.from(TEXT);

describe('decodeBody', () => {
  it.each([
    ['identity', undefined, RAW],
    ['gzip', 'gzip', gzipSync(RAW)],
    ['x-gzip', 'x-gzip', gzipSync(RAW)],
    ['zlib deflate', 'deflate', deflateSync(RAW)],
    ['raw deflate', 'deflate', deflateRawSync(RAW)],
    ['brotli', 'br', brotliCompressSync(RAW)],
    ['two codings, applied in reverse', 'deflate, gzip', gzipSync(deflateSync(RAW))],
  ])('decodes %s', (_n, encoding, body) => {
    expect(decodeBody(body, encoding, 1_000_000)).toBe(TEXT);
  });

  it('an answer exactly at the cap is read; one byte more is refused, raw or inflated', () => {
    expect(decodeBody(RAW, 'identity', RAW.length)).toBe(TEXT);
    expect(decodeBody(gzipSync(RAW), 'gzip', RAW.length)).toBe(TEXT);
    expect(() => decodeBody(RAW, undefined, RAW.length - 1)).toThrow(ResponseTooLarge);
    expect(() => decodeBody(gzipSync(RAW), 'gzip', RAW.length - 1)).toThrow(ResponseTooLarge);
    expect(() => decodeBody(brotliCompressSync(RAW), 'br', RAW.length - 1)).toThrow(ResponseTooLarge);
  });

  it('a bomb stops at the cap instead of inflating', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(() => decodeBody(bomb, 'gzip', 1024 * 1024)).toThrow(ResponseTooLarge);
  });

  it('an unknown or broken encoding is refused with a reason', () => {
    expect(() => decodeBody(RAW, 'compress', 1_000_000)).toThrow(UndecodableBody);
    expect(() => decodeBody(RAW, 'gzip', 1_000_000)).toThrow(/could not be decompressed/);
  });
});
