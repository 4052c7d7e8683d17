/**
 * `/external/*`: the allow-listed forwarder. Each request runs the pipeline of pure phases
 * (lib/phases.ts, lib/routes.ts, lib/cors.ts) around three I/O steps:
 *
 *   preflight? → match allow-list → HEAD/CSRF → rate limit → read + check body
 *   → (public read: cache | lead: outbox | else: forward once), each with strip headers → inject key
 *   → forward with deadline → shape the response (errors to the envelope, key redacted, tokens
 *   into the session cookie).
 */
import { Hono, type Context } from 'hono';
import type { ProxyEnv } from '../context.js';
import { readLimited } from '../lib/body.js';
import type { CachePolicy } from '../lib/cache.js';
import { checkOrigin, preflight } from '../lib/cors.js';
import { refuse, isRefusal } from '../lib/errors.js';
import { customerScope } from '../lib/idempotency.js';
import { IdempotencyMismatch } from '../lib/leads.js';
import {
  JSON_TYPE,
  bearerFromAuthorization,
  checkIdempotencyKey,
  checkJsonBody,
  forwardHeaders,
  parseJson,
  redactKey,
  shapeResponse,
  type ShapedResponse,
} from '../lib/phases.js';
import { containsKey } from '../lib/redact.js';
import {
  allowedMethods,
  browserCacheControl,
  cachePolicy,
  matchRoute,
  normalizeQuery,
  rateClass,
  type Route,
} from '../lib/routes.js';
import { cookieName, readCookie, sessionCookie, splitAuthResult } from '../lib/session.js';
import { UpstreamError, type UpstreamResponse } from '../lib/upstream.js';
import { listedCors } from '../middleware.js';
import { send, sendValidated } from '../respond.js';

type Ctx = Context<ProxyEnv>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** An OPTIONS preflight, answered from the allow-list. */
function answerPreflight(c: Ctx, path: string): Response {
  const methods = allowedMethods(path);
  if (!methods.length) {
    const refusal = matchRoute('GET', path);
    if (isRefusal(refusal)) throw refusal;
  }
  const p = preflight(
    c.req.header('origin'),
    c.req.header('access-control-request-method'),
    c.req.header('access-control-request-headers'),
    methods,
    c.get('services').origins,
  );
  if (isRefusal(p)) throw p;
  return new Response(null, p);
}

/** Phases before any upstream work: allow-list, HEAD, CSRF, rate limit. */
async function admit(c: Ctx, path: string): Promise<Route> {
  const { method } = c.req;
  const route = matchRoute(method === 'HEAD' ? 'GET' : method, path);
  if (isRefusal(route)) throw route;
  c.set('routeClass', route.kind);
  // HEAD only where it cannot have effects upstream (a HEAD on a detail would count as a view).
  if (method === 'HEAD' && route.kind !== 'reference' && route.kind !== 'list')
    throw refuse.methodNotAllowed('HEAD', path, ['GET']);
  if (route.method === 'POST') {
    const refusal = checkOrigin(c.req.header('origin'), c.get('services').origins, c.get('url').origin);
    if (refusal) throw refusal;
  }
  const wait = await c.get('services').limiter.check(c.get('client'), rateClass(route));
  if (wait !== undefined) throw refuse.rateLimited(wait);
  return route;
}

/** Read a request body up to `limit` bytes, refusing (413) as soon as it is exceeded; then check it is JSON. */
async function readBody(c: Ctx): Promise<Uint8Array> {
  const limit = c.get('config').bodyLimit;
  const declared = c.req.header('content-length');
  if (declared && Number(declared) > limit) throw refuse.bodyTooLarge(limit);
  const body = await readLimited(c.req.raw.body, limit);
  if (!body) throw refuse.bodyTooLarge(limit);
  const refusal = checkJsonBody(body, c.req.header('content-type'));
  if (refusal) throw refusal;
  return body;
}

/**
 * The customer's bearer: from the session cookie, else (only where the deployment enables the
 * bearer fallback) the Authorization header. Public reads get none.
 */
async function customerBearer(c: Ctx, route: Route): Promise<string | undefined> {
  if (route.kind === 'reference' || route.kind === 'list') return undefined;
  const { sessions, cookie } = c.get('services');
  const fromCookie = await sessions.open(readCookie(c.req.header('cookie'), cookieName(cookie.secure, cookie.tenant)));
  if (fromCookie || !c.get('config').bearerFallback) return fromCookie;
  const b = bearerFromAuthorization(c.req.header('authorization'));
  if (isRefusal(b)) throw b;
  return b;
}

/** Phase "forward with deadline": one upstream call; its status (or failure) goes into the log line. */
async function forward(
  c: Ctx,
  method: string,
  target: string,
  headers: Record<string, string>,
  body?: Uint8Array,
): Promise<UpstreamResponse> {
  const facts = c.get('facts');
  try {
    const res = await c.get('services').upstream.request({
      method,
      path: target,
      headers,
      body,
      timeoutMs: c.get('config').upstreamTimeoutMs,
    });
    facts.upstream = res.status;
    c.get('services').leads.noteUpstream(res.status); // CarStrel answered: queued leads may flow
    return res;
  } catch (err) {
    if (err instanceof UpstreamError) facts.upstream = err.kind;
    throw err;
  }
}

/** Upstream failures as refusals: 504 on a deadline, 502 otherwise. */
function upstreamRefusal(err: unknown): never {
  if (err instanceof UpstreamError)
    throw err.kind === 'timeout' ? refuse.upstreamTimeout() : refuse.upstreamUnreachable();
  throw err;
}

/** What the answering steps need to know about one admitted request. */
interface Admitted {
  route: Route;
  /** Path and normalized query (only the parameters CarStrel reads): what goes upstream, the cache key. */
  target: string;
}

