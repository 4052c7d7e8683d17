/**
 * The sandbox as one Hono app: a sub-app per resource, mounted with `app.route()`, sharing one
 * typed context (context.ts). `/external` requests go through the phases in middleware.ts;
 * `/_sandbox/*` (inspection and faults) and `/media/*` (generated images) bypass them.
 */
import { Hono } from 'hono';
import { isRefusal, refusalResponse } from '../lib/errors.js';
import type { SandboxEnv } from './context.js';
import { errors } from './errors.js';
import { applyFaults, limitRate, requireApiKey, withState } from './middleware.js';
import { auth } from './routes/auth.js';
import { customers } from './routes/customers.js';
import { engagement } from './routes/engagement.js';
import { media } from './routes/media.js';
import { metadata } from './routes/metadata.js';
import { sandboxOnly } from './routes/sandbox.js';
import { vehicles } from './routes/vehicles.js';
import type { SandboxState } from './state.js';

/** The CarStrel external API: every request checked for faults, key and rate, then routed. */
const external = new Hono<SandboxEnv>()
  .use(applyFaults, requireApiKey, limitRate)
  .route('/', metadata)
  .route('/vehicles', vehicles)
  .route('/auth', auth)
  .route('/customers', customers)
  .route('/', engagement);

/**
 * Routes match the path as sent, not percent-decoded (`/external/vehicle%73` is not a route, as on
 * the NestJS/Express servers whose envelope CarStrel uses); one trailing slash is tolerated.
 */
function routingPath(req: Request): string {
  const path = new URL(req.url).pathname;
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

export function sandboxApp(state: SandboxState): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>({ getPath: routingPath })
    .use(withState(state))
    .route('/external', external)
    .route('/_sandbox', sandboxOnly)
    .route('/media', media);
  refuseOtherMethods(app);
  app.notFound((c) => refusalResponse(errors.unknownRoute(c.req.method, new URL(c.req.url).pathname)));
  app.onError((err, c) => {
    if (isRefusal(err)) return refusalResponse(err);
    console.error(`sandbox: unexpected failure on ${c.req.method} ${new URL(c.req.url).pathname}:`, err);
    return refusalResponse(errors.unexpected());
  });
  return app;
}

/** A known path asked with another method: 405, with the path's methods in `Allow`. */
function refuseOtherMethods(app: Hono<SandboxEnv>): void {
  const methods = new Map<string, Set<string>>();
  for (const { method, path } of app.routes) {
    if (method !== 'ALL') methods.set(path, (methods.get(path) ?? new Set()).add(method));
  }
  for (const [path, allowed] of methods) {
    app.all(path, (c) => {
      throw errors.methodNotAllowed(c.req.method, new URL(c.req.url).pathname, [...allowed]);
    });
  }
}
