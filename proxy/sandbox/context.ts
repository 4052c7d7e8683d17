/** The typed context every sandbox route shares (Hono variables), set by the phases in middleware.ts. */
import type { Context } from 'hono';
import type { ApiKey } from './data/dealers.js';
import type { SandboxState } from './state.js';
import type { Tenant } from './store.js';
import type { MediaUrl } from './views.js';

export interface SandboxVariables {
  /** This sandbox's state (every route). */
  sandbox: SandboxState;
  /** The caller's API key (`/external`). */
  key: ApiKey;
  /** The calling dealer's data in the key's environment (`/external`, once the route is known). */
  tenant: Tenant;
  /** Absolute media URLs for this request. */
  media: MediaUrl;
  /** The query parameters of a GET, each given at most once. */
  query: Record<string, string>;
  /** The JSON object body of a POST or PATCH. */
  body: Record<string, unknown>;
}

export type SandboxEnv = { Variables: SandboxVariables };

export type SandboxContext = Context<SandboxEnv>;