/** An admitted request that is not a public read: its upstream headers (bearer included) and body. */
interface Outgoing extends Admitted {
  headers: Record<string, string>;
  body?: Uint8Array;
  bearer?: string;
}

function reply(c: Ctx, s: ShapedResponse, extra: Record<string, string>): Response {
  return send(c, s.status, s.body, { ...s.headers, ...extra, ...c.get('cors') });
}

/** Public reads through the cache (stored already redacted, so a hit is sent as is). */
async function cachedRead(c: Ctx, { route, target }: Admitted, policy: CachePolicy): Promise<Response> {
  const config = c.get('config');
  const services = c.get('services');
  // Headers are built only on a miss; public reads never carry the customer's bearer. What is
  // stored is already shaped (headers checked, key redacted, upstream errors in the envelope).
  const load = () =>
    forward(c, 'GET', target, forwardHeaders(c.req.raw.headers.entries(), config.apiKey)).then((res) =>
      shapeResponse(res, config.apiKey),
    );
  let result;
  try {
    result = await services.cache.fetch(`GET ${target}`, policy, load, (res) => res.headers as Record<string, string>);
  } catch (err) {
    upstreamRefusal(err);
  }
  const { entry, state } = result;
  c.get('facts').cache = state;
  if (entry.status !== 200) return reply(c, entry, { 'cache-control': 'no-store' });
  const headers = {
    ...entry.headers,
    'cache-control': browserCacheControl(route, config),
    etag: entry.etag,
    'x-carstrel-cache': state,
    ...c.get('cors'),
  };
  return sendValidated(c, 200, entry.body, headers, entry.encoded);
}

/** Leads: idempotent by key, durably queued (202) when upstream cannot take them now. */
async function takeLead(c: Ctx, { route, target, headers, body, bearer }: Outgoing): Promise<Response> {
  const given = c.req.header('idempotency-key');
  const refusal = checkIdempotencyKey(given);
  if (refusal) throw refusal;
  const key = given ?? `gen-${crypto.randomUUID()}`;
  const config = c.get('config');
  const services = c.get('services');
  headers['idempotency-key'] = key;
  const contentType = c.req.header('content-type') ?? JSON_TYPE;
  let answer;
  try {
    answer = await services.leads.submit(
      route.pattern,
      key,
      decoder.decode(body),
      contentType,
      () => forward(c, 'POST', target, headers, body),
      { referer: c.req.header('referer'), origin: c.req.header('origin') }, // the page, for the sinks
      await customerScope(bearer),
    );
  } catch (err) {
    throw err instanceof IdempotencyMismatch ? refuse.idempotencyMismatch() : err;
  }
  c.get('facts').lead = answer.outcome;
  const shaped =
    answer.status === 202
      ? { status: 202, body: answer.body, headers: { 'content-type': JSON_TYPE } }
      : shapeResponse(answer, config.apiKey);
  const extra: Record<string, string> = { 'idempotency-key': key, 'cache-control': 'no-store' };
  if (answer.outcome === 'replayed') extra['idempotent-replayed'] = 'true';
  return reply(c, shaped, extra);
}

/**
 * The bearer fallback: the access token in a response header, only where the deployment enables
 * it, the page asks for it, and the token is a well-formed bearer that does not hold the key.
 */
function handsOutBearer(c: Ctx, token: string): boolean {
  return (
    c.get('config').bearerFallback &&
    c.req.header('x-carstrel-session')?.toLowerCase() === 'bearer' &&
    typeof bearerFromAuthorization(`Bearer ${token}`) === 'string' &&
    !containsKey(token, c.get('config').apiKey)
  );
}

/** Everything else: forwarded once, never cached; register/login tokens go into the cookie. */
async function forwardOnce(c: Ctx, { route, target, headers, body }: Outgoing): Promise<Response> {
  const config = c.get('config');
  const services = c.get('services');
  let res: UpstreamResponse;
  try {
    res = await forward(c, route.method, target, headers, body);
  } catch (err) {
    upstreamRefusal(err);
  }
  let shaped = shapeResponse(res, config.apiKey);
  const extra: Record<string, string> = {
    'cache-control': route.kind === 'me' || route.kind === 'auth' ? 'private, no-store' : 'no-store',
  };
  if (route.kind === 'auth' && shaped.status >= 200 && shaped.status < 300) {
    const { tokens, publicBody } = splitAuthResult(parseJson(shaped.body));
    if (tokens) {
      extra['set-cookie'] = sessionCookie(await services.sessions.seal(tokens), tokens.expiresIn, services.cookie);
      if (handsOutBearer(c, tokens.accessToken)) extra['x-carstrel-bearer'] = tokens.accessToken;
      shaped = { ...shaped, body: redactKey(encoder.encode(JSON.stringify(publicBody)), config.apiKey) };
    }
  }
  return reply(c, shaped, extra);
}

export const external = new Hono<ProxyEnv>().use('*', listedCors).all('/*', async (c) => {
  const path = c.get('path');
  if (c.req.method === 'OPTIONS') return answerPreflight(c, path);
  const route = await admit(c, path);
  const body = route.method === 'POST' ? await readBody(c) : undefined;
  const admitted: Admitted = { route, target: path + normalizeQuery(route, c.get('url').search).search };
  const policy = cachePolicy(route, c.get('config'));
  if (policy) return cachedRead(c, admitted, policy);
  const bearer = await customerBearer(c, route);
  const outgoing: Outgoing = {
    ...admitted,
    headers: forwardHeaders(c.req.raw.headers.entries(), c.get('config').apiKey, bearer),
    body,
    bearer,
  };
  return route.kind === 'lead' ? takeLead(c, outgoing) : forwardOnce(c, outgoing);
});
