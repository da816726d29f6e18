/**
 * A sliding-window rate limit: at most `limit` starts in any `windowMs`. The Lexicon Schemas API
 * allows 5 requests per minute per organization, so its calls go through one of these, in order,
 * instead of waiting for 429s. The clock and the sleep are injectable so tests run instantly.
 */
import type { TimeBudget } from './time-budget.js';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class RateWindow {
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  /** With a budget, a wait that would outlast it fails at once instead of sleeping past the deadline. */
  constructor(readonly limit: number, readonly windowMs: number, private readonly clock: Clock = realClock, private readonly budget?: TimeBudget) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`rate limit must be a positive integer: ${limit}`);
  }

  /** Resolves when one more request may start; callers are served in arrival order. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Milliseconds the next caller would wait if it asked now. */
  waitTime(): number {
    if (this.starts.length < this.limit) return 0;
    return Math.max(0, this.starts[this.starts.length - this.limit]! + this.windowMs - this.clock.now());
  }

  private async waitForSlot(): Promise<void> {
    const wait = this.waitTime();
    if (this.budget !== undefined && (this.budget.exceeded() || wait >= this.budget.remaining())) {
      throw this.budget.error(`waiting ${Math.ceil(wait / 1000)} s for the next request slot (at most ${this.limit} requests per ${Math.round(this.windowMs / 1000)} s)`);
    }
    if (wait > 0) await this.clock.sleep(wait);
    this.starts.push(this.clock.now());
    if (this.starts.length > this.limit) this.starts.splice(0, this.starts.length - this.limit);
  }
}
