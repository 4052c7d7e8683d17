/**
 * `/session`: the customer session the proxy holds in an httpOnly cookie (lib/session.ts).
 * `GET /session` says whether this browser has a live one, answered without any upstream call (the
 * login widget asks it before `/external/auth/me`, so an anonymous page view costs the dealer no
 * upstream request) and says nothing about who the customer is. `POST /session/logout` clears it.
 */
import { Hono } from 'hono';
import type { ProxyEnv } from '../context.js';
import { checkOrigin, preflight } from '../lib/cors.js';
import { isRefusal } from '../lib/errors.js';
import { cookieName, readCookie, sessionCookie } from '../lib/session.js';
import { listedCors } from '../middleware.js';
import { sendJson } from '../respond.js';

export const session = new Hono<ProxyEnv>()
  .use('*', listedCors)
  .get('/', async (c) => {
    const { sessions, cookie } = c.var.services;
    const active =
      (await sessions.open(readCookie(c.req.header('cookie'), cookieName(cookie.secure, cookie.tenant)))) !== undefined;
    return sendJson(
      c,
      { statusCode: 200, message: 'data has been received', data: { active } },
      { 'cache-control': 'no-store', vary: 'Origin, Cookie', ...c.var.cors },
    );
  })
  .post('/logout', (c) => {
    const refusal = checkOrigin(c.req.header('origin'), c.var.services.origins, c.var.url.origin);
    if (refusal) throw refusal;
    return sendJson(
      c,
      { statusCode: 200, message: 'Signed out', data: { signedOut: true } },
      { 'cache-control': 'no-store', 'set-cookie': sessionCookie('', 0, c.var.services.cookie), ...c.var.cors },
    );
  })
  .options('/logout', (c) => {
    const p = preflight(
      c.req.header('origin'),
      c.req.header('access-control-request-method'),
      c.req.header('access-control-request-headers'),
      ['POST'],
      c.var.services.origins,
    );
    if (isRefusal(p)) throw p;
    return new Response(null, p);
  });
