/** `GET /healthz`: mode, upstream reachable + key accepted (probe memoized), lead queue, cache. */
import { Hono } from 'hono';
import type { ProxyEnv } from '../context.js';
import { healthReport } from '../lib/health.js';
import { sendJson } from '../respond.js';

export const health = new Hono<ProxyEnv>().get('/', async (c) => {
  const { config, services } = c.var;
  const probe = await services.health.check();
  if (probe.status !== undefined) services.leads.noteUpstream(probe.status);
  const report = healthReport({
    mode: config.mode,
    probe,
    queue: services.leads.queue(),
    cacheEntries: services.cache.size,
  });
  return sendJson(c, report, { 'cache-control': 'no-store' });
});
