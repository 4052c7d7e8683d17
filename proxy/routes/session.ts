/**
 * `/session`: the customer session the proxy holds in an httpOnly cookie (lib/session.ts).
 * `GET /session` says whether this browser has a live one, answered without any upstream call (the
 * login widget asks it before `/external/auth/me`, so an anonymous page view costs the dealer no
 * upstream request) and says nothing about who the customer is (`Vary: Cookie`, since the answer
 * depends on it). `POST /session/logout` clears the cookie and revokes the session, so a copy of
 * the cookie taken before is refused too.
 */
import { Hono } from 'hono';
import type { ProxyEnv } from '../context.js';
import { checkOrigin, preflight } from '../lib/cors.js';
import { isRefusal } from '../lib/errors.js';
import { mergeVary } from '../lib/phases.js';
import { cookieName, readCookie, sessionCookie } from '../lib/session.js';
import { listedCors } from '../middleware.js';
import { sendJson } from '../respond.js';

export const session = new Hono<ProxyEnv>()
  .use('*', listedCors)
  .get('/', async (c) => {
    const { sessions, cookie } = c.get('services');
    const active =
      (await sessions.open(readCookie(c.req.header('cookie'), cookieName(cookie.secure, cookie.tenant)))) !== undefined;
    const cors = c.get('cors');
    return sendJson(
      c,
      { statusCode: 200, message: 'data has been received', data: { active } },
      { 'cache-control': 'no-store', ...cors, vary: mergeVary(cors.vary, 'Cookie') },
    );
  })
  .post('/logout', async (c) => {
    const { origins, sessions, cookie } = c.get('services');
    const refusal = checkOrigin(c.req.header('origin'), origins, c.get('url').origin);
    if (refusal) throw refusal;
    await sessions.revoke(readCookie(c.req.header('cookie'), cookieName(cookie.secure, cookie.tenant)));
    const cors = c.get('cors');
    return sendJson(
      c,
      { statusCode: 200, message: 'Signed out', data: { signedOut: true } },
      {
        'cache-control': 'no-store',
        'set-cookie': sessionCookie('', 0, cookie),
        ...cors,
        vary: mergeVary(cors.vary, 'Cookie'),
      },
    );
  })
  .options('/logout', (c) => {
    const p = preflight(
      c.req.header('origin'),
      c.req.header('access-control-request-method'),
      c.req.header('access-control-request-headers'),
      ['POST'],
      c.get('services').origins,
    );
    if (isRefusal(p)) throw p;
    return new Response(null, p);
  });
