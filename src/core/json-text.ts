/**
 * Reading positions out of JSON text without building a second parse tree. A state snapshot can be
 * tens of megabytes; locating a schema problem in it by re-parsing it as YAML needs gigabytes, so
 * these helpers scan the text itself: linearly, iteratively (no recursion, so no stack overflow on
 * hostile nesting), and with an index that makes many look-ups in one file cost one pass overall.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** The offset just past the string that starts (with its quote) at `at`, or text.length. */
function skipString(text: string, at: number): number {
  let i = at + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return text.length;
    let backslashes = 0;
    for (let j = q - 1; j > at && text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    i = q + 1;
  }
}

/**
 * The offset of the first `[` or `{` that opens a container deeper than `max` levels, or -1.
 * Brackets inside strings do not count.
 */
export function jsonNestingBeyond(text: string, max: number): number {
  // A regular expression finds the next structural character far faster than a loop over every
  // character (indentation and values are skipped in native code): about 4 ms per MB.
  const structural = /["[\]{}]/g;
  let depth = 0;
  for (let m = structural.exec(text); m !== null; m = structural.exec(text)) {
    const c = text.charCodeAt(m.index);
    if (c === QUOTE) structural.lastIndex = skipString(text, m.index);
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return m.index;
    } else depth--;
  }
  return -1;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Line and column (1-based) of offsets in one text, from a newline index built once. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

/** What has been learned about one container: the start offsets of the children seen so far. */
interface ContainerScan {
  /** Array elements by index, or object values by key (the last duplicate wins, as in JSON.parse). */
  children: Map<string, number>;
  count: number;
  /** Where scanning resumes; -1 once the closing bracket was reached. */
  resume: number;
}

/**
 * Finds the node a JSON pointer names in JSON text (already known to parse). A pointer into a
 * missing member resolves to the nearest existing ancestor, like a schema error about a missing
 * property is reported at its parent object.
 */
export class JsonLocator {
  private readonly scans = new Map<number, ContainerScan>();
  private lines: LineIndex | undefined;

  constructor(private readonly text: string) {}

  private skipSpace(i: number): number {
    while (i < this.text.length && isSpace(this.text.charCodeAt(i))) i++;
    return i;
  }

  /** The offset just past the value that starts at `i`. */
  private skipValue(i: number): number {
    const c = this.text.charCodeAt(i);
    if (c === QUOTE) return skipString(this.text, i);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      let depth = 0;
      for (let j = i; j < this.text.length; j++) {
        const d = this.text.charCodeAt(j);
        if (d === QUOTE) j = skipString(this.text, j) - 1;
        else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
        else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
          if (--depth === 0) return j + 1;
        }
      }
      return this.text.length;
    }
    let j = i;
    while (j < this.text.length) {
      const d = this.text.charCodeAt(j);
      if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
      j++;
    }
    return j;
  }

  /** The offset of the child `segment` of the container starting at `start`, scanning only as far as needed. */
  private child(start: number, segment: string): number | undefined {
    const open = this.text.charCodeAt(start);
    if (open !== OPEN_BRACE && open !== OPEN_BRACKET) return undefined;
    const isObject = open === OPEN_BRACE;
    let scan = this.scans.get(start);
    if (!scan) {
      scan = { children: new Map(), count: 0, resume: start + 1 };
      this.scans.set(start, scan);
    }
    // Objects are scanned to the end (a later duplicate key wins); arrays stop at the index.
    const found = () => (isObject ? undefined : scan.children.get(segment));
    while (scan.resume >= 0 && found() === undefined) {
      let i = this.skipSpace(scan.resume);
      const c = this.text.charCodeAt(i);
      if (c === CLOSE_BRACE || c === CLOSE_BRACKET || i >= this.text.length) {
        scan.resume = -1;
        break;
      }
      if (c === COMMA) i = this.skipSpace(i + 1);
      let key = String(scan.count);
      if (isObject) {
        const end = skipString(this.text, i);
        try {
          key = JSON.parse(this.text.slice(i, end)) as string;
        } catch {
          key = this.text.slice(i + 1, end - 1);
        }
        i = this.skipSpace(end);
        if (this.text.charCodeAt(i) === COLON) i = this.skipSpace(i + 1);
      }
      scan.children.set(key, i);
      scan.count++;
      scan.resume = this.skipValue(i);
    }
    return scan.children.get(segment);
  }

  /** The offset of the deepest node on the pointer's path. */
  offset(segments: readonly string[]): number {
    let at = this.skipSpace(0);
    for (const segment of segments) {
      const next = this.child(at, segment);
      if (next === undefined) break;
      at = next;
    }
    return at;
  }

  position(offset: number): { line: number; column: number } {
    this.lines ??= new LineIndex(this.text);
    return this.lines.at(offset);
  }

  locate(segments: readonly string[]): { line: number; column: number } {
    return this.position(this.offset(segments));
  }
}
