/**
 * The sandbox as one web-standard handler. An `/external` request goes through small phases:
 * faults → API key → rate limit → route (404/405) → scope (403) → body → handler.
 * `/_sandbox/*` (inspection and faults) and `/media/*` (generated images) bypass them.
 */
import { BUILTIN_DEALERS, BUILTIN_KEYS, parseExtraKeys, type ApiKey, type Dealer } from './data/dealers.js';
import { errorResponse, errors, SandboxError } from './errors.js';
import { IdempotencyStore } from './idempotency.js';
import { Faults } from './faults.js';
import { readJsonObject } from './http.js';
import { renderMedia } from './media.js';
import { RateLimiter } from './rate-limit.js';
import { authRoutes } from './routes/auth.js';
import { customerRoutes } from './routes/customers.js';
import { engagementRoutes } from './routes/engagement.js';
import { metadataRoutes } from './routes/metadata.js';
import { sandboxRoutes } from './routes/sandbox.js';
import type { Route } from './routes/types.js';
import { vehicleRoutes } from './routes/vehicles.js';
import { Store } from './store.js';
import { queryObject } from './validation.js';
import type { MediaUrl } from './views.js';

export interface SandboxConfig {
  mediaBaseUrl?: string;
  extraKeys?: string;
  rateLimitPerMinute?: number;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

const ROUTES: CompiledRoute[] = [
  ...metadataRoutes,
  ...vehicleRoutes,
  ...authRoutes,
  ...customerRoutes,
  ...engagementRoutes,
].map(compile);

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { ...route, regex: new RegExp(`^${source}$`), names };
}

/** Finds the route for method + path: 404 if no route has the path, 405 if the method is wrong. */
export function matchRoute(method: string, rawPath: string): { route: CompiledRoute; params: Record<string, string> } {
  const path = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath; // one trailing slash is tolerated, as NestJS/Express servers (whose error envelope CarStrel uses) do
  // Literal routes win over parameterised ones (/vehicles/stats/summary before /vehicles/:id).
  const candidates = ROUTES.filter((r) => r.regex.test(path)).sort((a, b) => a.names.length - b.names.length);
  if (!candidates.length) throw errors.unknownRoute(method, rawPath);
  const fewest = candidates[0]!.names.length;
  const best = candidates.filter((r) => r.names.length === fewest);
  const route = best.find((r) => r.method === method || (method === 'HEAD' && r.method === 'GET'));
  if (!route) throw errors.methodNotAllowed(method, rawPath, [...new Set(best.map((r) => r.method))]);
  const values = route.regex.exec(path)!.slice(1);
  const params: Record<string, string> = Object.create(null);
  route.names.forEach((n, i) => (params[n] = safeDecode(values[i]!)));
  return { route, params };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export class SandboxApp {
  readonly store: Store;
  readonly faults = new Faults();
  /** Answers kept per `Idempotency-Key`, so a retried lead POST is not recorded twice. */
  readonly idempotency = new IdempotencyStore();
  readonly limiter: RateLimiter;
  readonly keys: Map<string, ApiKey>;
  mediaBaseUrl: string | undefined;

  constructor(config: SandboxConfig = {}) {
    const extra = parseExtraKeys(config.extraKeys);
    const dealers = new Map<string, Dealer>([...BUILTIN_DEALERS, ...extra.dealers].map((d) => [d.id, d]));
    this.keys = new Map([...BUILTIN_KEYS, ...extra.keys].map((k) => [k.key, k]));
    this.store = new Store(dealers);
    this.limiter = new RateLimiter(config.rateLimitPerMinute);
    this.mediaBaseUrl = config.mediaBaseUrl?.replace(/\/+$/, '');
  }

  /** Seeds the demo dealers' test tenants now, so the first request does not pay for it. */
  warmUp(): void {
    for (const d of BUILTIN_DEALERS) this.store.tenant(d.id, 'test');
  }

  reset(): void {
    this.store.reset();
    this.idempotency.clear();
    this.faults.clear();
    this.limiter.clear();
  }

  fetch = async (req: Request): Promise<Response> => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return errorResponse(errors.unknownRoute(req.method, req.url.slice(0, 200)));
    }
    try {
      const path = url.pathname;
      if (path === '/external' || path.startsWith('/external/')) return await this.external(req, url);
      if (path.startsWith('/_sandbox/')) return await sandboxRoutes(this, req, url);
      if (path.startsWith('/media/')) return this.media(req, url);
      throw errors.unknownRoute(req.method, path);
    } catch (e) {
      if (e instanceof SandboxError) return errorResponse(e);
      console.error(`sandbox: unexpected failure on ${req.method} ${url.pathname}:`, e);
      return errorResponse(errors.unexpected());
    }
  };

  private mediaUrlFor(url: URL): MediaUrl {
    const base = this.mediaBaseUrl ?? `${url.origin}/media`;
    return (path) => `${base}/${path}`;
  }

  private async external(req: Request, url: URL): Promise<Response> {
    await this.faults.apply();
    const key = this.authenticate(req);
    this.limiter.take(key.key);
    const { route, params } = matchRoute(req.method, url.pathname);
    if (!key.scopes.has(route.scope)) throw errors.missingScope(route.scope);
    const body = route.method === 'GET' ? {} : await readJsonObject(req);
    const query = route.method === 'GET' ? queryObject(url) : {};
    const handle = () =>
      route.handle({
        req,
        url,
        params,
        query,
        body,
        key,
        tenant: this.store.tenant(key.dealerId, key.environment),
        store: this.store,
        media: this.mediaUrlFor(url),
      });
    const response =
      route.method === 'POST'
        ? await this.idempotency.once(
            `${key.dealerId}:${key.environment}`,
            req.headers.get('idempotency-key'),
            `${url.pathname} ${JSON.stringify(body)}`,
            handle,
          )
        : await handle();
    for (const [k, v] of Object.entries(this.limiter.headers(key.key))) response.headers.set(k, v);
    return req.method === 'HEAD'
      ? new Response(null, { status: response.status, headers: response.headers })
      : response;
  }

  private authenticate(req: Request): ApiKey {
    const presented = req.headers.get('x-api-key');
    const key = presented ? this.keys.get(presented.trim()) : undefined;
    if (!key) throw errors.missingOrInvalidKey();
    return key;
  }

  private media(req: Request, url: URL): Response {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw errors.methodNotAllowed(req.method, url.pathname, ['GET']);
    const svg = renderMedia(url.pathname.slice('/media/'.length));
    if (svg === undefined) throw errors.mediaNotFound(url.pathname);
    return new Response(req.method === 'HEAD' ? null : svg, {
      headers: {
        'content-type': 'image/svg+xml; charset=utf-8',
        'cache-control': 'public, max-age=31536000, immutable',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      },
    });
  }
}
