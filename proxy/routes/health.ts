/**
 * `GET /healthz`: mode, upstream reachable + key accepted (probe memoized), lead queue, cache.
 * A tenant of a multi-dealer deployment shows that detail to the operator only (loopback or the
 * operator token); anyone else learns that the tenant is served, and nothing of its state. At the
 * root of such a deployment, the operator sees every tenant (tenants/routes.ts `tenantsReport`).
 * The dealer console's health view (admin/report.ts) is the same report, built by `dealerHealth`.
 */
import { Hono } from 'hono';
import type { ProxyEnv, ProxyServices } from '../context.js';
import type { ProxyConfig } from '../lib/config.js';
import { healthReport } from '../lib/health.js';
import { operatorAccess } from '../middleware.js';
import { sendJson } from '../respond.js';

const NO_STORE = { 'cache-control': 'no-store' };

/**
 * One dealer's health report, as it is now: the upstream probe (memoized), noted by the outbox, and
 * the lead queue (asked again where the outbox lives elsewhere, a Durable Object on the edge).
 */
export async function dealerHealth(config: ProxyConfig, services: ProxyServices) {
  const probe = await services.health.check();
  if (probe.status !== undefined) services.leads.noteUpstream(probe.status);
  const queue = services.leads.refresh ? await services.leads.refresh() : services.leads.queue();
  return healthReport({ mode: config.mode, probe, queue, cacheEntries: services.cache.size });
}

export const health = new Hono<ProxyEnv>().get('/', async (c) => {
  const { config, services } = c.var;
  if (config.tenantsFile && config.tenant === undefined) {
    // The root of a multi-dealer deployment: every tenant, for the operator only.
    const report = operatorAccess(c) ? services.tenantsReport?.() : undefined;
    return sendJson(c, report ?? { statusCode: 200, message: 'ok', data: { status: 'ok', mode: 'tenants' } }, NO_STORE);
  }
  if (config.tenant !== undefined && !operatorAccess(c))
    return sendJson(c, { statusCode: 200, message: 'ok', data: { status: 'ok', tenant: config.tenant } }, NO_STORE);
  const report = await dealerHealth(config, services);
  return sendJson(c, config.tenant === undefined ? report : { ...report, tenant: config.tenant }, NO_STORE);
});
