/**
 * The HTTP client for Mixpanel's management APIs, on got. What it guarantees:
 * - read-only: every request, retry and redirect passes the ReadOnlyGuard (GET, plus the audit-log
 *   query POST); the public methods are `getJson` and `queryAuditLog`, and `request` refuses the rest;
 * - credentials go to Mixpanel's hosts (or the configured base) only: a redirect to another origin
 *   is followed without the Authorization header, and a redirect from https to http is refused;
 * - retries with backoff on 429/502/503/504 and network errors, honoring Retry-After up to a cap,
 *   with a per-attempt timeout (see retry-policy.ts);
 * - failures become MixpanelApiError with a message for people; got's own errors, which carry the
 *   request options and so the Authorization header, never leave this file.
 */
import got, { HTTPError, RequestError, type Got, type RetryObject } from 'got';
import { TOOL_VERSION } from '../paths.js';
import type { Region } from '../state/org-state.js';
import { describeFailure, MixpanelApiError, type RequestSubject } from './api-error.js';
import type { ClientEvent } from './client-events.js';
import type { HostMap, Surface } from './hosts.js';
import { ReadOnlyGuard, ReadOnlyViolation } from './read-only-guard.js';
import { Redactor } from './redactor.js';
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
  private readonly guard: ReadOnlyGuard;
  private readonly http: Got;
  private readonly basic: string;
  private readonly bearer: string | undefined;
  private readonly onEvent: (event: ClientEvent) => void;

  constructor(opts: ClientOptions) {
    this.hosts = opts.hosts;
    this.redactor = opts.redactor ?? new Redactor();
    this.redactor.addBasic(opts.username, opts.secret);
    this.redactor.add(opts.scimToken);
    this.basic = `Basic ${Buffer.from(`${opts.username}:${opts.secret}`).toString('base64')}`;
    this.bearer = opts.scimToken === undefined ? undefined : `Bearer ${opts.scimToken}`;
    this.guard = new ReadOnlyGuard(opts.hosts.platformBases());
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.onEvent = opts.onEvent ?? (() => undefined);
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
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
      this.onEvent({
        type: 'retry', method: ctx.method, route: ctx.route, attempt: attemptCount, delayMs: delay,
        reason: status === undefined ? error.code : `HTTP ${status}`,
      });
      return Math.max(1, waitFor(delay));
    };

    this.http = got.extend({
      timeout: { request: this.timeoutMs },
      followRedirect: true,
      maxRedirects: 5,
      // A redirected POST stays a POST (the notes: "follow redirects, keep the method"); the guard
      // re-checks the new URL before it is sent.
      methodRewriting: false,
      throwHttpErrors: true,
      responseType: 'text',
      headers: { 'user-agent': `mixpanel-hardening/${TOOL_VERSION}`, accept: 'application/json' },
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
    this.guard.check(method, url);
    const route = routeOf(url);
    if (auth === 'bearer' && this.bearer === undefined) {
      throw new MixpanelApiError('not-configured', `no ${subject.credentialName ?? 'bearer token'} is configured for ${subject.purpose}`, undefined, route);
    }
    const context: RequestContext = { route, method: method.toUpperCase(), crossHostRedirect: false };
    const started = Date.now();
    let text: string;
    let status: number;
    try {
      const response = await this.http(url, {
        method: method.toUpperCase() as 'GET' | 'POST',
        headers: { authorization: auth === 'bearer' ? this.bearer : this.basic },
        context: { request: context },
        ...(body === undefined ? {} : { json: body }),
      });
      text = response.body as string;
      status = response.statusCode;
    } catch (err) {
      throw this.toApiError(err, subject, context);
    }
    this.onEvent({ type: 'response', method: context.method, route, status, ms: Date.now() - started });
    try {
      return JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
    } catch {
      throw new MixpanelApiError(
        'malformed',
        `Mixpanel's answer is not valid JSON while ${subject.purpose} (HTTP ${status} from ${route}, ${text.length} characters)`,
        status,
        route,
      );
    }
  }

  private toApiError(err: unknown, subject: RequestSubject, ctx: RequestContext): Error {
    const cause = err instanceof Error ? err.cause : undefined;
    if (err instanceof ReadOnlyViolation) return err;
    if (cause instanceof ReadOnlyViolation) return cause;
    if (!(err instanceof RequestError)) {
      return new MixpanelApiError('network', this.redactor.redact(`request failed while ${subject.purpose} (${ctx.route})`), undefined, ctx.route);
    }
    const attempts = (err.request?.retryCount ?? 0) + 1;
    if (err instanceof HTTPError) {
      return describeFailure({
        status: err.response.statusCode,
        route: ctx.route,
        attempts,
        serverSays: this.serverSays(err.response.body),
        crossHostRedirect: ctx.crossHostRedirect,
        ...(ctx.retryAfterTooLongMs === undefined ? {} : { retryAfterMs: ctx.retryAfterTooLongMs }),
      }, subject);
    }
    if (cause instanceof UnsafeRedirect) {
      return new MixpanelApiError('network', `${cause.message} while ${subject.purpose}`, undefined, ctx.route);
    }
    return describeFailure({ code: err.code, route: ctx.route, attempts, timeoutMs: this.timeoutMs }, subject);
  }

  /** Mixpanel's short error text from an error body, when it has one (`error`, `detail`, `title`). */
  private serverSays(body: unknown): string | undefined {
    if (typeof body !== 'string' || body.trim() === '') return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
    if (parsed === null || typeof parsed !== 'object') return undefined;
    const rec = parsed as Record<string, unknown>;
    const text = [rec.error, rec.detail, rec.title].find((v): v is string => typeof v === 'string' && v.trim() !== '');
    if (text === undefined) return undefined;
    const clean = this.redactor.redact(text.replace(/\s+/g, ' ').trim());
    return clean.length > MAX_ERROR_TEXT ? `${clean.slice(0, MAX_ERROR_TEXT)}...` : clean;
  }
}
