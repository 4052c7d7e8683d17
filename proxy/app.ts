/**
 * The proxy as a web-standard handler (`Request` → `Response`) on Hono. Nothing here touches
 * node:http, node:fs or node:zlib: those arrive as dependencies (upstream client, lead store,
 * static assets, compressor), so the same app runs on Node (server.ts) or an edge runtime.
 *
 * /external/* runs the pipeline: check target → check headers → match allow-list → CORS/CSRF →
 * rate limit → read body → strip headers + inject key → (cache | lead desk | forward) with
 * deadline → shape response (errors to the envelope, key redacted, tokens into the cookie).
 */
import { Hono, type Context } from 'hono';
import type { ProxyConfig } from './lib/config.js';
import { Refusal, refuse, refusalResponse, isRefusal } from './lib/errors.js';
import { allowedMethods, matchRoute, type Route } from './lib/routes.js';
import {
  bearerFromAuthorization,
  checkHeaders,
  checkRequestTarget,
  clientAddress,
  forwardHeaders,
  redactKey,
  responseHeaders,
} from './lib/phases.js';
import { checkOrigin, corsHeaders, preflight } from './lib/cors.js';
import { RateLimiter, type RateClass } from './lib/ratelimit.js';
import { ResponseCache, etagMatches, type CachePolicy, type CacheState } from './lib/cache.js';
import { UpstreamError, fetchUpstream, type Upstream, type UpstreamResponse } from './lib/upstream.js';
import { LeadDesk, IdempotencyMismatch, MemoryLeadStore, type LeadStore } from './lib/leads.js';
import { SessionSealer, cookieName, readCookie, sessionCookie, splitAuthResult } from './lib/session.js';
import { negotiateEncoding, type Compressor, type Encoding } from './lib/compress.js';
import type { AssetSource, StaticFile } from './lib/static.js';
import { readLimited } from './lib/body.js';

export interface ProxyDeps {
  /** Default: the runtime's global `fetch` to `config.apiUrl` (edge runtimes). Node uses an undici Pool. */
  upstream?: Upstream;
  /** Durable lead store (FileLeadStore on Node). Default: in memory. */
  leadStore?: LeadStore;
  /** Static files (widgets build + demo). Default: none (edge platforms serve assets themselves). */
  assets?: AssetSource;
  /** Sandbox mode: forwards GET /media/* to the sandbox. */
  media?: Upstream;
  compress?: Compressor;
  log?: (line: string) => void;
  now?: () => number;
}

/** Per-request facts: the parsed URL (parsed once), and what the log line reports. */
interface Meta {
  url: URL;
  cache?: CacheState;
  upstream?: number | 'timeout' | 'unreachable';
  lead?: string;
}

type Env = { Variables: { meta: Meta }; Bindings: { incoming?: { socket?: { remoteAddress?: string } } } };

const JSON_TYPE = 'application/json; charset=utf-8';
/** 8–128 visible ASCII characters, no quote or backslash (a UUID is ideal). */
const IDEMPOTENCY_KEY = /^[!#-[\]-~]{8,128}$/;
const enc = new TextEncoder();
const dec = new TextDecoder();

export interface ProxyApp {
  fetch(req: Request, env?: unknown): Response | Promise<Response>;
  /** Add origins allowed by CORS/CSRF (the proxy's own origins, once it listens). */
  allowOrigins(...origins: string[]): void;
  readonly cache: ResponseCache;
  readonly leads: LeadDesk;
  close(): Promise<void>;
}

function cachePolicy(route: Route, config: ProxyConfig): CachePolicy | undefined {
  if (config.cacheMaxEntries === 0) return undefined;
  if (route.kind === 'reference' && config.cacheTtl > 0)
    return { ttl: config.cacheTtl * 1000, swr: 3600_000, sie: 86_400_000 };
  if (route.kind === 'list' && config.cacheListTtl > 0)
    return { ttl: config.cacheListTtl * 1000, swr: 30_000, sie: 300_000 };
  return undefined;
}

function browserCacheControl(route: Route, config: ProxyConfig): string {
  if (route.kind === 'reference' && config.cacheTtl > 0)
    return `public, max-age=${config.cacheTtl}, stale-while-revalidate=3600, stale-if-error=86400`;
  if (route.kind === 'list' && config.cacheListTtl > 0)
    return `public, max-age=${config.cacheListTtl}, stale-while-revalidate=30`;
  return 'no-store';
}

function rateClass(route: Route): RateClass {
  if (route.kind === 'auth') return 'auth';
  return route.method === 'GET' ? 'get' : 'post';
}

/** Read a request body up to `limit` bytes, refusing (413) as soon as it is exceeded. */
async function readBody(req: Request, limit: number): Promise<Uint8Array> {
  const declared = req.headers.get('content-length');
  if (declared && Number(declared) > limit) throw refuse.bodyTooLarge(limit);
  const body = await readLimited(req.body, limit);
  if (!body) throw refuse.bodyTooLarge(limit);
  return body;
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(dec.decode(body));
  } catch {
    return undefined;
  }
}

