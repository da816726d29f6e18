/**
 * A small seeded pseudo-random generator for the synthetic organizations of the benchmark. Not for
 * anything secret: it only has to be fast, well mixed and identical on every machine, so that the
 * same seed always yields the same organization (Math.random cannot be seeded).
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    // Any integer seed, folded to 32 bits; 0 is as good a seed as any other after the first mix.
    this.state = seed >>> 0;
  }

  /** A 32-bit unsigned integer: a splitmix-style increment followed by an avalanche of the bits. */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of the keys, drawn with the given relative weights. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let x = this.next() * total;
    for (const [key, w] of entries) {
      x -= w;
      if (x < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }

  /**
   * An index in [0, n) drawn from a Zipf-like law (exponent about 1): a few projects or teams are
   * used by many people, most by few, as in real organizations.
   */
  zipf(n: number): number {
    // Inverse transform of a continuous 1/x density over [1, n + 1).
    const u = this.next();
    return Math.min(n - 1, Math.floor(Math.exp(u * Math.log(n + 1))) - 1);
  }

  /** An exponentially distributed number with the given mean (time since last activity, etc.). */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** A number of events with a geometric law of the given mean, at least `min`. */
  geometric(mean: number, min = 0): number {
    let n = min;
    const p = 1 / (mean - min + 1);
    while (!this.chance(p) && n < min + 50) n++;
    return n;
  }
}
