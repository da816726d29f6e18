/**
 * The HTTP client for Mixpanel's management APIs, on got. What it guarantees:
 * - read-only: every request, retry and redirect passes the ReadOnlyGuard (GET, plus the audit-log
 *   query POST); the public methods are `getJson` and `queryAuditLog`, and `request` refuses the rest;
 * - credentials go to Mixpanel's hosts (or the configured base) only: a redirect to another origin
 *   is followed without the Authorization header, and a redirect from https to http is refused;
 * - retries with backoff on 429/502/503/504 and network errors, honoring Retry-After up to a cap,
 *   with a per-attempt timeout (see retry-policy.ts);
 * - failures become MixpanelApiError with a message for people; got's own errors, which carry the
 *   request options and so the Authorization header, never leave this file;
 * - every string of every answer is redacted as it arrives, before any collector can cut it, so no
 *   truncation downstream can split a secret the server echoed into an unrecognisable piece;
 * - a body is read to at most `maxResponseBytes`, raw and decompressed (response-body.ts);
 * - with a TimeBudget, no request, retry or wait runs past the collection's deadline.
 */
import got, { HTTPError, RequestError, type Got, type RetryObject } from 'got';
import pLimit, { type LimitFunction } from 'p-limit';
import { TOOL_VERSION } from '../core/paths.js';
import type { Region } from '../core/region.js';
import { describeFailure, MixpanelApiError, type RequestSubject } from './api-error.js';
import type { ClientEvent } from './client-events.js';
import type { HostMap, Surface } from './hosts.js';
import { ReadOnlyGuard, ReadOnlyViolation } from './read-only-guard.js';
import { Redactor } from './redactor.js';
import { decodeBody, DEFAULT_MAX_RESPONSE_BYTES, ResponseTooLarge, UndecodableBody } from './response-body.js';
import { BudgetAbort, TimeBudget } from './time-budget.js';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, RETRY_ERROR_CODES, RETRY_STATUS_CODES, retryDelay, type RetryPolicy } from './retry-policy.js';

export interface ClientOptions {
  username: string;
  secret: string;
  scimToken?: string;
  hosts: HostMap;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /**
   * Maps the computed retry delay to the time actually waited. Tests pass `() => 1` to check the
   * delays (reported in `retry` events) without sleeping through them.
   */
  waitFor?: (delayMs: number) => number;
  random?: () => number;
  redactor?: Redactor;
  onEvent?: (event: ClientEvent) => void;
  /** The largest body read, raw and decompressed (default DEFAULT_MAX_RESPONSE_BYTES). */
  maxResponseBytes?: number;
  /** The collection's total time budget; none means per-request limits only. */
  budget?: TimeBudget;
  /**
   * The most requests in flight at once, over every route (collection passes --concurrency). One
   * limiter for the whole client, so the per-project pool, the audit-log and SCIM pages and the
   * Lexicon reads together never exceed it. Retry waits hold their slot: a 429 slows everyone.
   * Default: no limit.
   */
  maxInFlight?: number;
}

export interface GetRequest extends RequestSubject {
  surface: Surface;
  /** Path on the surface, starting with `/`. */
  path: string;
  query?: Record<string, string | number | boolean>;
}

/** The body of the audit-log query (QueryAuditLogRequest in the platform spec). */
export interface AuditLogQueryBody {
  created_after?: string;
  created_before?: string;
  project_ids?: string[];
  types?: string[];
}

export interface AuditLogQueryRequest {
  region: Region;
  organizationId: string;
  pageSize: number;
  cursor?: string;
  order?: 'asc' | 'desc';
  body: AuditLogQueryBody;
}

/**
 * Per-request state shared with the got hooks. got copies its `context` option shallowly, so the
 * state travels as one object inside it (`context.request`), which the hooks then mutate.
 */
