/**
 * The proxy's configuration on the edge: the same names and checks as on Node (`loadConfig`), read
 * from the worker's environment. Two edge-only settings are written by `npm run edge`:
 * `CARSTREL_SANDBOX_URL` (the sandbox started beside workerd when no key was given) and
 * `CARSTREL_OWN_ORIGINS` (the local origins the proxy answers on, allowed by CORS/CSRF as on Node).
 */
import { ConfigError, loadConfig, type ProxyConfig } from '../lib/config.js';
import { settingsOf, type EdgeEnv } from './platform.js';

export interface EdgeConfig extends ProxyConfig {
  /** The sandbox beside workerd (local runs without a key): `/media/*` is fetched from it. */
  sandboxUrl?: string;
  /** Origins the proxy itself is reached at (besides CARSTREL_PUBLIC_URL). */
  ownOrigins: string[];
}

export function edgeConfig(env: EdgeEnv): EdgeConfig {
  const settings = settingsOf(env);
  if (!settings.CARSTREL_API_KEY?.trim())
    throw new ConfigError([
      'CARSTREL_API_KEY is required on the edge: `wrangler secret put CARSTREL_API_KEY` for a deployment. (`npm run edge` without a key starts the sandbox beside workerd and sets it.)',
    ]);
  const config = loadConfig(settings);
  if (!config.sessionSecret)
    throw new ConfigError([
      'CARSTREL_SESSION_SECRET is required on the edge (`wrangler secret put CARSTREL_SESSION_SECRET`, ≥ 32 characters): isolates share no memory, so a random secret per isolate would end customer sessions at random. (`npm run edge` makes one per start when it is unset.)',
    ]);
  const sandboxUrl = settings.CARSTREL_SANDBOX_URL?.trim() || undefined;
  const ownOrigins = (settings.CARSTREL_OWN_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return { ...config, mode: sandboxUrl ? 'sandbox' : 'live', sandboxUrl, ownOrigins };
}
