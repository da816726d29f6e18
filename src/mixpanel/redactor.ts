/**
 * Removes secrets from any text before it is shown, logged or saved. It knows every form in which a
 * secret can travel: as given, percent-encoded, JSON-escaped, hex, and inside base64 (the Basic
 * authorization value, or any other base64 text that carries the secret at any byte offset).
 *
 * Fragments. Text is cut in many places (a server's error text, a reason clipped to a schema limit,
 * a terminal line), and a cut that falls inside a secret leaves a piece that whole-value matching no
 * longer recognises. So the redactor removes every run of text made of pieces of a secret at least
 * `FRAGMENT` characters long: each FRAGMENT-long window of the text that is a substring of a secret
 * form is blanked, and overlapping windows merge, which covers every substring of the secret of
 * length >= FRAGMENT (a prefix left by a cut at the end, a suffix left by a cut at the start, or a
 * middle piece).
 *
 * Why 8: a shorter window would match ordinary text by chance (dates, ids, digests, words) and blank
 * it out; 8 characters of a random secret are 40+ bits, far beyond chance, yet small enough that a
 * cut can leave at most 7 characters unrecognised. Those last 7 are closed off elsewhere: every
 * string that comes from Mixpanel is redacted when it arrives (the client), before anything can cut
 * it, so only text already cut by the server itself could end in them. A secret shorter than 8 is
 * matched whole, whatever its length: every configured secret is redacted.
 */
export const REDACTED = '[REDACTED]';

/** The shortest piece of a secret that is recognised on its own (see above). */
export const FRAGMENT = 8;

/** Where base64 text carries only bits of the secret, for each of the three byte offsets. */
function base64Cores(secret: Buffer, alphabet: 'base64' | 'base64url'): string[] {
  const cores: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const bytes = Buffer.concat([Buffer.alloc(shift), secret]);
    const text = bytes.toString(alphabet).replace(/=+$/, '');
    // Character j covers bits 6j..6j+5 of the byte string, so bytes floor(6j/8)..floor((6j+5)/8);
    // keep the characters whose bytes all belong to the secret (the padding and the unknown next
    // byte of a longer text change the others).
    let first = -1;
    let last = -1;
    for (let j = 0; j < text.length; j++) {
      const lo = Math.floor((6 * j) / 8);
      const hi = Math.floor((6 * j + 5) / 8);
      if (lo >= shift && hi < bytes.length) {
        if (first < 0) first = j;
        last = j;
      }
    }
    if (first >= 0) cores.push(text.slice(first, last + 1));
  }
  return cores;
}

export class Redactor {
  /** Forms of FRAGMENT characters or more: matched by their FRAGMENT-long windows. */
  private readonly windows = new Set<string>();
  /** A cheap filter on the first two characters of every window, so most positions cost a lookup. */
  private readonly heads = new Uint8Array(1 << 16);
  /** Forms shorter than FRAGMENT: matched whole. */
  private readonly shortForms: string[] = [];

  /** Registers a secret, whatever its length. An empty secret is a bug upstream (credentials refuse it). */
  add(secret: string | undefined): void {
    if (secret === undefined) return;
    if (secret === '') throw new Error('an empty secret cannot be redacted; it must be refused where it is read');
    const raw = Buffer.from(secret);
    const forms = new Set<string>([
      secret,
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
      raw.toString('hex'),
      raw.toString('hex').toUpperCase(),
    ]);
    for (const form of forms) this.addForm(form);
    // Inside base64 only the secret's own characters are stable; cores shorter than a fragment would
    // blank out ordinary base64, and the secret's short forms above still cover it whole.
    for (const core of [...base64Cores(raw, 'base64'), ...base64Cores(raw, 'base64url')]) {
      if (core.length >= FRAGMENT) this.addForm(core);
    }
  }

  /** Registers a Basic credential pair: the secret, and the base64 header value that carries it. */
  addBasic(username: string, secret: string): void {
    this.add(secret);
    const pair = Buffer.from(`${username}:${secret}`);
    for (const form of [pair.toString('base64'), pair.toString('base64url')]) this.addForm(form.replace(/=+$/, ''));
  }

  private addForm(form: string): void {
    if (form.length < FRAGMENT) {
      if (!this.shortForms.includes(form)) this.shortForms.push(form);
      return;
    }
    for (let i = 0; i + FRAGMENT <= form.length; i++) {
      const w = form.slice(i, i + FRAGMENT);
      this.windows.add(w);
      this.heads[headOf(w, 0)] = 1;
    }
  }

  /** The [start, end) ranges of `text` that are secret, merged and in order. */
  private ranges(text: string): [number, number][] {
    const found: [number, number][] = [];
    if (this.windows.size > 0) {
      const heads = this.heads;
      for (let i = 0; i + FRAGMENT <= text.length; i++) {
        if (heads[headOf(text, i)] === 0) continue;
        if (this.windows.has(text.slice(i, i + FRAGMENT))) found.push([i, i + FRAGMENT]);
      }
    }
    for (const form of this.shortForms) {
      for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) found.push([at, at + form.length]);
    }
    if (found.length === 0) return found;
    found.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [found[0]!];
    for (const [s, e] of found.slice(1)) {
      const last = merged[merged.length - 1]!;
      if (s <= last[1]) last[1] = Math.max(last[1], e);
      else merged.push([s, e]);
    }
    return merged;
  }

  redact(text: string): string {
    const ranges = this.ranges(text);
    if (ranges.length === 0) return text;
    let out = '';
    let at = 0;
    for (const [s, e] of ranges) {
      out += text.slice(at, s) + REDACTED;
      at = e;
    }
    return out + text.slice(at);
  }

  /** Whether `text` holds a secret or a recognisable piece of one. */
  contains(text: string): boolean {
    return this.ranges(text).length > 0;
  }

  /**
   * Redacts first, then cuts to `max` characters (with "..."), so that a cut can never split a
   * secret into a piece the redactor no longer recognises. Every clip of text that may hold a secret
   * goes through here.
   */
  clip(text: string, max: number): string {
    const clean = this.redact(text);
    return clean.length > max ? `${clean.slice(0, Math.max(0, max - 3))}...` : clean;
  }

  /**
   * A deep copy of a JSON value with every string (keys included) redacted. It walks the value
   * rather than the serialized text, because JSON escaping would hide a secret holding `"` or `\`.
   */
  redactJson<T>(value: T): T {
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.redact(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v !== null && typeof v === 'object') {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [this.redact(k), walk(x)]));
      }
      return v;
    };
    return walk(value) as T;
  }
}

function headOf(text: string, i: number): number {
  return ((text.charCodeAt(i) * 31) ^ text.charCodeAt(i + 1)) & 0xffff;
}
