/**
 * The App API wraps payloads as `{"status": "ok", "results": ...}` and errors as
 * `{"status": "error", "error": "..."}` (common/responses.yaml). A 200 carrying `status: error`
 * is still a failure. SCIM and the platform API do not use this envelope.
 */
import { MixpanelApiError } from './api-error.js';

export function unwrapEnvelope(body: unknown, what: string): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new MixpanelApiError('malformed', `unexpected answer while ${what}: expected a JSON object with "results"`);
  }
  const rec = body as Record<string, unknown>;
  if (rec.status === 'error') {
    // The body was redacted by the client as it arrived (client.ts), so this cut cannot split a
    // secret into a piece the redactor would no longer recognise.
    const says = typeof rec.error === 'string' ? `: ${rec.error.slice(0, 300)}` : '';
    throw new MixpanelApiError('http', `Mixpanel reported an error while ${what}${says}`);
  }
  if (!('results' in rec)) {
    throw new MixpanelApiError('malformed', `unexpected answer while ${what}: no "results" in the response`);
  }
  return rec.results;
}
