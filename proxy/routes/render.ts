/**
 * `GET /render/<element>?<attributes>`: the element's server-rendered HTML (Lit SSR, declarative
 * shadow DOM, the data it shows beside it), a text/html fragment a CMS inlines as is (the
 * WordPress plugin does, from PHP). Attributes are the query parameters, in kebab-case.
 *
 * Its data is read through the same pipeline as `/external/*`: lists and metadata from the same
 * cache (same keys, same TTLs), a vehicle detail never from a cache (one upstream call, one
 * impression, per rendered view). The answer is cached by browsers like the data it holds: as a
 * list, or not at all when it holds a vehicle detail.
 */
import { Hono, type Context } from 'hono';
import { LRUCache } from 'lru-cache';
import { CarstrelApiError } from '../../src/api/client.js';
import type { ProxyEnv } from '../context.js';
import type { CacheState } from '../lib/cache.js';
import type { Encoding } from '../lib/compress.js';
import { Refusal, isRefusal, refuse } from '../lib/errors.js';
import { forwardHeaders, parseJson, shapeResponse, type ShapedResponse } from '../lib/phases.js';
import { browserCacheControl, cachePolicy, matchRoute, normalizeQuery } from '../lib/routes.js';
import { UpstreamError } from '../lib/upstream.js';
import { listedCors, proxyMode } from '../middleware.js';
import { send } from '../respond.js';
import { takeLayout } from '../ssr/attributes.js';
import type { PublicRead } from '../ssr/types.js';

type Ctx = Context<ProxyEnv>;

const encoder = new TextEncoder();

/** One upstream GET, shaped like the forwarder's (key redacted, 5xx in the envelope). */
async function forwardRead(c: Ctx, target: string): Promise<ShapedResponse> {
  const config = c.get('config');
  const services = c.get('services');
  try {
    const res = await services.upstream.request({
      method: 'GET',
      path: target,
      headers: forwardHeaders(c.req.raw.headers.entries(), config.apiKey),
      timeoutMs: config.upstreamTimeoutMs,
    });
    c.get('facts').upstream = res.status;
    services.leads.noteUpstream(res.status);
    return shapeResponse(res, config.apiKey);
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    c.get('facts').upstream = err.kind;
    throw err.kind === 'timeout' ? refuse.upstreamTimeout() : refuse.upstreamUnreachable();
  }
}

/**
 * What the reads of one render did: their cache states, the cached entries read (target and
 * ETag), and whether one was not from the cache (a vehicle detail, or a route without a policy).
 */
interface Reads {
  states: CacheState[];
  entries: Array<[target: string, etag: string]>;
  detail: boolean;
  uncached: boolean;
}

const newReads = (): Reads => ({ states: [], entries: [], detail: false, uncached: false });

/**
 * The HTML of recent renders made only of cached reads, by tenant (its services) and request: the
 * same request reads the same entries again (through the cache, as the render would) and, when
 * each has the same ETag, is answered this HTML without rendering again (Lit SSR of 12 cards costs
 * the proxy 10–70 ms of CPU, the cache reads well under 1 ms), for `MEMO_MS` at most. A detail
 * render is never kept.
 */
interface Memo {
  entries: Array<[target: string, etag: string]>;
  html: Uint8Array;
  /** Its `Link` header (`photoLinks`). */
  link?: string;
  /** Its compressed bodies, made once each (~110 KB for 12 cards: 5.4–6.2 ms an answer before, 4.6 ms after). */
  encoded?: Partial<Record<Encoding, Uint8Array>>;
}
/** Renders kept per tenant, and how long (ms) at most, whatever their data (an auction's end shows the time). */
const MEMO_SIZE = 200;
const MEMO_MS = 30_000;
const memos = new WeakMap<object, LRUCache<string, Memo>>();

function remember(services: object, key: string, memo: Memo): void {
  let kept = memos.get(services);
  if (!kept) memos.set(services, (kept = new LRUCache<string, Memo>({ max: MEMO_SIZE, ttl: MEMO_MS })));
  kept.set(key, memo);
}

