/**
 * Phase "forward with deadline": the one place that talks to CarStrel. Two interchangeable
 * clients: an undici Pool with keep-alive (Node, fastest) and a web `fetch` (any runtime, or
 * an in-memory handler in tests). Bodies are buffered (streaming an undici body into a web
 * Response crashed Node 20 on client disconnect), and every call has a deadline.
 */

export interface UpstreamRequest {
  method: string;
  /** Path and query, e.g. `/external/vehicles?page=2`. The origin is fixed by configuration. */
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  timeoutMs: number;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

export class UpstreamError extends Error {
  override name = 'UpstreamError';
  constructor(
    readonly kind: 'unreachable' | 'timeout',
    cause?: unknown,
  ) {
    super(kind === 'timeout' ? 'upstream timed out' : 'upstream unreachable', { cause });
  }
}

/**
 * A redirect from CarStrel is an upstream error, never followed: following it would send the
 * dealer's `x-api-key` to wherever the answer points. Both clients refuse it the same way.
 */
export function refuseRedirect(status: number): void {
  if (status >= 300 && status < 400)
    throw new UpstreamError('unreachable', new Error(`upstream answered ${status} (a redirect, not followed)`));
}

export interface Upstream {
  request(req: UpstreamRequest): Promise<UpstreamResponse>;
  close(): Promise<void>;
}

/** The content-coding upstream applied, if any ('identity' and absent are none), lower case. */
export function contentCoding(headers: UpstreamResponse['headers']): string | undefined {
  // Runs on every upstream answer: no entry arrays, and only a name of the right length is lower-cased.
  for (const name in headers) {
    if (name.length !== 16 || name.toLowerCase() !== 'content-encoding') continue;
    const raw = headers[name];
    if (raw === undefined || !Object.hasOwn(headers, name)) continue;
    const value = (Array.isArray(raw) ? raw.join(',') : raw).trim().toLowerCase();
    if (value && value !== 'identity') return value;
  }
  return undefined;
}

/** Largest body the proxy inflates from a compressed upstream answer (a bound on zip bombs). */
export const MAX_DECODED_BYTES = 16 * 1024 * 1024;

/** Undo one content-coding; undefined when it is unknown, malformed or inflates past the bound. */
export type BodyDecoder = (
  body: Uint8Array,
  coding: string,
) => Uint8Array | undefined | Promise<Uint8Array | undefined>;

/**
 * The proxy asks for `accept-encoding: identity`; an upstream that compresses anyway is decoded
 * here, so that redaction reads the real bytes. What cannot be decoded keeps its
 * `content-encoding` header, and `shapeResponse` refuses it (502) instead of passing it on.
 */
export async function decodeBody(res: UpstreamResponse, decode: BodyDecoder): Promise<UpstreamResponse> {
  const coding = contentCoding(res.headers);
  // Stryker disable next-line ConditionalExpression: a fast path; both decoders give undefined for no coding, which returns res below.
  if (!coding) return res;
  const body = await decode(res.body, coding);
  if (!body) return res;
  const headers: UpstreamResponse['headers'] = {};
  for (const [name, value] of Object.entries(res.headers))
    if (name.toLowerCase() !== 'content-encoding' && name.toLowerCase() !== 'content-length') headers[name] = value;
  return { status: res.status, headers, body };
}

/** gzip and deflate with the web-standard `DecompressionStream`, bounded; other codings unknown. */
export async function webDecoder(body: Uint8Array, coding: string): Promise<Uint8Array | undefined> {
  if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== 'deflate') return undefined;
  // A runtime's own fetch has already decoded the body (and kept the header): no gzip/zlib magic left.
  const gzip = body[0] === 0x1f && body[1] === 0x8b;
  const zlib = body.length > 1 && (body[0] & 0x0f) === 8 && ((body[0] << 8) | body[1]) % 31 === 0;
  if (coding === 'deflate' ? !zlib : !gzip) return body;
  try {
    const stream = new Blob([body as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream(coding === 'deflate' ? 'deflate' : 'gzip'));
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > MAX_DECODED_BYTES) return undefined;
      chunks.push(chunk);
    }
    const out = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.byteLength;
    }
    return out;
  } catch {
    return undefined;
  }
}

/** A deadline that aborts a signal, and knows whether it fired. */
export function deadline(ms: number): { signal: AbortSignal; fired: () => boolean; clear: () => void } {
  const ac = new AbortController();
  let fired = false;
  const t = setTimeout(() => {
    fired = true;
    ac.abort();
  }, ms);
  return { signal: ac.signal, fired: () => fired, clear: () => clearTimeout(t) };
}

/** Web-fetch client: for edge runtimes, and for calling an in-memory handler (tests, portability). */
export function fetchUpstream(origin: string, fetchFn: (req: Request) => Promise<Response>): Upstream {
  return {
    async request(req) {
      const d = deadline(req.timeoutMs);
      const aborted = new Promise<never>((_, reject) =>
        // Stryker disable next-line StringLiteral,ObjectLiteral,BooleanLiteral: the signal aborts once; this error is only the cause of the UpstreamError('timeout'), which nothing reads.
        d.signal.addEventListener('abort', () => reject(new Error('deadline')), { once: true }),
      );
      try {
        const res = await Promise.race([
          fetchFn(
            new Request(origin + req.path, {
              method: req.method,
              headers: req.headers,
              body: req.body && req.body.byteLength ? (req.body as Uint8Array<ArrayBuffer>) : undefined,
              signal: d.signal,
              redirect: 'manual',
            }),
          ),
          aborted,
        ]);
        if (res.status >= 300 && res.status < 400) void res.body?.cancel().catch(() => {});
        refuseRedirect(res.status);
        const body = await Promise.race([res.arrayBuffer(), aborted]);
        const headers: Record<string, string> = {};
        res.headers.forEach((v, k) => (headers[k] = v));
        return await decodeBody({ status: res.status, headers, body: new Uint8Array(body) }, webDecoder);
      } catch (err) {
        if (err instanceof UpstreamError) throw err;
        throw new UpstreamError(d.fired() ? 'timeout' : 'unreachable', err);
      } finally {
        d.clear();
      }
    },
    async close() {},
  };
}