/** Phase "check body": JSON only (or empty), and well formed. */
function checkJsonBody(body: Uint8Array, contentType: string | null): Refusal | undefined {
  if (!body.byteLength) return undefined;
  if (!contentType || !/^application\/json\b/i.test(contentType)) return refuse.bodyNotJson();
  try {
    JSON.parse(dec.decode(body));
  } catch {
    return refuse.bodyInvalidJson();
  }
  return undefined;
}

export function createProxyApp(config: ProxyConfig, deps: ProxyDeps = {}): ProxyApp {
  const upstream = deps.upstream ?? fetchUpstream(config.apiUrl, (req) => fetch(req));
  const allowed = new Set<string>(config.allowedOrigins);
  if (config.publicUrl) allowed.add(config.publicUrl);
  const limiter = new RateLimiter(config.rateLimit, deps.now);
  const cache = new ResponseCache(config.cacheMaxEntries, deps.now);
  const leads = new LeadDesk(deps.leadStore ?? new MemoryLeadStore(), upstream, {
    apiKey: config.apiKey,
    timeoutMs: config.upstreamTimeoutMs,
    now: deps.now,
  });
  const sealer = new SessionSealer(config.sessionSecret ?? crypto.randomUUID() + crypto.randomUUID());
  const secureCookie = config.cookieSameSite === 'None' || (config.publicUrl?.startsWith('https:') ?? false);
  const cookieOpts = { secure: secureCookie, sameSite: config.cookieSameSite };
  const log = config.log === 'off' ? undefined : deps.log;
  const app = new Hono<Env>();

  // ---- shared response helpers -------------------------------------------------------------

  function send(
    c: Context<Env>,
    status: number,
    body: Uint8Array,
    headers: Record<string, string>,
    encoded?: Partial<Record<Encoding, Uint8Array>>,
    level: 'fast' | 'best' = 'fast',
  ): Response {
    const h: Record<string, string> = { ...headers };
    const encoding = deps.compress
      ? negotiateEncoding(c.req.header('accept-encoding'), headers['content-type'], body.byteLength)
      : undefined;
    let out = body;
    if (encoding && deps.compress) {
      out = encoded?.[encoding] ?? deps.compress(body, encoding, level);
      if (encoded) encoded[encoding] = out;
      h['content-encoding'] = encoding;
      // The compressed bytes are another representation: a weak validator (as nginx does).
      if (h.etag && !h.etag.startsWith('W/')) h.etag = `W/${h.etag}`;
    }
    h['x-content-type-options'] = 'nosniff';
    if (deps.compress) h.vary = h.vary ? `${h.vary}, Accept-Encoding` : 'Accept-Encoding';
    return new Response(
      c.req.method === 'HEAD' || status === 304 || status === 204 ? null : (out as Uint8Array<ArrayBuffer>),
      { status, headers: h },
    );
  }

  function sendStatic(c: Context<Env>, file: StaticFile, extra: Record<string, string> = {}): Response {
    const headers = { 'content-type': file.type, 'cache-control': file.cacheControl, etag: file.etag, ...extra };
    if (etagMatches(c.req.header('if-none-match'), file.etag)) return send(c, 304, new Uint8Array(), headers);
    return send(c, 200, file.body, headers, file.encoded, 'best');
  }

  // ---- every request: shape checks first, then one JSON log line (no key/token/password/body/query)

  app.use('*', async (c, next) => {
    const started = log ? performance.now() : 0;
    const url = new URL(c.req.url);
    c.set('meta', { url });
    const refusal = checkRequestTarget(url.pathname + url.search) ?? checkHeaders(c.req.raw.headers.entries());
    if (refusal) c.res = refusalResponse(refusal);
    else await next();
    if (!log) return;
    const meta = c.get('meta');
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      method: c.req.method,
      path: url.pathname,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    };
    if (meta.cache) line.cache = meta.cache;
    if (meta.upstream !== undefined) line.upstream = meta.upstream;
    if (meta.lead) line.lead = meta.lead;
    log(JSON.stringify(line));
  });

  app.onError((err, c) => {
    if (isRefusal(err)) return refusalResponse(err, corsHeaders(c.req.header('origin'), allowed));
    if (err instanceof IdempotencyMismatch)
      return refusalResponse(refuse.idempotencyMismatch(), corsHeaders(c.req.header('origin'), allowed));
    deps.log?.(
      JSON.stringify({
        time: new Date().toISOString(),
        level: 'error',
        message: String((err as Error)?.message ?? err).replaceAll(config.apiKey, '[redacted]'),
      }),
    );
    return refusalResponse(refuse.internal());
  });

  app.notFound((c) => refusalResponse(refuse.notFound(c.req.method, c.get('meta').url.pathname)));

  // ---- /healthz ------------------------------------------------------------------------------

  let probe:
    | { at: number; result: Promise<{ reachable: boolean; keyAccepted?: boolean; status?: number; ms: number }> }
    | undefined;
  function probeUpstream() {
    const now = (deps.now ?? Date.now)();
    if (!probe || now - probe.at > 5000) {
      const t0 = performance.now();
      probe = {
        at: now,
        result: upstream
          .request({
            method: 'GET',
            path: '/external/engine-types',
            headers: { 'x-api-key': config.apiKey, accept: 'application/json' },
            timeoutMs: Math.min(2000, config.upstreamTimeoutMs),
          })
          .then((r) => {
            leads.noteUpstream(r.status);
            return r;
          })
          .then((r) => ({
            reachable: r.status < 500,
            keyAccepted: r.status !== 401 && r.status !== 403,
            status: r.status,
            ms: Math.round(performance.now() - t0),
          }))
          .catch(() => ({ reachable: false, ms: Math.round(performance.now() - t0) })),
      };
    }
    return probe.result;
  }

  app.get('/healthz', async (c) => {
    const probed = await probeUpstream();
    const queue = leads.queue();
    const ok = probed.reachable && probed.keyAccepted !== false && queue.journal.writable;
    const body = {
      statusCode: 200,
      message: ok
        ? 'ok'
        : !queue.journal.writable
          ? `degraded: the lead journal cannot be written (${queue.journal.error}); while CarStrel is unreachable new leads are refused with 503`
          : !probed.reachable
            ? 'degraded: CarStrel is unreachable; leads are queued and delivered when it is back'
            : 'degraded: CarStrel refuses the API key; check CARSTREL_API_KEY',
      data: {
        status: ok ? 'ok' : 'degraded',
        mode: config.mode,
        upstream: {
          reachable: probed.reachable,
          keyAccepted: probed.keyAccepted ?? null,
          status: probed.status ?? null,
          latencyMs: probed.ms,
        },
        queue,
        cache: { entries: cache.size },
      },
    };
    return send(c, 200, enc.encode(JSON.stringify(body)), { 'content-type': JSON_TYPE, 'cache-control': 'no-store' });
  });

  // ---- static: widgets bundle, media (sandbox), demo --------------------------------------------

  async function widget(c: Context<Env>) {
    const file = await deps.assets?.widget(c.get('meta').url.pathname);
    if (!file) return refusalResponse(refuse.bundleMissing(), { 'access-control-allow-origin': '*' });
    return sendStatic(c, file, { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' });
  }
  app.get('/carstrel.js', widget);
  app.get('/sw.js', widget);
  app.get('/chunks/:file', widget);

  if (deps.media) {
    const media = deps.media;
    app.get('/media/*', async (c) => {
      const url = c.get('meta').url;
      let res: UpstreamResponse;
      try {
        res = await media.request({
          method: 'GET',
          path: url.pathname + url.search,
          headers: { accept: c.req.header('accept') ?? '*/*' },
          timeoutMs: config.upstreamTimeoutMs,
        });
      } catch (err) {
        throw err instanceof UpstreamError && err.kind === 'timeout'
          ? refuse.upstreamTimeout()
          : refuse.upstreamUnreachable();
      }
      const h: Record<string, string> = {
        'access-control-allow-origin': '*',
        'cross-origin-resource-policy': 'cross-origin',
        'x-content-type-options': 'nosniff',
      };
      for (const name of ['content-type', 'cache-control', 'etag', 'last-modified']) {
        const v = res.headers[name];
        if (typeof v === 'string') h[name] = v;
      }
      if (h.etag && etagMatches(c.req.header('if-none-match'), h.etag)) return send(c, 304, new Uint8Array(), h);
      return send(c, res.status, res.body, h);
    });
  }

  // ---- session ---------------------------------------------------------------------------------

  /**
   * Whether this browser has a live customer session (a valid session cookie), answered without
   * any upstream call: the login widget asks this before `/external/auth/me`, so an anonymous page
   * view costs the dealer no upstream request. Says nothing about who the customer is.
   */
  app.get('/session', async (c) => {
    const origin = c.req.header('origin');
    const active = (await sealer.open(readCookie(c.req.header('cookie'), cookieName(secureCookie)))) !== undefined;
    const body = { statusCode: 200, message: 'data has been received', data: { active } };
    return send(c, 200, enc.encode(JSON.stringify(body)), {
      'content-type': JSON_TYPE,
      'cache-control': 'no-store',
      vary: 'Origin, Cookie',
      ...corsHeaders(origin, allowed),
    });
  });

  app.post('/session/logout', (c) => {
    const origin = c.req.header('origin');
    const refusal = checkOrigin(origin, allowed, c.get('meta').url.origin);
    if (refusal) throw refusal;
    const body = { statusCode: 200, message: 'Signed out', data: { signedOut: true } };
    return send(c, 200, enc.encode(JSON.stringify(body)), {
      'content-type': JSON_TYPE,
      'cache-control': 'no-store',
      'set-cookie': sessionCookie('', 0, cookieOpts),
      ...corsHeaders(origin, allowed),
    });
  });
  app.options('/session/logout', (c) => {
    const p = preflight(
      c.req.header('origin'),
      c.req.header('access-control-request-method'),
      c.req.header('access-control-request-headers'),
      ['POST'],
      allowed,
    );
    if (isRefusal(p)) throw p;
    return new Response(null, p);
  });

  // ---- /external/*: the pipeline ---------------------------------------------------------------

  async function forward(
    c: Context<Env>,
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: Uint8Array,
  ): Promise<UpstreamResponse> {
    const meta = c.get('meta');
    try {
      const res = await upstream.request({ method, path, headers, body, timeoutMs: config.upstreamTimeoutMs });
      meta.upstream = res.status;
      leads.noteUpstream(res.status);
      return res;
    } catch (err) {
      if (err instanceof UpstreamError) meta.upstream = err.kind;
      throw err;
    }
  }

  /** Phase "shape response": upstream failures into the envelope, key redacted, safe headers only. */
  function shape(res: UpstreamResponse): { status: number; body: Uint8Array; headers: Record<string, string> } {
    const headers = responseHeaders(res.headers);
    if (res.status >= 500) {
      const r = refuse.upstreamFailed(res.status);
      return {
        status: r.status,
        body: enc.encode(JSON.stringify(r.envelope())),
        headers: {
          'content-type': JSON_TYPE,
          ...(headers['retry-after'] ? { 'retry-after': headers['retry-after'] } : {}),
        },
      };
    }
    return { status: res.status, body: redactKey(res.body, config.apiKey), headers };
  }

  function upstreamRefusal(err: unknown): never {
    if (err instanceof UpstreamError)
      throw err.kind === 'timeout' ? refuse.upstreamTimeout() : refuse.upstreamUnreachable();
    throw err;
  }

  /** What the later phases need to know about one admitted /external request. */
  interface Admitted {
    c: Context<Env>;
    route: Route;
    /** Path and query as received (already checked): what goes upstream. */
    target: string;
    headers: Record<string, string>;
    body?: Uint8Array;
    cors: Record<string, string>;
  }

  function answerPreflight(req: Request, path: string): Response {
    const methods = allowedMethods(path);
    if (!methods.length) throw matchRoute('GET', path) as Refusal;
    const p = preflight(
      req.headers.get('origin'),
      req.headers.get('access-control-request-method'),
      req.headers.get('access-control-request-headers'),
      methods,
      allowed,
    );
    if (isRefusal(p)) throw p;
    return new Response(null, p);
  }

  /** Phases before any upstream work: allow-list, HEAD, CSRF, rate limit. */
  function admit(c: Context<Env>, path: string): Route {
    const req = c.req.raw;
    const route = matchRoute(req.method === 'HEAD' ? 'GET' : req.method, path);
    if (isRefusal(route)) throw route;
    // HEAD only where it cannot have effects upstream (a HEAD on a detail would count as a view).
    if (req.method === 'HEAD' && route.kind !== 'reference' && route.kind !== 'list')
      throw refuse.methodNotAllowed('HEAD', path, ['GET']);
    if (route.method === 'POST') {
      const refusal = checkOrigin(req.headers.get('origin'), allowed, c.get('meta').url.origin);
      if (refusal) throw refusal;
    }
    const client = clientAddress(
      c.env?.incoming?.socket?.remoteAddress,
      req.headers.get('x-forwarded-for'),
      config.trustProxy,
    );
    const wait = limiter.check(client, rateClass(route));
    if (wait !== undefined) throw refuse.rateLimited(wait);
    return route;
  }

  /** The customer's bearer: from the session cookie, else the fallback header. Public reads get none. */
  async function customerBearer(req: Request, route: Route): Promise<string | undefined> {
    if (route.kind === 'reference' || route.kind === 'list') return undefined;
    const fromCookie = await sealer.open(readCookie(req.headers.get('cookie'), cookieName(secureCookie)));
    if (fromCookie) return fromCookie;
    const b = bearerFromAuthorization(req.headers.get('authorization'));
    if (isRefusal(b)) throw b;
    return b;
  }

  /** Public reads through the cache (stored already redacted, so a hit is sent as is). */
  async function cachedRead(a: Omit<Admitted, 'headers' | 'body'>, policy: CachePolicy): Promise<Response> {
    // Headers are built only on a miss; public reads never carry the customer's bearer.
    const load = () =>
      forward(a.c, 'GET', a.target, forwardHeaders(a.c.req.raw.headers.entries(), config.apiKey)).then((res) => ({
        ...res,
        body: redactKey(res.body, config.apiKey),
      }));
    let result;
    try {
      result = await cache.fetch(`GET ${a.target}`, policy, load, (res) => responseHeaders(res.headers));
    } catch (err) {
      upstreamRefusal(err);
    }
    const { entry, state } = result;
    a.c.get('meta').cache = state;
    if (entry.status !== 200) {
      const s = shape({ status: entry.status, headers: entry.headers, body: entry.body });
      return send(a.c, s.status, s.body, { ...s.headers, 'cache-control': 'no-store', ...a.cors });
    }
    const h = {
      ...entry.headers,
      'cache-control': browserCacheControl(a.route, config),
      etag: entry.etag,
      'x-carstrel-cache': state,
      ...a.cors,
    };
    if (etagMatches(a.c.req.header('if-none-match'), entry.etag)) return send(a.c, 304, new Uint8Array(), h);
    return send(a.c, 200, entry.body, h, entry.encoded);
  }

  /** Leads: idempotent by key, durably queued (202) when upstream cannot take them now. */
  async function takeLead(a: Admitted): Promise<Response> {
    let key = a.c.req.header('idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw refuse.badIdempotencyKey();
    key ??= `gen-${crypto.randomUUID()}`;
    a.headers['idempotency-key'] = key;
    const path = a.route.pattern;
    const answer = await leads.submit(path, key, dec.decode(a.body), a.c.req.header('content-type') ?? JSON_TYPE, () =>
      forward(a.c, 'POST', a.target, a.headers, a.body),
    );
    a.c.get('meta').lead = answer.outcome;
    const s =
      answer.status === 202
        ? { status: 202, body: answer.body, headers: { 'content-type': JSON_TYPE } }
        : shape({ status: answer.status, headers: answer.headers, body: answer.body });
    const extra: Record<string, string> = { 'idempotency-key': key, 'cache-control': 'no-store' };
    if (answer.outcome === 'replayed') extra['idempotent-replayed'] = 'true';
    return send(a.c, s.status, s.body, { ...s.headers, ...extra, ...a.cors });
  }

  /** Everything else: forwarded once, never cached; register/login tokens go into the cookie. */
  async function forwardOnce(a: Admitted): Promise<Response> {
    let res: UpstreamResponse;
    try {
      res = await forward(a.c, a.route.method, a.target, a.headers, a.body);
    } catch (err) {
      upstreamRefusal(err);
    }
    let s = shape(res);
    const extra: Record<string, string> = {
      'cache-control': a.route.kind === 'me' || a.route.kind === 'auth' ? 'private, no-store' : 'no-store',
    };
    if (a.route.kind === 'auth' && s.status >= 200 && s.status < 300) {
      const { tokens, publicBody } = splitAuthResult(parseJson(s.body));
      if (tokens) {
        extra['set-cookie'] = sessionCookie(await sealer.seal(tokens), tokens.expiresIn, cookieOpts);
        if (a.c.req.header('x-carstrel-session')?.toLowerCase() === 'bearer')
          extra['x-carstrel-bearer'] = tokens.accessToken;
        s = { ...s, body: enc.encode(JSON.stringify(publicBody)) };
      }
    }
    return send(a.c, s.status, s.body, { ...s.headers, ...extra, ...a.cors });
  }

  app.all('/external/*', async (c) => {
    const req = c.req.raw;
    const url = c.get('meta').url;
    if (req.method === 'OPTIONS') return answerPreflight(req, url.pathname);
    const route = admit(c, url.pathname);
    const body = route.method === 'POST' ? await readBody(req, config.bodyLimit) : undefined;
    if (body) {
      const refusal = checkJsonBody(body, req.headers.get('content-type'));
      if (refusal) throw refusal;
    }
    const target = url.pathname + url.search;
    const cors = corsHeaders(req.headers.get('origin'), allowed);
    const policy = route.method === 'GET' ? cachePolicy(route, config) : undefined;
    if (policy) return cachedRead({ c, route, target, cors }, policy);
    const headers = forwardHeaders(req.headers.entries(), config.apiKey, await customerBearer(req, route));
    const admitted: Admitted = { c, route, target, headers, body, cors };
    if (route.kind === 'lead') return takeLead(admitted);
    return forwardOnce(admitted);
  });

  // ---- demo pages --------------------------------------------------------------------------------

  async function demo(c: Context<Env>) {
    const path = c.get('meta').url.pathname;
    const file = await deps.assets?.demo(path);
    if (!file && path === '/favicon.ico')
      return new Response(null, { status: 204, headers: { 'cache-control': 'public, max-age=86400' } });
    if (!file) return refusalResponse(refuse.notFound(c.req.method, path));
    return sendStatic(c, file);
  }
  app.get('/', demo);
  app.get('/:file', demo);

  return {
    fetch: (req, env) => app.fetch(req, env as Env['Bindings']),
    allowOrigins: (...origins) => origins.forEach((o) => allowed.add(o)),
    cache,
    leads,
    async close() {
      await leads.close();
    },
  };
}
