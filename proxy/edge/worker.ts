/**
 * The Workers `fetch` handler: the same web-standard app as on Node (`createProxyApp`), with the
 * edge's pieces as its dependencies:
 *
 * - upstream: the runtime's `fetch` (`redirect: "manual"`, a 3xx is an upstream error), every call
 *   kept alive with `waitUntil` until it settles (a cache refresh outlives the request that
 *   started it, and a coalesced call may be awaited by another request);
 * - leads and idempotency: the dealer's `LeadOutbox` Durable Object (`OutboxClient`);
 * - rate limits: a `RateLimitBucket` Durable Object per client, the client being the platform's
 *   `CF-Connecting-IP` (one bucket per client, never one shared bucket);
 * - assets: the `ASSETS` binding; compression: the runtime's (see `platformCompressor`).
 *
 * A web `Request`'s URL is resolved before the app parses it (`..` and `%2e%2e` removed), so the
 * raw target is checked here first, as Node's server does with the request line.
 */
import { createProxyApp, type ProxyApp } from '../app.js';
import type { Compressor } from '../lib/compress.js';
import { ConfigError } from '../lib/config.js';
import { cloudflareConnInfo } from '../lib/conninfo.js';
import { refuse, refusalResponse } from '../lib/errors.js';
import { checkRequestTarget } from '../lib/phases.js';
import { fetchUpstream, type Upstream } from '../lib/upstream.js';
import { fetcherAssets } from './assets.js';
import { edgeConfig } from './config.js';
import { OutboxClient } from './outbox-client.js';
import type { EdgeEnv, ExecutionContext } from './platform.js';
import { edgeRateLimits } from './rate-limits.js';

/**
 * The runtime compresses: a response whose `Content-Encoding` is gzip or br and whose body is not
 * yet encoded is encoded by workerd (and by Cloudflare) on the way out. So the app's compression
 * phase negotiates as on Node (`Vary`, weak ETag) and leaves the bytes to the platform.
 */
export const platformCompressor: Compressor = (body) => body;

/** The request target as sent (path and query), before URL parsing resolves dot segments. */
export function rawTarget(url: string): string {
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  return slash === -1 ? '/' : url.slice(slash);
}

/** Upstream calls in flight, so each request can keep the isolate working until they settle. */
function tracked(upstream: Upstream, inflight: Set<Promise<unknown>>): Upstream {
  return {
    request(req) {
      const p = upstream.request(req);
      inflight.add(p);
      p.then(
        () => inflight.delete(p),
        () => inflight.delete(p),
      );
      return p;
    },
    close: () => upstream.close(),
  };
}

interface Built {
  app: ProxyApp;
  outbox: OutboxClient;
}

export function createEdgeWorker() {
  let built: Built | undefined;
  const inflight = new Set<Promise<unknown>>();
  const log = (line: string) => console.log(line);

  /** Built on the first request (a Worker may not generate randomness at start-up). */
  function build(env: EdgeEnv): Built {
    const config = edgeConfig(env);
    const upstream = tracked(
      fetchUpstream(config.apiUrl, (req) => fetch(req)),
      inflight,
    );
    const leads = env.LEADS;
    const outbox = new OutboxClient(() => leads.get(leads.idFromName('dealer')), {
      maxDepth: config.leadQueueMax,
      maxBytes: config.leadQueueBytes,
    });
    const app = createProxyApp(config, {
      upstream,
      leads: outbox,
      limiter: edgeRateLimits(env.RATE_LIMITS, config.rateLimit, '', (err) =>
        log(
          JSON.stringify({
            time: new Date().toISOString(),
            level: 'warn',
            msg: `rate limit unavailable: ${String(err)}`,
          }),
        ),
      ),
      assets: env.ASSETS ? fetcherAssets(env.ASSETS) : undefined,
      media: config.sandboxUrl
        ? tracked(
            fetchUpstream(config.sandboxUrl, (req) => fetch(req)),
            inflight,
          )
        : undefined,
      compress: platformCompressor,
      connInfo: cloudflareConnInfo,
      log,
    });
    app.allowOrigins(...config.ownOrigins);
    return { app, outbox };
  }

  return {
    async fetch(req: Request, env: EdgeEnv, ctx: ExecutionContext): Promise<Response> {
      const refusal = checkRequestTarget(rawTarget(req.url));
      if (refusal) return refusalResponse(refusal);
      try {
        built ??= build(env);
      } catch (err) {
        console.error(err instanceof ConfigError ? err.message : `proxy could not start: ${String(err)}`);
        return refusalResponse(refuse.internal());
      }
      if (new URL(req.url).pathname.endsWith('/healthz')) await built.outbox.refresh();
      const res = await built.app.fetch(req);
      if (inflight.size) ctx.waitUntil(Promise.allSettled([...inflight]));
      return res;
    },
  };
}
