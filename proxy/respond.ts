/**
 * How the proxy answers with a body: compression negotiated once here (br/gzip when the runtime
 * gives a compressor), `nosniff` on every body, conditional requests for static files. Refusals
 * do not come here: they are thrown and answered by `app.onError` (errors.ts).
 */
import type { Context } from 'hono';
import type { ProxyEnv } from './context.js';
import { etagMatches } from './lib/cache.js';
import { negotiateEncoding, type Compressor, type Encoding } from './lib/compress.js';
import { JSON_TYPE } from './lib/phases.js';
import type { StaticFile } from './lib/static.js';

const encoder = new TextEncoder();

/**
 * A response with `body`, compressed when the client accepts it and it is worth it. `encoded`
 * memoizes compressed variants on a cached entry; `level` is 'best' for static files.
 */
export function send(
  c: Context<ProxyEnv>,
  status: number,
  body: Uint8Array,
  headers: Record<string, string>,
  encoded?: Partial<Record<Encoding, Uint8Array>>,
  level: 'fast' | 'best' = 'fast',
): Response {
  const mode = c.get('mode');
  const a = encodeAnswer(
    body,
    headers,
    c.req.header('accept-encoding'),
    c.get('services').compress,
    mode,
    encoded,
    level,
  );
  const empty = c.req.method === 'HEAD' || status === 304 || status === 204;
  const res = new Response(empty ? null : (a.body as Uint8Array<ArrayBuffer>), { status, headers: a.headers });
  if (mode) withMode.add(res);
  return res;
}

/**
 * The bytes and headers of an answer with a body (pure, shared by `send` and the Node fast path,
 * fast-path.ts): compressed when the client accepts it and it is worth it, `nosniff`, `Vary`, and
 * `X-CarStrel-Mode`. `encoded` memoizes compressed variants on a cached entry.
 */
export function encodeAnswer(
  body: Uint8Array,
  headers: Record<string, string>,
  acceptEncoding: string | null | undefined,
  compress: Compressor | undefined,
  mode: 'test' | 'live' | undefined,
  encoded?: Partial<Record<Encoding, Uint8Array>>,
  level: 'fast' | 'best' = 'fast',
): { body: Uint8Array; headers: Record<string, string> } {
  const h: Record<string, string> = { ...headers };
  const encoding = compress ? negotiateEncoding(acceptEncoding, headers['content-type'], body.byteLength) : undefined;
  let out = body;
  if (encoding && compress) {
    out = encoded?.[encoding] ?? compress(body, encoding, level);
    if (encoded) encoded[encoding] = out;
    h['content-encoding'] = encoding;
    // The compressed bytes are another representation: a weak validator (as nginx does).
    if (h.etag && !h.etag.startsWith('W/')) h.etag = `W/${h.etag}`;
  }
  h['x-content-type-options'] = 'nosniff';
  if (compress) h.vary = h.vary ? `${h.vary}, Accept-Encoding` : 'Accept-Encoding';
  if (mode) h['x-carstrel-mode'] = mode;
  return { body: out, headers: h };
}

/**
 * Answers `send` built with `X-CarStrel-Mode` among their headers. Adding it afterwards, through
 * `Response.headers`, would turn the plain header record into a `Headers` object that the Node
 * adapter then has to copy back out, on every forwarded request.
 */
const withMode = new WeakSet<Response>();

/** True when `res` came from `send` with the mode header already set. */
export function carriesMode(res: Response): boolean {
  return withMode.has(res);
}

/** A JSON body (the CarStrel success envelope, for the proxy's own routes). */
export function sendJson(c: Context<ProxyEnv>, value: unknown, headers: Record<string, string> = {}): Response {
  return send(c, 200, encoder.encode(JSON.stringify(value)), { 'content-type': JSON_TYPE, ...headers });
}

/** The response for a 304 or a body with its ETag: validated against If-None-Match. */
export function sendValidated(
  c: Context<ProxyEnv>,
  status: number,
  body: Uint8Array,
  headers: Record<string, string> & { etag: string },
  encoded?: Partial<Record<Encoding, Uint8Array>>,
  level: 'fast' | 'best' = 'fast',
): Response {
  if (etagMatches(c.req.header('if-none-match'), headers.etag)) return send(c, 304, new Uint8Array(), headers);
  return send(c, status, body, headers, encoded, level);
}

/** A static file (widgets build, demo page), with its own cache policy and ETag. */
export function sendStatic(c: Context<ProxyEnv>, file: StaticFile, extra: Record<string, string> = {}): Response {
  const headers = { 'content-type': file.type, 'cache-control': file.cacheControl, etag: file.etag, ...extra };
  return sendValidated(c, 200, file.body, headers, file.encoded, 'best');
}
