/**
 * The total time a live collection may take (`--max-collection-time`). Per-attempt timeouts and
 * retry caps bound one request; this bounds the run: a server that answers every request slowly,
 * rate-limits each one just under the retry cap, or a long Lexicon queue cannot keep a scheduled
 * scan running for hours. Once the budget is spent, requests in flight are aborted, no new request
 * or wait starts, and every slice still being read becomes `error` with the reason below.
 */
import { MixpanelApiError } from './api-error.js';

export class TimeBudget {
  readonly deadline: number;

  /** `now` is the wall clock (real time: the budget is about how long the process runs). */
  constructor(readonly totalMs: number, private readonly now: () => number = Date.now) {
    this.deadline = now() + totalMs;
  }

  remaining(): number {
    return Math.max(0, this.deadline - this.now());
  }

  exceeded(): boolean {
    return this.remaining() === 0;
  }

  /** The error every cut-off request or wait reports. */
  error(purpose: string, route?: string): MixpanelApiError {
    return new MixpanelApiError(
      'budget',
      `stopped while ${purpose}: the collection time budget of ${Math.round(this.totalMs / 1000)} s was used up ` +
        `(raise it with --max-collection-time SECONDS)${route === undefined ? '' : ` (${route})`}`,
      undefined,
      route,
    );
  }

  /**
   * An AbortSignal that fires when the budget runs out, for one request. The timer is unref'd and
   * cleared by `done`, so a finished request leaves nothing behind to keep the process alive.
   */
  signal(): { signal: AbortSignal; done: () => void } {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new BudgetAbort()), this.remaining());
    timer.unref();
    return { signal: controller.signal, done: () => clearTimeout(timer) };
  }
}

/** The abort reason: named so that it is never mistaken for a timeout (which got would retry). */
export class BudgetAbort extends Error {
  constructor() {
    super('collection time budget used up');
    this.name = 'BudgetAbort';
  }
}
