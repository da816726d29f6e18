/**
 * A failed Mixpanel request, said for people: what went wrong and what to do, never a stack of
 * HTTP internals. The message is built from our own words plus the route (host and path, no query)
 * and, when Mixpanel gave one, its short error text; it never carries request headers.
 */
import type { Region } from '../core/region.js';

export type FailureKind =
  | 'credentials'     // 401
  | 'forbidden'       // 403
  | 'not-found'       // 404
  | 'rate-limited'    // 429 after retries
  | 'server'          // 5xx after retries
  | 'http'            // any other status
  | 'timeout'
  | 'network'
  | 'malformed'       // body is not the JSON we expect
  | 'too-large'       // body over --max-response-bytes (decompressed)
  | 'budget'          // the collection time budget (--max-collection-time) ran out
  | 'not-configured'; // e.g. no SCIM token

/** What the request was for, so that a refusal can say what role it needed and for what. */
export interface RequestSubject {
  /** "listing the organization's service accounts": completes "lacks the owner/admin role needed for ..." */
  purpose: string;
  region: Region;
  organizationId?: string;
  projectId?: string;
  /** Replaces the default 401/403 wording, e.g. for the SCIM token. */
  credentialName?: string;
}

export class MixpanelApiError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
    readonly route?: string,
  ) {
    super(message);
    this.name = 'MixpanelApiError';
  }
}

export interface FailureFacts {
  status?: number;
  code?: string;
  route: string;
  attempts: number;
  timeoutMs?: number;
  /** Mixpanel's own error text, already redacted. */
  serverSays?: string;
  /** Retry-After (ms) of the last response, when it was too long to wait for. */
  retryAfterMs?: number;
  /** The longest Retry-After the client waits for (ms), quoted with `retryAfterMs`. */
  retryAfterCapMs?: number;
  /** Retries stopped because the waits of this request reached their total cap (ms). */
  totalWaitCapMs?: number;
  /** The request was redirected to another host, where credentials are not sent. */
  crossHostRedirect?: boolean;
}

function kindOf(facts: FailureFacts): FailureKind {
  const s = facts.status;
  if (s === undefined) return facts.code === 'ETIMEDOUT' ? 'timeout' : 'network';
  if (s === 401) return 'credentials';
  if (s === 403) return 'forbidden';
  if (s === 404) return 'not-found';
  if (s === 429) return 'rate-limited';
  if (s >= 500) return 'server';
  return 'http';
}

function attemptsText(n: number): string {
  return n === 1 ? '' : ` after ${n} attempts`;
}

/** Builds the error a person reads for a failed request. */
export function describeFailure(facts: FailureFacts, subject: RequestSubject): MixpanelApiError {
  const kind = kindOf(facts);
  const where = `(${facts.status === undefined ? facts.code ?? 'no response' : `HTTP ${facts.status}`} from ${facts.route})`;
  const says = facts.serverSays ? `; Mixpanel says: ${facts.serverSays}` : '';
  const credential = subject.credentialName ?? 'the service account';
  let text: string;
  switch (kind) {
    case 'credentials':
      text = subject.credentialName
        ? `${subject.credentialName} rejected ${where}${says}`
        : `credentials rejected: check MIXPANEL_SERVICE_ACCOUNT_USERNAME and MIXPANEL_SERVICE_ACCOUNT_SECRET (or the credentials file) and the region ${where}${says}`;
      if (facts.crossHostRedirect) text += '; the request was redirected to another host, where credentials are not sent';
      break;
    case 'forbidden':
      text = subject.credentialName
        ? `${credential} was refused for ${subject.purpose} ${where}${says}`
        : `this service account lacks the owner/admin role needed for ${subject.purpose} ${where}${says}`;
      break;
    case 'not-found':
      if (subject.projectId !== undefined) text = `project ${subject.projectId} not found in region ${subject.region} ${where}${says}`;
      else if (subject.organizationId !== undefined) text = `organization ${subject.organizationId} not found in region ${subject.region} ${where}${says}`;
      else text = `not found in region ${subject.region} ${where}${says}`;
      break;
    case 'rate-limited':
      if (facts.retryAfterMs !== undefined) {
        const cap = facts.retryAfterCapMs === undefined ? '' : ` of ${Math.round(facts.retryAfterCapMs / 1000)} s`;
        text = `rate limited while ${subject.purpose}: Mixpanel asked to wait ${Math.ceil(facts.retryAfterMs / 1000)} s, longer than the retry cap${cap} ${where}`;
      } else {
        text = `rate limited while ${subject.purpose}${attemptsText(facts.attempts)} ${where}`;
      }
      if (facts.totalWaitCapMs !== undefined) text += `; stopped retrying: the waits of one request are capped at ${Math.round(facts.totalWaitCapMs / 1000)} s`;
      break;
    case 'server':
      text = `Mixpanel failed while ${subject.purpose}${attemptsText(facts.attempts)} ${where}${says}`;
      if (facts.totalWaitCapMs !== undefined) text += `; stopped retrying: the waits of one request are capped at ${Math.round(facts.totalWaitCapMs / 1000)} s`;
      break;
    case 'timeout':
      text = `no answer within ${facts.timeoutMs ?? '?'} ms while ${subject.purpose}${attemptsText(facts.attempts)} ${where}`;
      break;
    case 'network':
      text = `network error while ${subject.purpose}${attemptsText(facts.attempts)} ${where}`;
      break;
    default:
      text = `unexpected answer while ${subject.purpose} ${where}${says}`;
  }
  return new MixpanelApiError(kind, text, facts.status, facts.route);
}
