/**
 * `/admin`: the dealer console (on only when a console password is set; otherwise every `/admin`
 * path answers 404). Mounted by `createProxyApp` beside the dealer routes, never under `/external`
 * (whose allow-list does not change).
 *
 *   GET    /admin                 the page (the only route, with its script, that answers without a session)
 *   GET    /admin/app.js          the console's script (the admin build)
 *   POST   /admin/session         sign in `{ password }` (rate-limited; 401 wrong password)
 *   GET    /admin/session         200 with a live console session, else 401
 *   DELETE /admin/session         sign out (the session is revoked)
 *   GET    /admin/api/customers   search, segment, sort, pages
 *   GET    /admin/api/customers/:id, PATCH (notes, tags, isVip)
 *   GET    /admin/api/stats       customer and vehicle statistics
 *   GET    /admin/api/outbox      leads waiting for CarStrel, and per sink; POST /admin/api/outbox/retry
 *   GET    /admin/api/health      health and configuration check
 *
 * Every `/admin/api/…` route answers 401 without the console session; every write from another
 * origin 403; answers are `no-store`.
 */
import { Hono, type Context } from 'hono';
import type { ProxyEnv } from '../context.js';
import { readLimited } from '../lib/body.js';
import { refuse } from '../lib/errors.js';
import { send, sendJson, sendStatic } from '../respond.js';
import {
  ADMIN_SESSION_SECONDS,
  adminConfig,
  adminCookie,
  adminState,
  countSignIn,
  enabled,
  sameOrigin,
  sessionValue,
  signedIn,
} from './auth.js';
import { adminRefuse } from './errors.js';
import { ADMIN_PAGE_HEADERS, adminPage, pageLanguage } from './page.js';
import { checkPassword } from './password.js';
import { consoleReport } from './report.js';
import { consoleUpstream } from './upstream.js';
import { checkId, checkPatch, checkQuery } from './validation.js';

const NO_STORE = { 'cache-control': 'no-store' };
const enc = new TextEncoder();
const dec = new TextDecoder();

const ok = (c: Context<ProxyEnv>, data: unknown, message = 'ok') =>
  sendJson(c, { statusCode: 200, message, data }, NO_STORE);

/** The console's base path as the browser sees it (`/admin`, or `/d/<id>/admin`). */
function basePath(c: Context<ProxyEnv>): string {
  const { url, path } = c.var;
  const prefix = url.pathname.slice(0, url.pathname.length - path.length);
  return `${prefix}/admin`;
}

async function jsonBody(c: Context<ProxyEnv>): Promise<unknown> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) throw refuse.bodyNotJson();
  const bytes = await readLimited(c.req.raw.body, 16 * 1024);
  if (!bytes) throw refuse.bodyTooLarge(16 * 1024);
  try {
    return JSON.parse(dec.decode(bytes));
  } catch {
    throw refuse.bodyInvalidJson();
  }
}

/** The outbox could not be asked (on the edge: its Durable Object is unreachable or failed): 503, logged. */
const outboxUnreachable =
  (c: Context<ProxyEnv>) =>
  (err: unknown): never => {
    c.var.services.logger.error(`console: lead outbox unreachable: ${String(err)}`);
    throw adminRefuse.outboxUnreachable();
  };

const api = new Hono<ProxyEnv>()
  .use('*', signedIn)
  .get('/customers', async (c) => {
    const q = checkQuery(c.req.query());
    return ok(c, await consoleUpstream(c.var.config, c.var.services).customers(q));
  })
  .get('/customers/:id', async (c) => {
    const id = checkId(c.req.param('id'));
    return ok(c, await consoleUpstream(c.var.config, c.var.services).customer(id));
  })
  .patch('/customers/:id', async (c) => {
    const id = checkId(c.req.param('id'));
    const patch = checkPatch(await jsonBody(c));
    return ok(c, await consoleUpstream(c.var.config, c.var.services).patchCustomer(id, patch), 'Customer updated');
  })
  .get('/stats', async (c) => {
    const up = consoleUpstream(c.var.config, c.var.services);
    const [customers, vehicles] = await Promise.all([up.customerStats(), up.vehicleStats()]);
    return ok(c, { customers, vehicles });
  })
  .get('/outbox', async (c) => {
    const { leads } = c.var.services;
    if (!leads.view) throw adminRefuse.noOutbox();
    return ok(c, await leads.view().catch(outboxUnreachable(c)));
  })
  .post('/outbox/retry', async (c) => {
    const { leads } = c.var.services;
    if (!leads.retryNow) throw adminRefuse.noOutbox();
    await leads.retryNow().catch(outboxUnreachable(c));
    return ok(c, { retrying: true }, 'Every waiting lead is being tried now');
  })
  .get('/health', async (c) => ok(c, await consoleReport(c.var.config, c.var.services)));

export const admin = new Hono<ProxyEnv>()
  .use('*', enabled)
  .use('*', sameOrigin)
  .get('/', (c) =>
    send(c, 200, enc.encode(adminPage(basePath(c), pageLanguage(c.req.header('accept-language')))), {
      ...ADMIN_PAGE_HEADERS,
    }),
  )
  .get('/app.js', async (c) => {
    const file = await c.var.services.assets?.widget('/admin/app.js');
    if (!file) throw refuse.bundleMissing();
    return sendStatic(c, file, { 'cache-control': 'no-cache' });
  })
  .post('/session', async (c) => {
    countSignIn(c);
    const body = await jsonBody(c);
    const password = (body as { password?: unknown } | null)?.password;
    if (typeof password !== 'string' || password.length === 0 || password.length > 1024)
      throw adminRefuse.invalid('The field "password"', 'must be the console password');
    const config = adminConfig(c);
    if (!(await checkPassword(password, config.admin))) throw adminRefuse.wrongPassword();
    const value = await adminState(config, c.var.services).sealer.seal({
      accessToken: 'admin',
      expiresIn: ADMIN_SESSION_SECONDS,
    });
    return sendJson(
      c,
      { statusCode: 200, message: 'Signed in', data: { signedIn: true } },
      { ...NO_STORE, 'set-cookie': adminCookie(c.var.services, value, ADMIN_SESSION_SECONDS) },
    );
  })
  .get('/session', signedIn, (c) => ok(c, { signedIn: true }))
  .delete('/session', async (c) => {
    await adminState(adminConfig(c), c.var.services).sealer.revoke(sessionValue(c));
    return sendJson(
      c,
      { statusCode: 200, message: 'Signed out', data: { signedIn: false } },
      { ...NO_STORE, 'set-cookie': adminCookie(c.var.services, '', 0) },
    );
  })
  .route('/api', api)
  .all('*', (c) => {
    throw refuse.notFound(c.req.method, c.var.url.pathname);
  });
