/**
 * Removes secrets from any text before it is shown, logged or saved. It knows every form in which a
 * secret can travel: as given, percent-encoded, and inside the Basic authorization value.
 */
export const REDACTED = '[REDACTED]';

export class Redactor {
  private readonly needles: string[] = [];

  /** Registers a secret. Short values are ignored: they would blank out ordinary words. */
  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < 6) return;
    for (const form of [secret, encodeURIComponent(secret)]) {
      if (!this.needles.includes(form)) this.needles.push(form);
    }
    // Longest first, so that a secret containing another is removed whole.
    this.needles.sort((a, b) => b.length - a.length);
  }

  /** Registers a Basic credential pair: the secret, and the base64 header value that carries it. */
  addBasic(username: string, secret: string): void {
    this.add(secret);
    this.add(Buffer.from(`${username}:${secret}`).toString('base64'));
  }

  redact(text: string): string {
    let out = text;
    for (const n of this.needles) out = out.split(n).join(REDACTED);
    return out;
  }

  contains(text: string): boolean {
    return this.needles.some((n) => text.includes(n));
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