interface RequestContext {
  route: string;
  method: string;
  crossHostRedirect: boolean;
  /** Set when a 429 asked for a wait longer than the cap. */
  retryAfterTooLongMs?: number;
  /** The waits of this request so far (policy delays), against maxTotalWaitMs. */
  waitedMs: number;
  /** Set when retries stopped because the waits reached maxTotalWaitMs. */
  totalWaitCapped?: boolean;
  /** Set when the next wait would pass the time budget's deadline. */
  budgetStopped?: boolean;
  /** Set when the body passed maxResponseBytes while it was read. */
  tooLarge?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** A redirect that would downgrade to plain HTTP; thrown from the redirect hook. */
class UnsafeRedirect extends Error {}
const MAX_ERROR_TEXT = 300;

function contextOf(gotContext: Record<string, unknown>): RequestContext {
  return gotContext.request as RequestContext;
}

function routeOf(url: URL): string {
  return `${url.host}${url.pathname}`;
}

export class MixpanelClient {
  readonly hosts: HostMap;
  readonly redactor: Redactor;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  private readonly budget: TimeBudget | undefined;
  private readonly retryPolicy: RetryPolicy;
  private readonly guard: ReadOnlyGuard;
  private readonly http: Got;
  private readonly basic: string;
  private readonly bearer: string | undefined;
  private readonly onEvent: (event: ClientEvent) => void;
  private readonly inFlight: LimitFunction;

  constructor(opts: ClientOptions) {
    this.inFlight = pLimit(opts.maxInFlight ?? Number.POSITIVE_INFINITY);
    this.hosts = opts.hosts;
    this.redactor = opts.redactor ?? new Redactor();
    this.redactor.addBasic(opts.username, opts.secret);
    this.redactor.add(opts.scimToken);
    this.basic = `Basic ${Buffer.from(`${opts.username}:${opts.secret}`).toString('base64')}`;
    this.bearer = opts.scimToken === undefined ? undefined : `Bearer ${opts.scimToken}`;
    this.guard = new ReadOnlyGuard(opts.hosts.platformBases());
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.onEvent = opts.onEvent ?? (() => undefined);
    this.maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.budget = opts.budget;
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
    this.retryPolicy = policy;
    const waitFor = opts.waitFor ?? ((ms: number) => ms);
    const random = opts.random ?? Math.random;

    const calculateDelay = ({ attemptCount, error }: RetryObject): number => {
      const status = error.response?.statusCode;
      const retryAfterMs = error.response ? parseRetryAfter(error.response.headers['retry-after']) : undefined;
      const delay = retryDelay({ attempt: attemptCount, status, code: status === undefined ? error.code : undefined, retryAfterMs }, policy, random);
      const ctx = contextOf(error.options.context);
      if (delay === 0) {
        if (status === 429 && retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) ctx.retryAfterTooLongMs = retryAfterMs;
        return 0;
      }
      if (ctx.waitedMs + delay > policy.maxTotalWaitMs) {
        ctx.totalWaitCapped = true;
        return 0;
      }
      const actual = Math.max(1, waitFor(delay));
      if (this.budget !== undefined && actual >= this.budget.remaining()) {
        ctx.budgetStopped = true;
        return 0;
      }
      ctx.waitedMs += delay;
      this.onEvent({
        type: 'retry', method: ctx.method, route: ctx.route, attempt: attemptCount, delayMs: delay,
        reason: status === undefined ? error.code : `HTTP ${status}`,
      });
      return actual;
    };

    this.http = got.extend({
      timeout: { request: this.timeoutMs },
      followRedirect: true,
      maxRedirects: 5,
      // A redirected POST stays a POST (the notes: "follow redirects, keep the method"); the guard
      // re-checks the new URL before it is sent.
      methodRewriting: false,
      throwHttpErrors: true,
      // Raw bytes, decompressed by decodeBody under the size cap: got's own inflating has no limit.
      responseType: 'buffer',
      decompress: false,
      headers: { 'user-agent': `mixpanel-hardening/${TOOL_VERSION}`, accept: 'application/json', 'accept-encoding': 'gzip, deflate, br' },
      retry: {
        limit: policy.limit,
        methods: ['GET', 'POST'],
        statusCodes: [...RETRY_STATUS_CODES],
        errorCodes: [...RETRY_ERROR_CODES],
        calculateDelay,
      },
      hooks: {
        // Runs before the first attempt, every retry and every redirect.
        beforeRequest: [(options) => {
          this.guard.check(options.method, new URL(options.url as URL | string));
        }],
        beforeRedirect: [(options, response) => {
          const from = new URL(response.url);
          const to = new URL(options.url as URL | string);
          if (from.protocol === 'https:' && to.protocol !== 'https:') {
            throw new UnsafeRedirect(`refused a redirect from ${routeOf(from)} to a non-https address`);
          }
          if (from.origin !== to.origin) {
            // Another host never gets the credentials, and its answer is not Mixpanel's: a 200 from
            // it must not become evidence a check can pass on. Refuse the redirect (fail closed);
            // same-host redirects (Mixpanel's trailing-slash 301s) are still followed.
            delete options.headers.authorization;
            contextOf(options.context).crossHostRedirect = true;
            throw new UnsafeRedirect(`refused a redirect from ${routeOf(from)} to another host (${to.host}); only Mixpanel's own answers are used as evidence`);
          }
        }],
      },
    });
  }

