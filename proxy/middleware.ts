/**
 * Middleware every request passes (in this order): `provide` the context, `requestLog`,
 * `checkRequest`; then, per sub-app, the CORS policy of its answers (`listedCors`, `publicCors`).
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { GetConnInfo } from 'hono/conninfo';
import type { ProxyEnv, ProxyServices } from './context.js';
import type { ProxyConfig } from './lib/config.js';
import { checkHeaders, checkRequestTarget, clientAddress } from './lib/phases.js';
import { corsHeaders } from './lib/cors.js';
import { routeClassOf } from './lib/metrics.js';

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

/**
 * One log line per request, refusals included, once the answer is known, and its count in the
 * figures. Both are the services' of the dealer that answered: a tenant's carry its id.
 */
export const requestLog = createMiddleware<ProxyEnv>(async (c, next) => {
  const started = performance.now();
  await next();
  const { services, config, facts } = c.var;
  services.metrics?.request({
    routeClass: c.var.routeClass ?? routeClassOf(c.var.path),
    status: c.res.status,
    tenant: config.tenant ?? '',
    cache: facts.cache,
  });
  services.logger.request?.({
    method: c.req.method,
    path: c.var.url.pathname,
    status: c.res.status,
    ms: Math.round((performance.now() - started) * 10) / 10,
    ...facts,
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

/** A loopback address (IPv4 127/8, IPv6 ::1, IPv4-mapped 127/8). */
export function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

/** Equal strings, compared in time that does not depend on where they differ. */
function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Operator detail (`/metrics`, `/healthz` of a multi-dealer deployment): for a client on the proxy's
 * own machine, or with `Authorization: Bearer <CARSTREL_OPERATOR_TOKEN>`. A request relayed by a
 * front proxy (X-Forwarded-For without CARSTREL_TRUST_PROXY) is not taken for a local one, even
 * though its socket is: the front proxy may be relaying anyone.
 */
export function operatorAccess(c: Context<ProxyEnv>): boolean {
  const { client, config } = c.var;
  const relayed = config.trustProxy === 0 && (c.req.header('x-forwarded-for') ?? c.req.header('forwarded'));
  if (isLoopback(client) && !relayed) return true;
  const token = config.operatorToken;
  const auth = c.req.header('authorization');
  return token !== undefined && auth !== undefined && sameSecret(auth, `Bearer ${token}`);
}
