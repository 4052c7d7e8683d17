/** The shape of a sandbox route and the context its handler receives. */
import type { ApiKey, Scope } from '../data/dealers.js';
import type { Store, Tenant } from '../store.js';
import type { MediaUrl } from '../views.js';

export interface RouteContext {
  req: Request;
  url: URL;
  params: Record<string, string>;
  query: Record<string, string>;
  /** Parsed JSON object body (POST/PATCH routes only). */
  body: Record<string, unknown>;
  key: ApiKey;
  tenant: Tenant;
  store: Store;
  media: MediaUrl;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH';
  /** Path pattern; `:name` segments capture one path segment. */
  path: string;
  scope: Scope;
  handle(ctx: RouteContext): Response | Promise<Response>;
}