  /** GET a JSON document. */
  async getJson(req: GetRequest): Promise<unknown> {
    const url = this.hosts.url(req.surface, req.region, req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, String(v));
    return this.request('GET', url, req, req.surface === 'scim' ? 'bearer' : 'basic');
  }

  /** One page of the beta audit-log query (POST, the only write-verb read the guard allows). */
  async queryAuditLog(req: AuditLogQueryRequest, subject: RequestSubject): Promise<unknown> {
    const url = this.hosts.url('platform', req.region, `/v1/organizations/${encodeURIComponent(req.organizationId)}/audit-logs/query`);
    url.searchParams.set('page_size', String(req.pageSize));
    if (req.cursor !== undefined) url.searchParams.set('cursor', req.cursor);
    if (req.order !== undefined) url.searchParams.set('order', req.order);
    return this.request('POST', url, subject, 'basic', req.body);
  }

  /**
   * The one door out. Checks the method and route before anything is sent; the same check runs
   * again inside got for retries and redirects.
   */
  async request(method: string, url: URL, subject: RequestSubject, auth: 'basic' | 'bearer', body?: unknown): Promise<unknown> {
    // The guard refuses before a slot is taken; the rest (budget, request, retries) runs in one.
    this.guard.check(method, url);
    return this.inFlight(() => this.send(method, url, subject, auth, body));
  }

  private async send(method: string, url: URL, subject: RequestSubject, auth: 'basic' | 'bearer', body?: unknown): Promise<unknown> {
    const route = routeOf(url);
    if (auth === 'bearer' && this.bearer === undefined) {
      throw new MixpanelApiError('not-configured', `no ${subject.credentialName ?? 'bearer token'} is configured for ${subject.purpose}`, undefined, route);
    }
    if (this.budget?.exceeded()) throw this.budget.error(subject.purpose, route);
    const context: RequestContext = { route, method: method.toUpperCase(), crossHostRedirect: false, waitedMs: 0 };
    const started = Date.now();
    const abort = this.budget?.signal();
    let raw: Buffer;
    let encoding: string | string[] | undefined;
    let status: number;
    try {
      const pending = this.http(url, {
        method: method.toUpperCase() as 'GET' | 'POST',
        headers: { authorization: auth === 'bearer' ? this.bearer : this.basic },
        context: { request: context },
        responseType: 'buffer',
        ...(abort === undefined ? {} : { signal: abort.signal }),
        ...(body === undefined ? {} : { json: body }),
      });
      // Stop reading as soon as the body (or its declared length) passes the cap: an endless body
      // is never buffered whole. Error bodies are read through the same stream, so they are capped too.
      pending.on('downloadProgress', (p: { transferred: number; total?: number }) => {
        if (p.transferred > this.maxResponseBytes || (p.total ?? 0) > this.maxResponseBytes) {
          context.tooLarge = true;
          pending.cancel();
        }
      });
      const response = await pending;
      raw = response.body;
      encoding = response.headers['content-encoding'];
      status = response.statusCode;
    } catch (err) {
      throw this.toApiError(err, subject, context);
    } finally {
      abort?.done();
    }
    this.onEvent({ type: 'response', method: context.method, route, status, ms: Date.now() - started });
    let text: string;
    try {
      text = decodeBody(raw, encoding, this.maxResponseBytes);
    } catch (err) {
      if (err instanceof ResponseTooLarge) throw this.tooLarge(subject, route, status);
      const why = err instanceof UndecodableBody ? err.message : 'the body could not be decoded';
      throw new MixpanelApiError('malformed', `Mixpanel's answer could not be read while ${subject.purpose}: ${why} (HTTP ${status} from ${route})`, status, route);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
    } catch {
      throw new MixpanelApiError(
        'malformed',
        `Mixpanel's answer is not valid JSON while ${subject.purpose} (HTTP ${status} from ${route}, ${text.length} characters)`,
        status,
        route,
      );
    }
    // Redacted at the door: every string from Mixpanel (an error text, an organization name that
    // echoes a credential) is clean before any collector reads, cuts or shows it.
    return this.redactor.redactJson(parsed);
  }

