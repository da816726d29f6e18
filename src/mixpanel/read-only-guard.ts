/**
 * The scanner never changes a Mixpanel organization. Every request passes this guard before it is
 * sent (and again on every retry and redirect, from a got hook): GET anywhere, POST only to the
 * beta audit-log query route on a platform host, nothing else. Mixpanel's write routes sit next to
 * the read routes (`delete-users/`, `service-accounts/remove-from-project`), so the rule is a list of
 * what is allowed, not of what is forbidden.
 */

/** The only route that reads with POST: the platform audit-log query. */
const AUDIT_LOG_QUERY = /^\/v1\/organizations\/[A-Za-z0-9_-]{1,64}\/audit-logs\/query$/;
const AUDIT_LOG_QUERY_PARAMS = new Set(['page_size', 'cursor', 'order']);

export class ReadOnlyViolation extends Error {
  constructor(readonly method: string, readonly where: string) {
    super(`refused ${method} ${where}: the scanner is read-only (GET, plus POST to the audit-log query route alone)`);
    this.name = 'ReadOnlyViolation';
  }
}

export class ReadOnlyGuard {
  /** `platformBases`: the platform hosts (or their override prefixes) the audit-log POST may go to. */
  constructor(private readonly platformBases: readonly string[]) {}

  /** Throws ReadOnlyViolation unless the request only reads. */
  check(method: string, url: URL): void {
    const verb = method.toUpperCase();
    // The path only, never the query: a query string could carry anything.
    const where = `${url.origin}${url.pathname}`;
    if (verb === 'GET') return;
    if (verb === 'POST' && this.isAuditLogQuery(url)) return;
    throw new ReadOnlyViolation(verb, where);
  }

  private isAuditLogQuery(url: URL): boolean {
    const href = `${url.origin}${url.pathname}`;
    const base = this.platformBases.find((b) => href.startsWith(`${b}/`));
    if (base === undefined) return false;
    if (!AUDIT_LOG_QUERY.test(href.slice(base.length))) return false;
    return [...url.searchParams.keys()].every((k) => AUDIT_LOG_QUERY_PARAMS.has(k));
  }
}
