/**
 * Middleware every request passes (in this order): `provide` the context, `requestLog`,
 * `checkRequest`; then, per sub-app, the CORS policy of its answers (`listedCors`, `publicCors`).
 */
import { createMiddleware } from 'hono/factory';
import type { GetConnInfo } from 'hono/conninfo';
import type { ProxyEnv, ProxyServices } from './context.js';
import type { ProxyConfig } from './lib/config.js';
import { checkHeaders, checkRequestTarget, clientAddress } from './lib/phases.js';
import { corsHeaders } from './lib/cors.js';

/** Sets the shared context: the dealer's configuration and services, the parsed URL, the client. */
export function provide(config: ProxyConfig, services: ProxyServices, connInfo: GetConnInfo) {
  return createMiddleware<ProxyEnv>(async (c, next) => {
    const url = new URL(c.req.url);
    c.set('config', config);
    c.set('services', services);
    c.set('url', url);
    c.set('path', url.pathname);
    c.set('client', clientAddress(connInfo(c).remote.address, c.req.header('x-forwarded-for'), config.trustProxy));
    c.set('cors', {});
    c.set('facts', {});
    await next();
  });
}

/** One log line per request, refusals included, once the answer is known. */
export const requestLog = createMiddleware<ProxyEnv>(async (c, next) => {
  const log = c.var.services.logger.request;
  if (!log) return next();
  const started = performance.now();
  await next();
  log({
    method: c.req.method,
    path: c.var.url.pathname,
    status: c.res.status,
    ms: Math.round((performance.now() - started) * 10) / 10,
    ...c.var.facts,
  });
});

/** Phases "check request target" and "check headers", on every runtime, before any route runs. */
export const checkRequest = createMiddleware<ProxyEnv>(async (c, next) => {
  const { url } = c.var;
  const refusal = checkRequestTarget(url.pathname + url.search) ?? checkHeaders(c.req.raw.headers.entries());
  if (refusal) throw refusal;
  await next();
});

/** Answers to the API and the session: CORS with credentials, for listed origins only. */
export const listedCors = createMiddleware<ProxyEnv>(async (c, next) => {
  c.set('cors', corsHeaders(c.req.header('origin'), c.var.services.origins));
  await next();
});

const PUBLIC_CORS = { 'access-control-allow-origin': '*' };

/** Public assets (the bundle, media): readable from any page, without credentials. */
export const publicCors = createMiddleware<ProxyEnv>(async (c, next) => {
  c.set('cors', PUBLIC_CORS);
  await next();
});
