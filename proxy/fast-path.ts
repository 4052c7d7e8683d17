/**
 * Node fast path of the hot case: an uncached, allow-listed public GET (`list`, `reference` or
 * `detail` without a customer session) at the root of a one-dealer proxy. It answers straight on
 * node:http, without building the web-standard Request / Headers / Response objects of the app
 * (`app.fetch`), by running the same phases in the same order:
 *
 *   (check request target: server.ts) → check headers → CORS headers → match allow-list
 *   → rate limit → normalize query → strip headers + inject key → forward with deadline
 *   → shape the response (header allow-list, key redacted, upstream errors in the envelope)
 *   → encode the answer (compression, nosniff, Vary, mode) → figures and log line.
 *
 * Anything else, and anything not clearly in the hot case (HEAD, OPTIONS, a body, a cookie, an
 * odd query or Host, a header the check would refuse, a cached route), returns false before any
 * work, and the app answers it. test/node/proxy/fast-path.test.ts sends the same requests both
 * ways and compares status, headers and bodies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProxyServices } from './context.js';
import type { ProxyConfig } from './lib/config.js';
import { corsHeaders } from './lib/cors.js';
import { isRefusal, refusalHeaders, refuse, type Refusal } from './lib/errors.js';
import type { RequestFacts } from './lib/logger.js';
import { checkHeaders, clientAddress, forwardHeaders, shapeResponse } from './lib/phases.js';
import { cachePolicy, matchRoute, normalizeQuery, rateClass, type Route } from './lib/routes.js';
import { UpstreamError } from './lib/upstream.js';
import { proxyMode } from './middleware.js';
import { encodeAnswer } from './respond.js';

export interface Dealer {
  config: ProxyConfig;
  services: ProxyServices;
}

/** A node:http handler for the hot case: true when it took the request, false to leave it to the app. */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Query characters that read the same raw and after WHATWG URL parsing (the app's view). */
const PLAIN_QUERY = /^[A-Za-z0-9_.~=&%+,-]*$/;
/** Client headers that would make the app's answer differ (a body, a session, headers that go upstream). */
const NOT_HOT = ['content-type', 'content-length', 'transfer-encoding', 'idempotency-key'] as const;
/** Without a customer session: a detail then carries no bearer (the app reads one from these). */
const SESSION = ['cookie', 'authorization'] as const;
const PUBLIC_READS = new Set(['list', 'reference', 'detail']);

/** Host headers the app's adapter accepts (its own check, memoized: a deployment sees a few names). */
const hosts = new Map<string, boolean>();
function plainHost(host: string | undefined): boolean {
  if (!host) return false;
  let ok = hosts.get(host);
  if (ok === undefined) {
    try {
      const url = new URL(`http://${host}/`);
      ok = url.hostname.length === host.length || url.hostname === host.replace(/:\d+$/, '');
    } catch {
      ok = false;
    }
    if (hosts.size >= 256) hosts.clear();
    hosts.set(host, ok);
  }
  return ok;
}

/** The raw header pairs, as the header check takes them. */
function headerPairs(raw: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

/** A header node:http joined into one string (its typing allows a list). */
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(', ') : v);

interface Hot {
  route: Route;
  path: string;
  search: string;
}

/** The request's route when it is the hot case, else undefined (nothing done yet). */
function hotCase(req: IncomingMessage, config: ProxyConfig): Hot | undefined {
  const target = req.url ?? '';
  if (req.method !== 'GET' || !target.startsWith('/external/')) return undefined;
  const h = req.headers;
  for (const name of NOT_HOT) if (h[name] !== undefined) return undefined;
  if (!plainHost(h.host)) return undefined;
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const search = q === -1 ? '' : target.slice(q);
  if (!PLAIN_QUERY.test(search.slice(1))) return undefined;
  const route = matchRoute('GET', path);
  if (isRefusal(route) || !PUBLIC_READS.has(route.kind) || cachePolicy(route, config)) return undefined;
  if (route.kind === 'detail') for (const name of SESSION) if (h[name] !== undefined) return undefined;
  if (checkHeaders(headerPairs(req.rawHeaders))) return undefined;
  return { route, path, search };
}

interface Answer {
  status: number;
  body: Uint8Array;
  headers: Record<string, string>;
}

/** The refusal's answer, as `app.onError` gives it (the mode header added by `modeHeader`). */
function refusalAnswer(r: Refusal, cors: Record<string, string>, mode: string): Answer {
  return {
    status: r.status,
    body: Buffer.from(JSON.stringify(r.envelope())),
    headers: { ...refusalHeaders(r, cors), 'x-carstrel-mode': mode },
  };
}

/** Write an answer as the app's Node adapter does (a body gets its length; an empty one a default type). */
function write(res: ServerResponse, a: Answer): void {
  if (a.status === 204) {
    res.writeHead(a.status, { 'content-type': 'text/plain; charset=UTF-8', ...a.headers });
    res.end();
    return;
  }
  res.writeHead(a.status, { ...a.headers, 'content-length': a.body.byteLength });
  res.end(a.body);
}

export function fastPath({ config, services }: Dealer): FastPath {
  const mode = proxyMode(config);
  const tenant = config.tenant ?? '';

  /** Phases "rate limit" → "forward with deadline" → "shape the response" → "encode the answer". */
  async function forward(req: IncomingMessage, hot: Hot, cors: Record<string, string>, facts: RequestFacts) {
    const client = clientAddress(req.socket.remoteAddress, one(req.headers['x-forwarded-for']), config.trustProxy);
    const wait = await services.limiter.check(client, rateClass(hot.route));
    if (wait !== undefined) return refusalAnswer(refuse.rateLimited(wait), cors, mode);
    const target = hot.path + normalizeQuery(hot.route, hot.search).search;
    let upstream;
    try {
      upstream = await services.upstream.request({
        method: 'GET',
        path: target,
        headers: forwardHeaders([], config.apiKey),
        timeoutMs: config.upstreamTimeoutMs,
      });
    } catch (err) {
      if (!(err instanceof UpstreamError)) throw err;
      facts.upstream = err.kind;
      return refusalAnswer(
        err.kind === 'timeout' ? refuse.upstreamTimeout() : refuse.upstreamUnreachable(),
        cors,
        mode,
      );
    }
    facts.upstream = upstream.status;
    services.leads.noteUpstream(upstream.status); // CarStrel answered: queued leads may flow
    const shaped = shapeResponse(upstream, config.apiKey);
    const headers = { ...shaped.headers, 'cache-control': 'no-store', ...cors };
    const accept = req.headers['accept-encoding'];
    const a = encodeAnswer(
      shaped.body,
      headers,
      typeof accept === 'string' ? accept : undefined,
      services.compress,
      mode,
    );
    return { status: shaped.status, body: a.body, headers: a.headers };
  }

  async function answer(req: IncomingMessage, res: ServerResponse, hot: Hot): Promise<void> {
    const started = performance.now();
    const facts: RequestFacts = {};
    const cors = corsHeaders(req.headers.origin, services.origins);
    let a: Answer;
    try {
      a = await forward(req, hot, cors, facts);
    } catch (err) {
      services.logger.error((err as Error).message);
      a = refusalAnswer(refuse.internal(), cors, mode);
    }
    services.metrics?.request({ routeClass: hot.route.kind, status: a.status, tenant, cache: facts.cache });
    services.logger.request?.({
      method: 'GET',
      path: hot.path,
      status: a.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ...facts,
    });
    write(res, a);
  }

  return (req, res) => {
    const hot = hotCase(req, config);
    if (!hot) return false;
    // Refusals and upstream failures are answered inside; this only keeps a broken socket or log
    // sink from becoming an unhandled rejection (the adapter does the same for the app).
    void answer(req, res, hot).catch(() => res.destroy());
    return true;
  };
}
