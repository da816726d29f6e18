/**
 * A response body, bounded. The client takes the raw bytes (got's own decompression is off, because
 * it would inflate without limit: a 6 MB gzip body can expand to gigabytes) and decodes them here
 * with the same cap on the decompressed size, so that neither an endless body nor a compression bomb
 * can hold more than `maxBytes` (plus one zlib chunk) in memory.
 */
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync, type ZlibOptions } from 'node:zlib';

/** 64 MiB: far above any documented page (a /me of 2,000 projects is about 1 MB), well below memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Bounds of --max-response-bytes: V8 strings stop at 2^29 - 24 characters, so 512 MiB is the ceiling. */
export const MIN_MAX_RESPONSE_BYTES = 1024;
export const MAX_MAX_RESPONSE_BYTES = 512 * 1024 * 1024 - 1024;

/** The body was longer than the cap (raw or decompressed). */
export class ResponseTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the answer is larger than ${maxBytes} bytes`);
    this.name = 'ResponseTooLarge';
  }
}

/** The body could not be decoded (unknown or broken content encoding). */
export class UndecodableBody extends Error {}

function inflate(kind: string, data: Buffer, maxBytes: number): Buffer {
  // One byte over the cap tells "exactly at the cap" from "over it".
  const opts: ZlibOptions = { maxOutputLength: maxBytes + 1 };
  try {
    switch (kind) {
      case 'gzip':
      case 'x-gzip':
        return gunzipSync(data, opts);
      case 'deflate':
        // HTTP "deflate" is zlib-wrapped, but some servers send raw deflate.
        try {
          return inflateSync(data, opts);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw err;
          return inflateRawSync(data, opts);
        }
      case 'br':
        return brotliDecompressSync(data, { maxOutputLength: maxBytes + 1 });
      default:
        throw new UndecodableBody(`unsupported content encoding "${kind.slice(0, 40)}"`);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw new ResponseTooLarge(maxBytes);
    if (err instanceof UndecodableBody) throw err;
    throw new UndecodableBody(`the ${kind} body could not be decompressed`);
  }
}

/** The body as text: decompressed per Content-Encoding (applied in reverse order), at most `maxBytes`. */
export function decodeBody(raw: Buffer, contentEncoding: string | string[] | undefined, maxBytes: number): string {
  if (raw.length > maxBytes) throw new ResponseTooLarge(maxBytes);
  const header = Array.isArray(contentEncoding) ? contentEncoding.join(',') : contentEncoding ?? '';
  const codings = header.split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '' && c !== 'identity');
  let data = raw;
  for (const kind of codings.reverse()) {
    data = inflate(kind, data, maxBytes);
    if (data.length > maxBytes) throw new ResponseTooLarge(maxBytes);
  }
  return data.toString('utf8');
}
