/**
 * The proxy's configuration on the edge: the same names and checks as on Node (`loadConfig`), read
 * from the worker's environment. Two edge-only settings are written by `npm run edge`:
 * `CARSTREL_SANDBOX_URL` (the sandbox started beside workerd when no key was given) and
 * `CARSTREL_OWN_ORIGINS` (the local origins the proxy answers on, allowed by CORS/CSRF as on Node).
 */
import { ConfigError, loadConfig, type ProxyConfig } from '../lib/config.js';
import { settingsOf, type EdgeEnv } from './platform.js';
import { tenantSource } from './tenants.js';

export interface EdgeConfig extends ProxyConfig {
  /** The sandbox beside workerd (local runs without a key): `/media/*` is fetched from it. */
  sandboxUrl?: string;
  /** Origins the proxy itself is reached at (besides CARSTREL_PUBLIC_URL). */
  ownOrigins: string[];
}

/**
 * What the Node proxy does and the edge cannot: an ADF email needs SMTP, a TCP conversation that a
 * Worker could only hold through `connect()` (`cloudflare:sockets`), which this proxy does not
 * implement. Refused at start-up, never dropped silently.
 */
export function edgeProblems(config: ProxyConfig): string[] {
  return config.leadSinks.email
    ? [
        'CARSTREL_LEAD_EMAIL (ADF email) is not available on the edge: Workers cannot speak SMTP (no raw TCP besides `connect()` from cloudflare:sockets, which this proxy does not implement). Unset CARSTREL_LEAD_EMAIL and CARSTREL_SMTP_URL and send leads to CARSTREL_LEAD_WEBHOOK (a receiver there can email the ADF), or run the Node proxy (`npm start`), which emails them.',
      ]
    : [];
}

export function edgeConfig(env: EdgeEnv): EdgeConfig {
  const settings = settingsOf(env);
  const tenants = tenantSource(env);
  if (tenants && settings.CARSTREL_API_KEY?.trim())
    throw new ConfigError([
      `CARSTREL_API_KEY and tenants (${tenants.label}) are both set: use one. For several dealers keep the tenants document, each key in it (or in the secret its apiKeyEnv names); for one dealer, remove the TENANTS binding and CARSTREL_TENANTS_JSON.`,
    ]);
  if (!tenants && !settings.CARSTREL_API_KEY?.trim())
    throw new ConfigError([
      'CARSTREL_API_KEY is required on the edge: `wrangler secret put CARSTREL_API_KEY` for a deployment (or, for several dealers, a TENANTS KV namespace or CARSTREL_TENANTS_JSON). (`npm run edge` without a key starts the sandbox beside workerd and sets it.)',
    ]);
  const config = loadConfig(tenants ? { ...settings, CARSTREL_TENANTS: tenants.label } : settings);
  const problems = edgeProblems(config);
  if (problems.length) throw new ConfigError(problems);
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