  private tooLarge(subject: RequestSubject, route: string, status?: number): MixpanelApiError {
    return new MixpanelApiError(
      'too-large',
      `Mixpanel's answer is larger than ${this.maxResponseBytes} bytes while ${subject.purpose} (${route}); ` +
        'raise the limit with --max-response-bytes if the answer is expected to be this large',
      status,
      route,
    );
  }

  private toApiError(err: unknown, subject: RequestSubject, ctx: RequestContext): Error {
    const cause = err instanceof Error ? err.cause : undefined;
    if (err instanceof ReadOnlyViolation) return err;
    if (cause instanceof ReadOnlyViolation) return cause;
    if (ctx.tooLarge) return this.tooLarge(subject, ctx.route);
    if (this.budget !== undefined && (ctx.budgetStopped || cause instanceof BudgetAbort || this.budget.exceeded())) {
      return this.budget.error(subject.purpose, ctx.route);
    }
    if (!(err instanceof RequestError)) {
      return new MixpanelApiError('network', this.redactor.redact(`request failed while ${subject.purpose} (${ctx.route})`), undefined, ctx.route);
    }
    const attempts = (err.request?.retryCount ?? 0) + 1;
    if (err instanceof HTTPError) {
      return describeFailure({
        status: err.response.statusCode,
        route: ctx.route,
        attempts,
        serverSays: this.serverSays(err.response.body, err.response.headers['content-encoding']),
        crossHostRedirect: ctx.crossHostRedirect,
        ...(ctx.retryAfterTooLongMs === undefined ? {} : { retryAfterMs: ctx.retryAfterTooLongMs, retryAfterCapMs: this.retryPolicy.maxRetryAfterMs }),
        ...(ctx.totalWaitCapped ? { totalWaitCapMs: this.retryPolicy.maxTotalWaitMs } : {}),
      }, subject);
    }
    if (cause instanceof UnsafeRedirect) {
      return new MixpanelApiError('network', `${cause.message} while ${subject.purpose}`, undefined, ctx.route);
    }
    return describeFailure({ code: err.code, route: ctx.route, attempts, timeoutMs: this.timeoutMs }, subject);
  }

  /** Mixpanel's short error text from an error body, when it has one (`error`, `detail`, `title`). */
  private serverSays(body: unknown, encoding: string | string[] | undefined): string | undefined {
    if (!Buffer.isBuffer(body) && typeof body !== 'string') return undefined;
    let text: string;
    try {
      text = Buffer.isBuffer(body) ? decodeBody(body, encoding, this.maxResponseBytes) : body;
    } catch {
      return undefined;
    }
    if (text.trim() === '') return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (parsed === null || typeof parsed !== 'object') return undefined;
    const rec = parsed as Record<string, unknown>;
    const said = [rec.error, rec.detail, rec.title].find((v): v is string => typeof v === 'string' && v.trim() !== '');
    if (said === undefined) return undefined;
    // Redacted, then cut: never the other way round (a cut secret is no longer recognised whole).
    return this.redactor.clip(said.replace(/\s+/g, ' ').trim(), MAX_ERROR_TEXT);
  }
}
