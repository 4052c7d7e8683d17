/** `GET /healthz`: mode, upstream reachable + key accepted (probe memoized), lead queue, cache. */
import { Hono } from 'hono';
import type { ProxyEnv } from '../context.js';
import { healthReport } from '../lib/health.js';
import { sendJson } from '../respond.js';

export const health = new Hono<ProxyEnv>().get('/', async (c) => {
  const { config, services } = c.var;
  const report = healthReport({
    mode: config.mode,
    probe: await services.health.check(),
    pending: services.leads.store.pending(),
    cacheEntries: services.cache.size,
  });
  return sendJson(c, report, { 'cache-control': 'no-store' });
});
