import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/core/errors.js';
import { loadStructuredFile, readInputText } from '../../src/core/structured-file.js';
import { writeFilesAtomically } from '../../src/core/write-atomic.js';
import { sha256 } from '../../src/state/load-state.js';

// The large-file paths of src/core and sha256 (see docs/performance.md) must give exactly what the
// plain ones gave: same text, same data, same bytes, same digests, same errors.
const dir = mkdtempSync(join(tmpdir(), 'mph-io-'));
let n = 0;
function file(content: string | Buffer, ext = '.json'): string {
  const path = join(dir, `f${n++}${ext}`);
  writeFileSync(path, content);
  return path;
}

/** What the byte-by-byte path (TextDecoder, one BOM consumed, one more stripped) returns. */
function reference(bytes: Buffer): string {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (err) {
    return err instanceof InputError ? err.message : `not an InputError: ${String(err)}`;
  }
}

describe('readInputText', () => {
  const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
  it.each([
    ['ASCII', Buffer.from('{"a": 1}\n')],
    ['non-ASCII', Buffer.from('{"name": "José Ørsted 😀"}')],
    ['one BOM', Buffer.concat([BOM, Buffer.from('{"a": 1}')])],
    ['two BOMs', Buffer.concat([BOM, BOM, Buffer.from('{"a": 1}')])],
    ['three BOMs', Buffer.concat([BOM, BOM, BOM, Buffer.from('{"a": 1}')])],
    ['a U+FFFD of its own', Buffer.from('{"a": "\uFFFD"}')],
  ])('reads %s text as the byte-by-byte decoder does', (_name, bytes) => {
    expect(readInputText(file(bytes))).toBe(reference(bytes));
  });

  it.each([
    ['empty', Buffer.alloc(0), 'file is empty'],
    ['NUL', Buffer.from('{"a": "\u0000"}'), 'binary'],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]), 'not valid UTF-8'],
    ['UTF-16 LE', Buffer.from([0xff, 0xfe, 0x7b, 0x00]), 'UTF-16'],
    ['UTF-16 BE', Buffer.from([0xfe, 0xff, 0x00, 0x7b]), 'UTF-16'],
    ['UTF-32 LE', Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x7b, 0, 0, 0]), 'UTF-32'],
    ['UTF-32 BE', Buffer.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x7b]), 'UTF-32'],
  ])('refuses %s input with the same message', (_name, bytes, message) => {
    expect(errorOf(() => readInputText(file(bytes)))).toContain(message);
  });
});

describe('loadStructuredFile (JSON)', () => {
  it('parses plain JSON as JSON.parse does', () => {
    const text = JSON.stringify({ a: [1, { b: null, c: 'x' }], d: 1.5e300 });
    expect(loadStructuredFile(file(text), text).data).toEqual(JSON.parse(text));
  });

  it('drops __proto__ keys, also when written with escapes', () => {
    const text = '{"a": {"__proto__": {"polluted": true}, "b": 1}, "\\u005f_proto__": 2}';
    const data = loadStructuredFile(file(text), text).data as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(['a']);
    expect(Object.keys(data.a as object)).toEqual(['b']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses numbers out of range with their pointer', () => {
    const text = '{"a": [1, 1e400]}';
    expect(errorOf(() => loadStructuredFile(file(text), text))).toMatch(/\/a\/1.*not a finite number|not a finite number/);
  });

  it('refuses nesting beyond the limit at the position of the first container too deep', () => {
    const deep = `{"x": ${'['.repeat(100)}${']'.repeat(100)}}`;
    const ok = `{"x": ${'['.repeat(99)}${']'.repeat(99)}}`;
    expect(errorOf(() => loadStructuredFile(file(deep), deep))).toContain('1:106');
    expect(errorOf(() => loadStructuredFile(file(ok), ok))).toBe('no error');
  });

  it('reports nesting before a syntax error, as the text scan did', () => {
    const text = `${'['.repeat(150)} oops`;
    expect(errorOf(() => loadStructuredFile(file(text), text))).toContain('nested more than');
  });
});

describe('large strings', () => {
  // Chunk boundaries at a million characters: put surrogate pairs and lone surrogates across them.
  const M = 1 << 20;
  const tricky = [
    `${'a'.repeat(M - 1)}😀${'é'.repeat(M)}\ud800${'x'.repeat(M)}`,
    `${'b'.repeat(M)}\udc00${'y'.repeat(5)}`,
    `${'c'.repeat(M - 1)}\ud83d`,
    'small',
  ];

  it.each(tricky.map((s, i) => [i, s] as const))('sha256 of text %i is the digest of its UTF-8 bytes', (_i, s) => {
    expect(sha256(s)).toBe(createHash('sha256').update(s).digest('hex'));
  });

  it('writeFilesAtomically writes the same bytes as a plain write', () => {
    const out = mkdtempSync(join(tmpdir(), 'mph-write-'));
    writeFilesAtomically(out, tricky.map((content, i) => ({ name: `t${i}.txt`, content })));
    tricky.forEach((content, i) => expect(readFileSync(join(out, `t${i}.txt`)).equals(Buffer.from(content, 'utf8'))).toBe(true));
    writeFilesAtomically(out, [{ name: 'b.bin', content: Buffer.from([0, 1, 2, 255]) }]);
    expect([...readFileSync(join(out, 'b.bin'))]).toEqual([0, 1, 2, 255]);
  });
});
