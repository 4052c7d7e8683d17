/**
 * Middleware every request passes (in this order): `requestLog`, `provide` the context (and, with
 * many dealers, choose the tenant), `checkRequest`; then, per sub-app, the CORS policy of its
 * answers (`listedCors`, `publicCors`).
 */
import type { Context } from 'hono';
import type { GetConnInfo } from 'hono/conninfo';
import { createMiddleware } from 'hono/factory';
import type { ProxyEnv, ProxyServices } from './context.js';
import type { ProxyConfig } from './lib/config.js';
import { corsHeaders } from './lib/cors.js';
import { isRefusal, type Refusal } from './lib/errors.js';
import { routeClassOf } from './lib/metrics.js';
import { checkHeaders, checkRequestTarget, clientAddress } from './lib/phases.js';
import { carriesMode } from './respond.js';

/**
 * Many dealers: which tenant serves a request (its configuration, services and the path below its
 * prefix), none (the root's own routes), or a refusal (an unknown tenant).
 */
export type Chooser = (
  c: Context<ProxyEnv>,
  url: URL,
) => { config: ProxyConfig; services: ProxyServices; path: string } | Refusal | undefined;

/**
 * Sets the shared context: the dealer's configuration and services, the parsed URL, the client.
 * With many dealers, `choose` picks the tenant first; a refusal is thrown once the context is set.
 */
export function provide(config: ProxyConfig, services: ProxyServices, connInfo: GetConnInfo, choose?: Chooser) {
  return createMiddleware<ProxyEnv>(async (c, next) => {
    const url = new URL(c.req.url);
    const chosen = choose?.(c, url);
    const served = chosen && !isRefusal(chosen) ? chosen : undefined;
    const cfg = served?.config ?? config;
    c.set('config', cfg);
    c.set('services', served?.services ?? services);
    c.set('url', url);
    c.set('path', served?.path ?? url.pathname);
    const peer = connInfo(c).remote.address;
    c.set('peer', peer ?? 'unknown');
    c.set('client', clientAddress(peer, c.req.header('x-forwarded-for'), cfg.trustProxy));
    c.set('cors', {});
    c.set('facts', {});
    if (isRefusal(chosen)) throw chosen;
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
  const services = c.get('services');
  if (!services) return; // `provide` itself failed: nothing to log with
  const facts = c.get('facts');
  services.metrics?.request({
    routeClass: c.get('routeClass') ?? routeClassOf(c.get('path')),
    status: c.res.status,
    tenant: c.get('config').tenant ?? '',
    cache: facts.cache,
  });
  services.logger.request?.({
    method: c.req.method,
    path: c.get('url').pathname,
    status: c.res.status,
    ms: Math.round((performance.now() - started) * 10) / 10,
    ...facts,
  });
});

/** Phases "check request target" and "check headers", on every runtime, before any route runs. */
export const checkRequest = createMiddleware<ProxyEnv>(async (c, next) => {
  const url = c.get('url');
  const refusal = checkRequestTarget(url.pathname + url.search) ?? checkHeaders(c.req.raw.headers.entries());
  if (refusal) throw refusal;
  await next();
});

/** Answers to the API and the session: CORS with credentials, for listed origins only. */
export const listedCors = createMiddleware<ProxyEnv>(async (c, next) => {
  c.set('cors', corsHeaders(c.req.header('origin'), c.get('services').origins));
  await next();
});

const PUBLIC_CORS = { 'access-control-allow-origin': '*' };

/** Public assets (the bundle, media): readable from any page, without credentials. */
export const publicCors = createMiddleware<ProxyEnv>(async (c, next) => {
  c.set('cors', PUBLIC_CORS);
  await next();
});

/**
 * "Test mode", visible: every dealer answer says whether the proxy forwards with a test key (an
 * `sk_test_` key, or the sandbox's) in `X-CarStrel-Mode: test | live`, so that the elements and
 * `/builder` can say so. Only the key's kind, never the key.
 */
export function proxyMode(config: Pick<ProxyConfig, 'apiKey'>): 'test' | 'live' {
  return config.apiKey.startsWith('sk_test_') ? 'test' : 'live';
}

export const modeHeader = createMiddleware<ProxyEnv>(async (c, next) => {
  const mode = proxyMode(c.get('config'));
  c.set('mode', mode);
  await next();
  // An answer from `send` has it already; setting it on any other (refusals, redirects) makes its Headers.
  if (!carriesMode(c.res)) c.res.headers.set('x-carstrel-mode', mode);
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
 * own machine, or with `Authorization: Bearer <CARSTREL_OPERATOR_TOKEN>`. On the machine means the
 * connection is local and so is the client behind it: a request relayed by a local front proxy
 * (X-Forwarded-For without CARSTREL_TRUST_PROXY) is not taken for a local one, and a forwarded
 * `127.0.0.1` from a remote connection counts for nothing.
 */
export function operatorAccess(c: Context<ProxyEnv>): boolean {
  const config = c.get('config');
  const relayed = config.trustProxy === 0 && (c.req.header('x-forwarded-for') ?? c.req.header('forwarded'));
  if (isLoopback(c.get('peer')) && isLoopback(c.get('client')) && !relayed) return true;
  const token = config.operatorToken;
  const auth = c.req.header('authorization');
  return token !== undefined && auth !== undefined && sameSecret(auth, `Bearer ${token}`);
}
