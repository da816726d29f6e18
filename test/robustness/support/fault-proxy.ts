/**
 * A fault-injecting proxy on loopback, in front of the fake Mixpanel (test/support/fake-mixpanel),
 * for the faults its own knobs do not cover: connection resets, truncated or malformed JSON, wrong
 * content types, redirects to another host, audit-log pages that repeat a cursor, and SCIM
 * `totalResults` that lie, endless bodies and gzip bombs. Every other request passes through unchanged, so the fake server stays
 * the one source of the organization's data. Kept here, apart from the fake server, so that
 * server's owner can change it freely.
 *
 * Also `startRecorder`: a second loopback host that records what reaches it (a redirect target),
 * to prove the Authorization header does not follow a redirect to another host.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'reset' }
  | { kind: 'truncate' }
  | { kind: 'bad-json' }
  | { kind: 'content-type'; contentType: string; body?: string }
  | { kind: 'redirect'; location: (path: string) => string }
  | { kind: 'repeat-cursor' }
  | { kind: 'scim-total'; totalResults: number }
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** A careless server that echoes the request's headers, credentials included, in its error. */
  | { kind: 'echo-auth'; status: number }
  /** A 200 whose body never ends: chunks of JSON-looking bytes until the client hangs up. */
  | { kind: 'endless' }
  /** A small gzip body that inflates to a huge one (the bytes are given, compressed). */
  | { kind: 'gzip-bomb'; gzipped: Buffer };

export interface ProxyRule {
  /** Matched against the request path (with its query string). */
  path: RegExp;
  fault: Fault;
  /** Apply to the first N matching requests only (default: all). */
  times?: number;
}

export interface SeenRequest {
  method: string;
  path: string;
  /** Whether the request carried an Authorization header (never its value). */
  authorized: boolean;
  fault?: Fault['kind'];
}

export interface FaultProxy {
  baseUrl: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

interface Upstream {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function forward(upstream: URL, req: IncomingMessage, body: Buffer): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: upstream.host };
    const r = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (res) => {
      readAll(res).then((b) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: b }), reject);
    });
    r.on('error', reject);
    r.end(body);
  });
}

function listen(server: ReturnType<typeof createServer>): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function closer(server: ReturnType<typeof createServer>): () => Promise<void> {
  return () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** Rewrites a JSON body, or returns it unchanged when it is not JSON. */
function rewriteJson(body: Buffer, edit: (json: Record<string, unknown>) => void): Buffer {
  try {
    const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    edit(json);
    return Buffer.from(JSON.stringify(json));
  } catch {
    return body;
  }
}

export async function startFaultProxy(upstreamBase: string, rules: ProxyRule[]): Promise<FaultProxy> {
  const upstream = new URL(upstreamBase);
  const used = new Map<ProxyRule, number>();
  const requests: SeenRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const body = await readAll(req);
      const path = req.url ?? '/';
      const rule = rules.find((r) => r.path.test(path) && (r.times === undefined || (used.get(r) ?? 0) < r.times));
      if (rule) used.set(rule, (used.get(rule) ?? 0) + 1);
      const fault = rule?.fault;
      requests.push({ method: req.method ?? 'GET', path, authorized: req.headers.authorization !== undefined, ...(fault ? { fault: fault.kind } : {}) });

      if (fault?.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'redirect') {
        res.writeHead(302, { location: fault.location(path) });
        res.end();
        return;
      }
      if (fault?.kind === 'echo-auth') {
        const auth = req.headers.authorization ?? '';
        const token = auth.replace(/^\S+\s+/, '');
        const decoded = Buffer.from(token, 'base64').toString('utf8');
        res.writeHead(fault.status, { 'content-type': 'application/json', 'www-authenticate': auth });
        res.end(JSON.stringify({ error: `rejected ${auth} (${decoded}) for ${token}`, headers: req.headers }));
        return;
      }
      if (fault?.kind === 'endless') {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.from(`{"status":"ok","results":[${'"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",'.repeat(2000)}`);
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk)) { /* until the socket pushes back */ }
          if (!res.destroyed) res.once('drain', pump);
        };
        res.on('close', () => res.removeAllListeners('drain'));
        pump();
        return;
      }
      if (fault?.kind === 'gzip-bomb') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(fault.gzipped.length) });
        res.end(fault.gzipped);
        return;
      }
      if (fault?.kind === 'status') {
        res.writeHead(fault.status, { 'content-type': 'application/json', ...(fault.headers ?? {}) });
        res.end(fault.body ?? '{"error":"fault injected"}');
        return;
      }
      const up = await forward(upstream, req, body);
      let out = up.body;
      let contentType = up.headers['content-type'] ?? 'application/json';
      switch (fault?.kind) {
        case 'truncate':
          out = out.subarray(0, Math.max(1, Math.floor(out.length / 2)));
          break;
        case 'bad-json':
          out = Buffer.from("{'results': [{'id': 1,}], next: undefined}");
          break;
        case 'content-type':
          contentType = fault.contentType;
          if (fault.body !== undefined) out = Buffer.from(fault.body);
          break;
        case 'repeat-cursor':
          // Every page points at the same next page: a pager that trusts it never ends.
          out = rewriteJson(out, (j) => {
            const p = (j.pagination ?? {}) as Record<string, unknown>;
            j.pagination = { ...p, next_cursor: 'c2FtZS1jdXJzb3I' };
          });
          break;
        case 'scim-total':
          out = rewriteJson(out, (j) => {
            j.totalResults = fault.totalResults;
          });
          break;
        default:
          break;
      }
      const headers: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(up.headers)) {
        if (v !== undefined && !['content-length', 'transfer-encoding', 'connection', 'content-type'].includes(k)) headers[k] = v;
      }
      res.writeHead(up.status, { ...headers, 'content-type': contentType, 'content-length': String(out.length) });
      res.end(out);
    })().catch((err: unknown) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`fault proxy: ${(err as Error).message}`);
    });
  });
  const baseUrl = await listen(server);
  return { baseUrl, requests, close: closer(server) };
}

export interface Recorder {
  baseUrl: string;
  requests: { method: string; path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/** Another host: answers everything with `status` and records each request's headers. */
export async function startRecorder(status = 401, body = '{"error":"who are you?"}'): Promise<Recorder> {
  const requests: Recorder['requests'] = [];
  const server = createServer((req, res) => {
    void readAll(req).then(() => {
      requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    });
  });
  const baseUrl = await listen(server);
  return { baseUrl, requests, close: closer(server) };
}
