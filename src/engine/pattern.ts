import { RE2JS } from 're2js';

/**
 * A policy's `matches:` pattern, matched in time linear in the text. JavaScript's own engine
 * backtracks: a pattern like `^([a-z0-9]+[-.]?)+$` against a 34-character username takes longer
 * than any scan should (exponential), and a custom policy can carry one. RE2 (here its JavaScript
 * port, re2js) never backtracks, so no pattern can hang a scan.
 *
 * A pattern keeps the meaning it has in JavaScript with the `u` flag, which the docs promise:
 * - it must compile in both engines (so lookaround and back-references, which RE2 lacks, are
 *   refused when policies are linted, as are RE2-only forms that JavaScript rejects);
 * - the few constructs both accept with different meanings are rewritten before RE2 sees them:
 *   `\s`/`\S` (Unicode white space in JavaScript, ASCII in RE2), `.` (which in JavaScript stops at
 *   CR, U+2028 and U+2029 too), `\uXXXX` and `\u{X}` (RE2 spells them `\x{X}`).
 */

/** JavaScript's `\s`: the characters its engine treats as white space or line terminators. */
const JS_SPACE = '\\t\\n\\v\\f\\r\\p{Z}\\x{FEFF}';
const JS_NOT_LINE_END = '[^\\n\\r\\x{2028}\\x{2029}]';

export class PatternError extends Error {}

/** Reads `\uXXXX` or `\u{X…}` at `i` (just after the `u`); returns the code point and the next index. */
function unicodeEscape(src: string, i: number): { cp: number; next: number } | undefined {
  if (src[i] === '{') {
    const end = src.indexOf('}', i);
    const hex = end < 0 ? '' : src.slice(i + 1, end);
    return /^[0-9a-fA-F]{1,6}$/.test(hex) ? { cp: parseInt(hex, 16), next: end + 1 } : undefined;
  }
  const hex = src.slice(i, i + 4);
  if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
  const cp = parseInt(hex, 16);
  // A surrogate pair written as two escapes is one code point under the `u` flag.
  const low = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(src.slice(i + 4));
  if (cp >= 0xd800 && cp <= 0xdbff && low) return { cp: 0x10000 + ((cp - 0xd800) << 10) + (parseInt(low[1]!, 16) - 0xdc00), next: i + 10 };
  return { cp, next: i + 4 };
}

/** The RE2 spelling of a pattern written for JavaScript's `u` flag. */
export function toRe2Syntax(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === '\\') {
      const next = src[i + 1];
      if (next === 's') out += inClass ? JS_SPACE : `[${JS_SPACE}]`;
      else if (next === 'S') {
        if (inClass) throw new PatternError('\\S inside a character class is not supported; write the class as [^...] instead');
        out += `[^${JS_SPACE}]`;
      } else if (next === 'u') {
        const u = unicodeEscape(src, i + 2);
        if (!u) throw new PatternError('invalid \\u escape');
        out += `\\x{${u.cp.toString(16)}}`;
        i = u.next - 1;
        continue;
      } else if (next !== undefined) out += `\\${next}`;
      else out += '\\';
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
    } else if (ch === '[') {
      inClass = true;
      out += ch;
      // A `]` or `^]` right after the opening bracket is literal in RE2 but ends the class in JavaScript.
      if (src[i + 1] === ']' || (src[i + 1] === '^' && src[i + 2] === ']')) throw new PatternError('an empty character class ([] or [^]) is not supported');
    } else if (ch === '.') out += JS_NOT_LINE_END;
    else out += ch;
  }
  return out;
}

/**
 * Compiles a pattern for linear-time matching; throws PatternError with a reason when it is not a
 * valid JavaScript (`u`) pattern or uses what a linear-time engine cannot do.
 */
export function compilePattern(source: string): RE2JS {
  try {
    new RegExp(source, 'u');
  } catch (err) {
    throw new PatternError((err as Error).message);
  }
  try {
    return RE2JS.compile(toRe2Syntax(source));
  } catch (err) {
    if (err instanceof PatternError) throw err;
    // RE2 has no lookaround or back-references: the only constructs that need backtracking.
    throw new PatternError(`not supported by the linear-time matcher (no lookaround or back-references): ${(err as Error).message.replace(/^error parsing regexp: /, '')}`);
  }
}

const compiled = new Map<string, RE2JS>();

/** True when `text` holds a match of `source` anywhere (as RegExp.prototype.test). */
export function patternMatches(source: string, text: string): boolean {
  let re = compiled.get(source);
  if (!re) {
    re = compilePattern(source);
    compiled.set(source, re);
  }
  return re.matcher(text).find();
}
