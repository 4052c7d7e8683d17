/**
 * Proxy configuration: read from environment-style names (the CLI maps flags and `.env` onto the
 * same names), checked once at start-up, with errors that say how to fix them.
 */
import { ADMIN_SETTINGS, parseAdmin, type AdminConfig } from '../admin/config.js';
import { LEAD_SINK_SETTINGS, parseLeadSinks } from './sinks/config.js';
import type { LeadSinksConfig } from './sinks/types.js';

export type SameSite = 'Lax' | 'Strict' | 'None';

export interface RateLimits {
  /** Tokens per minute (and bucket size) per client for GETs. */
  get: number;
  /** Per client for state-changing requests (leads, logout). */
  post: number;
  /** Per client for login/register (brute force). */
  auth: number;
}

export interface ProxyConfig {
  port: number;
  host: string;
  /** 'live' forwards to apiUrl with apiKey (or each tenant's key); 'sandbox' runs the embedded sandbox. */
  mode: 'live' | 'sandbox';
  /** The dealer's key; '' at the root of a multi-dealer deployment (each tenant has its own). */
  apiKey: string;
  /** Many dealers, one deployment: the tenants file (`CARSTREL_TENANTS`), instead of `apiKey`. */
  tenantsFile?: string;
  /** Set on the configuration of one tenant of a multi-dealer deployment: its id. */
  tenant?: string;
  /** Bearer token that opens operator detail (`/healthz` detail, `/metrics`) to non-loopback clients. */
  operatorToken?: string;
  apiUrl: string;
  /** Exact origins allowed by CORS in addition to the proxy's own origin(s). */
  allowedOrigins: string[];
  /** Public origin of the proxy when behind a front proxy / TLS terminator. */
  publicUrl?: string;
  rateLimit: RateLimits | 'off';
  /** Number of trusted front proxies whose X-Forwarded-For entries are believed (0 = none). */
  trustProxy: number;
  upstreamTimeoutMs: number;
  bodyLimit: number;
  cacheMaxEntries: number;
  /** Seconds reference data stays fresh. */
  cacheTtl: number;
  /** Seconds vehicle lists and stats stay fresh. */
  cacheListTtl: number;
  sessionSecret?: string;
  cookieSameSite: SameSite;
  dataDir: string;
  /** Most leads waiting for delivery while CarStrel is down; beyond it a new lead is refused (503). */
  leadQueueMax: number;
  /** Most bytes of waiting lead bodies; beyond it a new lead is refused (503). */
  leadQueueBytes: number;
  widgetsDir?: string;
  demoDir?: string;
  sandboxPort: number;
  log: 'json' | 'off';
  /** `CARSTREL_BEARER_FALLBACK=on`: hand the access token to page JavaScript when it asks (see README). */
  bearerFallback: boolean;
  /** ms a client has to send its request headers (then 408). */
  headerTimeoutMs: number;
  /** Most open client connections (0 = no cap). */
  maxConnections: number;
  /** Where leads also go (webhook, ADF email): this dealer's sinks (sinks/config.ts). */
  leadSinks: LeadSinksConfig;
  /** The dealer console (`/admin`): on only with a password (admin/config.ts). */
  admin?: AdminConfig;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid proxy configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Every setting, for `--help` and the README. Flag = `--` + lower-kebab of the name without prefix. */
export const SETTINGS: Array<{ name: string; flag: string; help: string }> = [
  { name: 'PORT', flag: '--port', help: 'Port to listen on (default 8787; 0 = any free port).' },
  { name: 'HOST', flag: '--host', help: 'Interface to listen on (default 127.0.0.1; 0.0.0.0 for all).' },
  {
    name: 'CARSTREL_API_KEY',
    flag: '--api-key',
    help: 'Your secret key (sk_live_… or sk_test_…). Unset = run the embedded sandbox.',
  },
  {
    name: 'CARSTREL_TENANTS',
    flag: '--tenants',
    help: 'Many dealers: a JSON file of tenants (id, apiKey or apiKeyEnv, allowedOrigins, hosts), served under /d/<id>/; re-read on SIGHUP and on change. Instead of CARSTREL_API_KEY.',
  },
  {
    name: 'CARSTREL_OPERATOR_TOKEN',
    flag: '--operator-token',
    help: 'Token (≥ 24 chars) that opens /metrics and /healthz detail to non-loopback clients (Authorization: Bearer …).',
  },
  {
    name: 'CARSTREL_API_URL',
    flag: '--api-url',
    help: 'Upstream origin (default https://api.carstrel.com). https only, except loopback.',
  },
  {
    name: 'CARSTREL_ALLOWED_ORIGINS',
    flag: '--allowed-origins',
    help: 'Comma-separated exact origins (https://www.dealer.example) allowed by CORS, besides the proxy itself.',
  },
  {
    name: 'CARSTREL_PUBLIC_URL',
    flag: '--public-url',
    help: 'Public origin of this proxy when behind TLS or a front proxy (https://cars.dealer.example).',
  },
  {
    name: 'CARSTREL_RATE_LIMIT',
    flag: '--rate-limit',
    help: '"on" (default: get=600,post=20,auth=10 per minute per client), "off", or e.g. "get=300,post=10,auth=5".',
  },
  {
    name: 'CARSTREL_TRUST_PROXY',
    flag: '--trust-proxy',
    help: 'Number of front proxies to trust for X-Forwarded-For (default 0 = use the socket address).',
  },
  {
    name: 'CARSTREL_UPSTREAM_TIMEOUT_MS',
    flag: '--upstream-timeout-ms',
    help: 'Deadline for each upstream call in ms (default 8000).',
  },
  { name: 'CARSTREL_BODY_LIMIT', flag: '--body-limit', help: 'Largest request body in bytes (default 65536).' },
  {
    name: 'CARSTREL_CACHE_MAX_ENTRIES',
    flag: '--cache-max-entries',
    help: 'Entries in the response cache (default 2000; 0 = no cache).',
  },
  {
    name: 'CARSTREL_CACHE_TTL',
    flag: '--cache-ttl',
    help: 'Seconds reference data (brands, models, …) stays fresh (default 300).',
  },
  {
    name: 'CARSTREL_CACHE_LIST_TTL',
    flag: '--cache-list-ttl',
    help: 'Seconds vehicle lists and stats stay fresh (default 10; 0 = never cache).',
  },
  {
    name: 'CARSTREL_SESSION_SECRET',
    flag: '--session-secret',
    help: 'Secret (≥32 chars) that encrypts the customer session cookie. Unset = random per start (sessions end on restart).',
  },
  {
    name: 'CARSTREL_COOKIE_SAMESITE',
    flag: '--cookie-samesite',
    help: 'lax (default), strict, or none (cross-site embeds; needs https, adds Secure and Partitioned).',
  },
  {
    name: 'CARSTREL_DATA_DIR',
    flag: '--data-dir',
    help: 'Directory for the durable lead queue (default .carstrel in the working directory).',
  },
  {
    name: 'CARSTREL_LEAD_QUEUE_MAX',
    flag: '--lead-queue-max',
    help: 'Most leads kept waiting while CarStrel is down (default 10000); beyond it new leads get 503 + Retry-After.',
  },
  {
    name: 'CARSTREL_LEAD_QUEUE_BYTES',
    flag: '--lead-queue-bytes',
    help: 'Most bytes of waiting leads (default 33554432 = 32 MiB; at least CARSTREL_BODY_LIMIT); beyond it new leads get 503.',
  },
  {
    name: 'CARSTREL_WIDGETS_DIR',
    flag: '--widgets-dir',
    help: 'Directory of the widgets build (default dist/widgets of the package).',
  },
  {
    name: 'CARSTREL_DEMO_DIR',
    flag: '--demo-dir',
    help: 'Directory of the demo pages served at / (default demo/ of the package).',
  },
  {
    name: 'SANDBOX_PORT',
    flag: '--sandbox-port',
    help: 'Port of the embedded sandbox (default 4010, or any free port if taken).',
  },
  { name: 'CARSTREL_LOG', flag: '--log', help: '"json" (default: one JSON line per request on stdout) or "off".' },
  {
    name: 'CARSTREL_BEARER_FALLBACK',
    flag: '--bearer-fallback',
    help: '"off" (default) or "on": hand the customer\'s access token to page JavaScript that asks (X-CarStrel-Session: bearer) where the cookie is blocked. Any script on the page can then steal it (see README).',
  },
  {
    name: 'CARSTREL_HEADER_TIMEOUT_MS',
    flag: '--header-timeout-ms',
    help: 'ms a client has to send its request headers, then 408 (default 10000).',
  },
  {
    name: 'CARSTREL_MAX_CONNECTIONS',
    flag: '--max-connections',
    help: 'Most open client connections; more are closed at once (default 1024; 0 = no cap).',
  },
  ...LEAD_SINK_SETTINGS,
  ...ADMIN_SETTINGS,
];

export const KEY_SHAPE = /^sk_(live|test)_[A-Za-z0-9]+$/;
// URL.hostname writes IPv6 in brackets.
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const DEFAULT_RATE_LIMITS: RateLimits = { get: 600, post: 20, auth: 10 };

type Env = Record<string, string | undefined>;

function intSetting(env: Env, name: string, def: number, min: number, max: number, problems: string[]): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}.`);
    return def;
  }
  return Number(raw);
}

/** `https://x.example[:port]` exactly (no path, query, wildcard), or undefined when it is not. */
export function exactOrigin(value: string): string | undefined {
  if (value.includes('*')) return undefined;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  // Stryker disable next-line all: the comparison with u.origin just below refuses each of these as well.
  if (u.username || u.password || u.search || u.hash || (u.pathname !== '/' && u.pathname !== '')) return undefined;
  if (value.replace(/\/$/, '') !== u.origin) return undefined;
  return u.origin;
}

