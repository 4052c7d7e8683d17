/**
 * The phases of an `/external` request as Hono middleware, in order:
 * faults → API key (401) → rate limit (429) → route (404/405, app.ts) → scope (403) → body → handler.
 * The first three run for every `/external` request; the others are named on each route.
 */
import type { MiddlewareHandler } from 'hono';
import type { SandboxEnv } from './context.js';
import type { Scope } from './data/dealers.js';
import { errors } from './errors.js';
import { readJsonObject } from './http.js';
import type { SandboxState } from './state.js';
import { queryObject } from './validation.js';

type Phase = MiddlewareHandler<SandboxEnv>;

/** Puts this sandbox's state in the context of every request. */
export const withState =
  (state: SandboxState): Phase =>
  async (c, next) => {
    c.set('sandbox', state);
    await next();
  };

/** Injected latency and failures (`POST /_sandbox/faults`). */
export const applyFaults: Phase = async (c, next) => {
  await c.var.sandbox.faults.apply();
  await next();
};

/** 401 unless `x-api-key` is one of the sandbox's keys. */
export const requireApiKey: Phase = async (c, next) => {
  const presented = c.req.header('x-api-key');
  const key = presented ? c.var.sandbox.keys.get(presented.trim()) : undefined;
  if (!key) throw errors.missingOrInvalidKey();
  c.set('key', key);
  await next();
};

/** `SANDBOX_RATE_LIMIT`: 429 once the key's window is full; each answer says what is left. */
export const limitRate: Phase = async (c, next) => {
  const decision = c.var.sandbox.limiter.take(c.var.key.key, 'external');
  if (decision?.retryAfter !== undefined) throw errors.rateLimited(decision.retryAfter, decision.limit);
  await next();
  if (decision && c.res.status < 400) {
    c.res.headers.set('x-ratelimit-limit', String(decision.limit));
    c.res.headers.set('x-ratelimit-remaining', String(decision.remaining));
  }
};

/** The route needs `needed` (403 without it); then the caller's tenant, media URLs and, for a GET, its query. */
export const scope =
  (needed: Scope): Phase =>
  async (c, next) => {
    const { sandbox, key } = c.var;
    if (!key.scopes.has(needed)) throw errors.missingScope(needed);
    const url = new URL(c.req.url);
    if (c.req.method === 'GET' || c.req.method === 'HEAD') c.set('query', queryObject(url));
    c.set('tenant', sandbox.store.tenant(key.dealerId, key.environment));
    c.set('media', sandbox.mediaUrls(url.origin));
    await next();
  };

/** The JSON object body of a POST or PATCH: 415, 413 or 400 otherwise (http.ts). */
export const jsonBody: Phase = async (c, next) => {
  c.set('body', await readJsonObject(c.req.raw));
  await next();
};

/**
 * `Idempotency-Key` on POSTs (contract decision D15): a retry with the same key and request gets
 * the first answer again without running the handler (idempotency.ts). Goes after `jsonBody`.
 */
export const idempotent: Phase = async (c, next) => {
  const { sandbox, key, body } = c.var;
  // A replay is returned here; a first answer is already the context's response.
  return sandbox.idempotency.once(
    `${key.dealerId}:${key.environment}`,
    c.req.header('idempotency-key') ?? null,
    `${new URL(c.req.url).pathname} ${JSON.stringify(body)}`,
    async () => {
      await next();
      return c.res;
    },
  );
};
