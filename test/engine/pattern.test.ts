/**
 * Policy patterns run on a linear-time engine (src/engine/pattern.ts) but keep the meaning they
 * have in JavaScript with the `u` flag: compared with RegExp on generated text.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compilePattern, patternMatches, PatternError, toRe2Syntax } from '../../src/engine/pattern.js';

const PATTERNS = [
  '\\S', '^\\s*$', '^.+$', 'a.c', '[\\s,]', '^[^@\\s]+@[^@\\s]+$', '\\u00e9', '\\u{1F600}', '\\uD83D\\uDE00',
  '^([a-z0-9]+[-.]?)+$', '^(?:admin|owner)$', '\\d{2,4}', '\\bword\\b', '[\\w.-]+', '^\\p{L}+$', '(?<name>x)y', 'a|b|',
];
const ALPHABET = ['a', 'b', 'c', 'x', 'y', 'é', '😀', ' ', '\u00a0', '\u2028', '\u3000', '\ufeff', '\t', '\n', '\r', '\v', '@', '.', '-', '1', '2', ',', 'w', 'o', 'r', 'd'];

describe('policy patterns (linear time, JavaScript meaning)', () => {
  it('agree with RegExp(u) on generated text for every pattern of the corpus', () => {
    for (const p of PATTERNS) {
      const js = new RegExp(p, 'u');
      fc.assert(fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 12 }).map((a) => a.join('')), (text) => patternMatches(p, text) === js.test(text)), { numRuns: 300 });
    }
  });

  it('keep JavaScript\'s white space and line ends where RE2 alone would differ', () => {
    // RE2's \S matches a no-break space and its . matches CR; JavaScript's do not.
    expect(patternMatches('\\S', '\u00a0\u3000\ufeff')).toBe(false);
    expect(patternMatches('^.$', '\r')).toBe(false);
    expect(toRe2Syntax('\\u00e9')).toBe('\\x{e9}');
  });

  it('run a catastrophic pattern on long text in one pass', () => {
    expect(patternMatches('^([a-z0-9]+[-.]?)+$', `${'a'.repeat(100_000)}!`)).toBe(false);
    expect(patternMatches('^(a|a)*$', `${'a'.repeat(100_000)}b`)).toBe(false);
  });

  it('refuse what only a backtracking engine can do, and what JavaScript rejects', () => {
    for (const p of ['(?=a)', '(?!a)b', '(?<=a)b', '(a)\\1', '[\\S\\d]', '[]', '(?i)abc', '\\pL', '[']) {
      expect(() => compilePattern(p)).toThrow(PatternError);
    }
  });
});