function parseRateLimit(raw: string | undefined, problems: string[]): RateLimits | 'off' {
  const v = raw?.trim().toLowerCase();
  if (!v || v === 'on') return { ...DEFAULT_RATE_LIMITS };
  if (v === 'off') return 'off';
  const limits = { ...DEFAULT_RATE_LIMITS };
  for (const part of v.split(',')) {
    const m = /^(get|post|auth)=(\d+)$/.exec(part.trim());
    if (!m || Number(m[2]) < 1) {
      problems.push(
        `CARSTREL_RATE_LIMIT="${raw}" must be "on", "off" or like "get=600,post=20,auth=10" (requests per minute, each ≥ 1).`,
      );
      return limits;
    }
    limits[m[1] as keyof RateLimits] = Number(m[2]);
  }
  return limits;
}

function parseApiUrl(raw: string | undefined, problems: string[]): string {
  const value = raw?.trim() || 'https://api.carstrel.com';
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    problems.push(`CARSTREL_API_URL="${value}" is not a URL. Use an origin like https://api.carstrel.com.`);
    return value;
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname))) {
    problems.push(
      `CARSTREL_API_URL="${value}" must use https (plain http only for 127.0.0.1/localhost), so the key is never sent in clear.`,
    );
  }
  if (u.username || u.password || u.search || u.hash || (u.pathname !== '/' && u.pathname !== '')) {
    problems.push(
      `CARSTREL_API_URL="${value}" must be an origin only (no path, query or credentials), e.g. https://api.carstrel.com.`,
    );
  }
  return u.origin;
}

