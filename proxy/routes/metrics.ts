/** `GET /metrics`: the operator figures in the Prometheus text format (loopback or operator token only). */
import { Hono } from 'hono';
import type { ProxyEnv } from '../context.js';
import { refuse } from '../lib/errors.js';
import { operatorAccess } from '../middleware.js';

export const metrics = new Hono<ProxyEnv>().get('/', async (c) => {
  c.set('routeClass', 'metrics');
  const figures = c.get('services').metrics;
  // The operator's, at the root: not a route of a tenant.
  if (!figures || c.get('config').tenant !== undefined) return c.notFound();
  if (!operatorAccess(c)) throw refuse.operatorOnly();
  const { contentType, body } = await figures.render();
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
});
