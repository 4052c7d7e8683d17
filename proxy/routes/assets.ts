/**
 * Static answers: the widgets bundle (`/carstrel.js`, `/chunks/<file>`, `/sw.js`; public, any page
 * may load them), the sandbox's images (`/media/*`, sandbox mode only) and the demo pages (`/`,
 * `/<page>.html`, …). The demo's `/:file` matches any single segment, so this sub-app is mounted last.
 */
import { Hono, type Context } from 'hono';
import type { ProxyEnv } from '../context.js';
import { refuse } from '../lib/errors.js';
import { UpstreamError, type UpstreamResponse } from '../lib/upstream.js';
import { publicCors } from '../middleware.js';
import { send, sendStatic, sendValidated } from '../respond.js';

const CROSS_ORIGIN = { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' };

async function widget(c: Context<ProxyEnv>, name: string): Promise<Response> {
  const file = await c.var.services.assets?.widget(name);
  if (!file) throw refuse.bundleMissing();
  return sendStatic(c, file, CROSS_ORIGIN);
}

async function media(c: Context<ProxyEnv>): Promise<Response> {
  const upstream = c.var.services.media;
  if (!upstream) return c.notFound();
  let res: UpstreamResponse;
  try {
    res = await upstream.request({
      method: 'GET',
      path: c.var.path + c.var.url.search,
      headers: { accept: c.req.header('accept') ?? '*/*' },
      timeoutMs: c.var.config.upstreamTimeoutMs,
    });
  } catch (err) {
    throw err instanceof UpstreamError && err.kind === 'timeout'
      ? refuse.upstreamTimeout()
      : refuse.upstreamUnreachable();
  }
  const headers: Record<string, string> = { ...CROSS_ORIGIN, 'x-content-type-options': 'nosniff' };
  for (const name of ['content-type', 'cache-control', 'etag', 'last-modified']) {
    const v = res.headers[name];
    if (typeof v === 'string') headers[name] = v;
  }
  const { etag } = headers;
  return etag ? sendValidated(c, res.status, res.body, { ...headers, etag }) : send(c, res.status, res.body, headers);
}

async function demo(c: Context<ProxyEnv>, name: string): Promise<Response> {
  const file = await c.var.services.assets?.demo(name);
  if (file) return sendStatic(c, file);
  if (name === '/favicon.ico')
    return new Response(null, { status: 204, headers: { 'cache-control': 'public, max-age=86400' } });
  return c.notFound();
}

export const assets = new Hono<ProxyEnv>()
  .get('/carstrel.js', publicCors, (c) => widget(c, '/carstrel.js'))
  .get('/sw.js', publicCors, (c) => widget(c, '/sw.js'))
  .get('/chunks/:file', publicCors, (c) => widget(c, `/chunks/${c.req.param('file')}`))
  .get('/media/*', publicCors, media)
  .get('/', (c) => demo(c, '/'))
  .get('/:file', (c) => demo(c, `/${c.req.param('file')}`));
