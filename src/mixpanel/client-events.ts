/** What the client reports while it works, for the progress display. Routes never carry queries. */
export interface RetryEvent {
  type: 'retry';
  method: string;
  route: string;
  /** The attempt that failed (1 = first). */
  attempt: number;
  /** The wait the retry policy computed, before any test scaling. */
  delayMs: number;
  /** `HTTP 429`, `ETIMEDOUT`, ... */
  reason: string;
}

export interface ResponseEvent {
  type: 'response';
  method: string;
  route: string;
  status: number;
  ms: number;
}

export type ClientEvent = RetryEvent | ResponseEvent;
