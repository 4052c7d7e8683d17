/**
 * The console's own session: a sealed, httpOnly, SameSite=Strict cookie (`carstrel_admin`, a
 * tenant's id as suffix, `__Host-` when Secure), eight hours long, made with the same sealer as the
 * customer session (lib/session.ts) but its own key, derived from the session secret and the
 * password setting (changing the password ends every console session). Sign-in is rate-limited
 * per client (10 a minute, whatever CARSTREL_RATE_LIMIT says: it guards the password); writes from
 * another origin are refused.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ProxyEnv, ProxyServices } from '../context.js';
import type { ProxyConfig } from '../lib/config.js';
import { refuse } from '../lib/errors.js';
import { RateLimiter } from '../lib/ratelimit.js';
import { readCookie, SessionSealer } from '../lib/session.js';
import type { AdminConfig } from './config.js';
import { adminRefuse } from './errors.js';

export const ADMIN_SESSION_SECONDS = 8 * 3600;
export const SIGN_IN_PER_MINUTE = 10;
/**
 * When no session secret is set: one random secret per process (console sessions end on restart),
 * made on first use (an edge runtime refuses random values in global scope).
 */
let processSecret: string | undefined;
const randomProcessSecret = (): string => (processSecret ??= crypto.randomUUID() + crypto.randomUUID());

interface AdminState {
  sealer: SessionSealer;
  signIns: RateLimiter<'signIn'>;
}

/** Per dealer (keyed by its customer-session sealer, which a tenant keeps across reloads). */
const states = new WeakMap<object, AdminState>();

export function adminState(config: ProxyConfig & { admin: AdminConfig }, services: ProxyServices): AdminState {
  let s = states.get(services.sessions);
  if (!s) {
    const secret = [
      config.sessionSecret ?? randomProcessSecret(),
      'admin',
      config.tenant ?? '',
      config.admin.passwordHash ?? config.admin.password ?? '',
    ].join('\u0000');
    s = { sealer: new SessionSealer(secret), signIns: new RateLimiter({ signIn: SIGN_IN_PER_MINUTE }) };
    states.set(services.sessions, s);
  }
  return s;
}

export function adminCookieName(services: ProxyServices): string {
  const { secure, tenant } = services.cookie;
  const name = tenant ? `carstrel_admin_${tenant}` : 'carstrel_admin';
  return secure ? `__Host-${name}` : name;
}

export function adminCookie(services: ProxyServices, value: string, maxAge: number): string {
  const parts = [
    `${adminCookieName(services)}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(maxAge))}`,
  ];
  if (services.cookie.secure) parts.push('Secure');
  return parts.join('; ');
}

export function sessionValue(c: Context<ProxyEnv>): string | undefined {
  return readCookie(c.req.header('cookie'), adminCookieName(c.var.services));
}

/** The console's configuration (the middleware `enabled` guarantees it is set). */
export function adminConfig(c: Context<ProxyEnv>): ProxyConfig & { admin: AdminConfig } {
  const config = c.var.config;
  if (!config.admin) throw adminRefuse.disabled(c.req.method, c.var.url.pathname);
  return config as ProxyConfig & { admin: AdminConfig };
}

/** 404 unless a password is set; at the root of a multi-dealer deployment, 404 with where to go. */
export const enabled = createMiddleware<ProxyEnv>(async (c, next) => {
  const config = c.var.config;
  if (!config.admin) throw adminRefuse.disabled(c.req.method, c.var.url.pathname);
  if (config.tenantsFile && config.tenant === undefined) throw adminRefuse.noTenant();
  await next();
});

/** Writes only from the console's own origin (Origin, else Sec-Fetch-Site, when the browser sends them). */
export const sameOrigin = createMiddleware<ProxyEnv>(async (c, next) => {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const origin = c.req.header('origin');
    const own = new Set([c.var.url.origin, c.var.config.publicUrl].filter(Boolean));
    if (origin && !own.has(origin)) throw adminRefuse.foreignOrigin(origin);
    const site = c.req.header('sec-fetch-site');
    if (!origin && site && site !== 'same-origin' && site !== 'none') throw adminRefuse.foreignOrigin(site);
  }
  await next();
});

/** Every data route: 401 without a live console session. */
export const signedIn = createMiddleware<ProxyEnv>(async (c, next) => {
  const { sealer } = adminState(adminConfig(c), c.var.services);
  if (!(await sealer.session(sessionValue(c)))) throw adminRefuse.signIn();
  await next();
});

/** Counts one sign-in attempt of this client; throws 429 past the limit. */
export function countSignIn(c: Context<ProxyEnv>): void {
  const wait = adminState(adminConfig(c), c.var.services).signIns.check(c.var.client, 'signIn');
  if (wait !== undefined) throw refuse.rateLimited(wait);
}