/** The remembered render when every entry it was made of is still the one the cache serves. */
async function recalled(c: Ctx, key: string, reads: Reads): Promise<Memo | undefined> {
  const memo = memos.get(c.get('services'))?.get(key);
  if (!memo) return undefined;
  const read = publicRead(c, reads);
  await Promise.all(memo.entries.map(([target]) => read(target)));
  const same =
    !reads.uncached &&
    reads.entries.length === memo.entries.length &&
    memo.entries.every(([target, etag]) => reads.entries.some(([t, e]) => t === target && e === etag));
  return same ? memo : undefined;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&#39;': "'", '&lt;': '<', '&gt;': '>' };

/**
 * Phase "photo hints": the `Link` header of a render, the photos it asks for first (its images with
 * `fetchpriority="high"`: an inventory's first row, a vehicle's first photo) as image preloads. The
 * loader starts them the moment the answer's headers are in, before it has read and parsed the body
 * (`src/loader/render.ts`); a CMS reading the header may do the same. Only absolute http(s) URLs.
 */
export function photoLinks(html: string): string | undefined {
  const links: string[] = [];
  for (const [tag] of html.matchAll(/<img\b[^>]*>/g)) {
    if (!/\sfetchpriority="high"/.test(tag)) continue;
    const src = (/\ssrc="([^"]*)"/.exec(tag)?.[1] ?? '').replace(/&(amp|quot|#39|lt|gt);/g, (e) => ENTITIES[e]);
    const href = URL.canParse(src) ? new URL(src).href : '';
    if (/^https?:\/\/[^<>\s]+$/.test(href)) links.push(`<${href}>; rel=preload; as=image; fetchpriority=high`);
  }
  return links.length ? links.join(', ') : undefined;
}

/** A read through the proxy's pipeline: allow-listed, normalized, cached as `/external/*` caches it. */
function publicRead(c: Ctx, reads: Reads): PublicRead {
  return async (target) => {
    const url = new URL(target, 'http://render.invalid');
    const route = matchRoute('GET', url.pathname);
    if (isRefusal(route)) throw route;
    const path = url.pathname + normalizeQuery(route, url.search).search;
    const policy = cachePolicy(route, c.get('config'));
    if (route.kind === 'detail' || !policy) {
      reads.detail ||= route.kind === 'detail';
      reads.uncached = true;
      const res = await forwardRead(c, path);
      return { status: res.status, body: parseJson(res.body) };
    }
    const { entry, state } = await c.get('services').cache.fetch(
      `GET ${path}`,
      policy,
      () => forwardRead(c, path),
      (res) => res.headers as Record<string, string>,
    );
    reads.states.push(state);
    reads.entries.push([target, entry.etag]);
    return { status: entry.status, body: parseJson(entry.body) };
  };
}

/** The attributes: each query parameter once. */
function attributesOf(search: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(search)) {
    if (attributes.has(name)) throw refuse.attributeTwice(name);
    attributes.set(name, value);
  }
  return attributes;
}

export const render = new Hono<ProxyEnv>().use('*', listedCors).get('/:element', async (c) => {
  const services = c.get('services');
  const renderer = services.render;
  const tag = c.req.param('element');
  if (!renderer) throw refuse.noRenderer();
  if (!renderer.elements.includes(tag)) throw refuse.notRendered(tag, renderer.elements);
  c.set('routeClass', 'render');
  const wait = await services.limiter.check(c.get('client'), 'get');
  if (wait !== undefined) throw refuse.rateLimited(wait);
  const attributes = attributesOf(c.get('url').search);
  const layout = takeLayout(tag, attributes);
  const mode = proxyMode(c.get('config'));
  // The render parameters by their meaning (`columns=01` is `columns=1`), the attributes in their order (the HTML's).
  const key = `${mode} ${tag} ${layout.compact ? 'compact' : 'wide'} ${layout.columns} ${new URLSearchParams([...attributes])}`;
  let reads = newReads();
  let made = await recalled(c, key, reads);
  if (!made) {
    reads = newReads();
    let html: string;
    try {
      html = await renderer.render(tag, attributes, publicRead(c, reads), { mode, layout });
    } catch (err) {
      // A refusal of the API (an unknown brand slug, a vehicle that does not exist) keeps its status and words.
      if (err instanceof CarstrelApiError) throw new Refusal(err.status || 502, err.envelope.message);
      throw err;
    }
    const kept = !reads.uncached;
    made = {
      entries: reads.entries,
      html: encoder.encode(html),
      link: photoLinks(html),
      encoded: kept ? {} : undefined,
    };
    if (kept) remember(c.get('services'), key, made);
  }
  const listRoute = matchRoute('GET', '/external/vehicles');
  const cacheControl =
    reads.detail || isRefusal(listRoute) ? 'no-store' : browserCacheControl(listRoute, c.get('config'));
  const state = reads.detail ? 'BYPASS' : reads.states.every((s) => s === 'HIT') ? 'HIT' : 'MISS';
  return send(
    c,
    200,
    made.html,
    {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': cacheControl,
      'x-carstrel-cache': state,
      ...(made.link ? { link: made.link } : {}),
      ...c.get('cors'),
    },
    made.encoded,
  );
});