function parseOrigins(raw: string | undefined, problems: string[]): string[] {
  const out: string[] = [];
  for (const item of (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const o = exactOrigin(item);
    if (!o) {
      problems.push(
        `CARSTREL_ALLOWED_ORIGINS entry "${item}" must be an exact origin like https://www.dealer.example (scheme, host, optional port; no path, no wildcard).`,
      );
    } else out.push(o);
  }
  return out;
}

function parseSameSite(raw: string | undefined, problems: string[]): SameSite {
  const v = (raw ?? 'lax').trim().toLowerCase();
  if (v === 'lax') return 'Lax';
  if (v === 'strict') return 'Strict';
  if (v === 'none') return 'None';
  problems.push(`CARSTREL_COOKIE_SAMESITE="${raw}" must be lax, strict or none.`);
  // Stryker disable next-line StringLiteral: never seen, loadConfig throws once a problem is pushed.
  return 'Lax';
}

/** Check the environment and build the configuration, or throw a ConfigError listing every problem. */
export function loadConfig(env: Env): ProxyConfig {
  const problems: string[] = [];
  const apiKey = env.CARSTREL_API_KEY?.trim() ?? '';
  if (apiKey && !KEY_SHAPE.test(apiKey)) {
    problems.push(
      'CARSTREL_API_KEY must look like sk_live_… or sk_test_… (letters and digits after the prefix). Copy it again from Dashboard → Integrations → API Keys, or unset it to use the sandbox.',
    );
  }
  const tenantsFile = env.CARSTREL_TENANTS?.trim() || undefined;
  if (tenantsFile && apiKey) {
    problems.push(
      'CARSTREL_TENANTS and CARSTREL_API_KEY are both set: use one. For several dealers, keep CARSTREL_TENANTS and put each key in the tenants file; for one dealer, unset CARSTREL_TENANTS.',
    );
  }
  const operatorToken = env.CARSTREL_OPERATOR_TOKEN?.trim() || undefined;
  if (operatorToken && (operatorToken.length < 24 || /\s/.test(operatorToken)))
    problems.push(
      'CARSTREL_OPERATOR_TOKEN must be at least 24 characters without spaces (e.g. `openssl rand -hex 24`).',
    );
  const mode = apiKey || tenantsFile ? 'live' : 'sandbox';
  const apiUrl = mode === 'live' ? parseApiUrl(env.CARSTREL_API_URL, problems) : '';
  let publicUrl: string | undefined;
  if (env.CARSTREL_PUBLIC_URL?.trim()) {
    publicUrl = exactOrigin(env.CARSTREL_PUBLIC_URL.trim());
    if (!publicUrl)
      problems.push(
        `CARSTREL_PUBLIC_URL="${env.CARSTREL_PUBLIC_URL}" must be an exact origin like https://cars.dealer.example.`,
      );
  }
  const cookieSameSite = parseSameSite(env.CARSTREL_COOKIE_SAMESITE, problems);
  const secret = env.CARSTREL_SESSION_SECRET?.trim() || undefined;
  if (secret && secret.length < 32)
    problems.push('CARSTREL_SESSION_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`).');
  const config: ProxyConfig = {
    port: intSetting(env, 'PORT', 8787, 0, 65535, problems),
    host: env.HOST?.trim() || '127.0.0.1',
    mode,
    apiKey: apiKey || (tenantsFile ? '' : 'sk_test_sandbox'),
    apiUrl,
    tenantsFile,
    operatorToken,
    allowedOrigins: parseOrigins(env.CARSTREL_ALLOWED_ORIGINS, problems),
    publicUrl,
    rateLimit: parseRateLimit(env.CARSTREL_RATE_LIMIT, problems),
    trustProxy: intSetting(env, 'CARSTREL_TRUST_PROXY', 0, 0, 10, problems),
    upstreamTimeoutMs: intSetting(env, 'CARSTREL_UPSTREAM_TIMEOUT_MS', 8000, 100, 120000, problems),
    bodyLimit: intSetting(env, 'CARSTREL_BODY_LIMIT', 65536, 1024, 10 * 1024 * 1024, problems),
    cacheMaxEntries: intSetting(env, 'CARSTREL_CACHE_MAX_ENTRIES', 2000, 0, 1_000_000, problems),
    cacheTtl: intSetting(env, 'CARSTREL_CACHE_TTL', 300, 0, 86400, problems),
    cacheListTtl: intSetting(env, 'CARSTREL_CACHE_LIST_TTL', 10, 0, 3600, problems),
    sessionSecret: secret,
    cookieSameSite,
    dataDir: env.CARSTREL_DATA_DIR?.trim() || '.carstrel',
    leadQueueMax: intSetting(env, 'CARSTREL_LEAD_QUEUE_MAX', 10_000, 1, 10_000_000, problems),
    leadQueueBytes: intSetting(env, 'CARSTREL_LEAD_QUEUE_BYTES', 32 * 1024 * 1024, 1024, 2 ** 32, problems),
    widgetsDir: env.CARSTREL_WIDGETS_DIR?.trim() || undefined,
    demoDir: env.CARSTREL_DEMO_DIR?.trim() || undefined,
    sandboxPort: intSetting(env, 'SANDBOX_PORT', 4010, 0, 65535, problems),
    log: env.CARSTREL_LOG?.trim().toLowerCase() === 'off' ? 'off' : 'json',
    bearerFallback: env.CARSTREL_BEARER_FALLBACK?.trim().toLowerCase() === 'on',
    headerTimeoutMs: intSetting(env, 'CARSTREL_HEADER_TIMEOUT_MS', 10_000, 500, 120_000, problems),
    maxConnections: intSetting(env, 'CARSTREL_MAX_CONNECTIONS', 1024, 0, 1_000_000, problems),
    leadSinks: parseLeadSinks(env, problems),
    admin: parseAdmin(env, problems),
  };
  const fallback = env.CARSTREL_BEARER_FALLBACK?.trim().toLowerCase();
  if (fallback && fallback !== 'on' && fallback !== 'off')
    problems.push(`CARSTREL_BEARER_FALLBACK="${env.CARSTREL_BEARER_FALLBACK}" must be on or off.`);
  if (cookieSameSite === 'None' && publicUrl && !publicUrl.startsWith('https:')) {
    problems.push(
      'CARSTREL_COOKIE_SAMESITE=none needs the proxy on https (set CARSTREL_PUBLIC_URL=https://…); browsers drop SameSite=None cookies without Secure.',
    );
  }
  if (config.leadQueueBytes < config.bodyLimit) {
    problems.push(
      `CARSTREL_LEAD_QUEUE_BYTES (${config.leadQueueBytes}) must be at least CARSTREL_BODY_LIMIT (${config.bodyLimit}), or no full-size lead could be queued.`,
    );
  }
  if (env.CARSTREL_LOG && !['json', 'off'].includes(env.CARSTREL_LOG.trim().toLowerCase())) {
    problems.push(`CARSTREL_LOG="${env.CARSTREL_LOG}" must be json or off.`);
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}
