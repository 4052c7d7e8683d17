/**
 * The console's "health and configuration" view: the same report as `/healthz` (upstream reachable,
 * key accepted, lead queue, sinks) and what the proxy is configured with, checked, with advice;
 * never the key itself (only whether it is a live or a test key) nor a sink's secret or password.
 */
import type { ProxyServices } from '../context.js';
import type { ProxyConfig } from '../lib/config.js';
import { dealerHealth } from '../routes/health.js';

export interface ConfigCheck {
  level: 'ok' | 'warning';
  message: string;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** What the proxy runs with, secrets left out. */
export function configSummary(config: ProxyConfig) {
  const sinks = config.leadSinks;
  return {
    mode: config.mode,
    tenant: config.tenant ?? null,
    apiUrl: config.mode === 'sandbox' ? 'sandbox (in-process)' : config.apiUrl,
    apiKey: config.apiKey.startsWith('sk_live_') ? 'live key set' : config.apiKey ? 'test key set' : 'none',
    allowedOrigins: config.allowedOrigins,
    publicUrl: config.publicUrl ?? null,
    rateLimit: config.rateLimit === 'off' ? 'off' : config.rateLimit,
    sessionSecret: config.sessionSecret ? 'set' : 'random per start',
    leadSinks: {
      webhook: sinks.webhook ? hostOf(sinks.webhook.url) : null,
      email: sinks.email ? sinks.email.to : null,
      dealerName: sinks.dealerName ?? null,
    },
    adminPassword: config.admin?.passwordHash ? 'hash' : 'clear text',
  };
}

/** Advice on the configuration, most important first. */
export function configChecks(config: ProxyConfig): ConfigCheck[] {
  const out: ConfigCheck[] = [];
  if (config.mode === 'sandbox')
    out.push({ level: 'warning', message: 'Sandbox mode: no CARSTREL_API_KEY is set, the data is demo data.' });
  if (config.rateLimit === 'off')
    out.push({ level: 'warning', message: 'CARSTREL_RATE_LIMIT=off: the public routes are not rate-limited.' });
  if (!config.sessionSecret)
    out.push({
      level: 'warning',
      message:
        'CARSTREL_SESSION_SECRET is not set: every session (customers and console) ends when the proxy restarts.',
    });
  if (config.admin && !config.admin.passwordHash)
    out.push({
      level: 'warning',
      message:
        'The console password is set in clear (CARSTREL_ADMIN_PASSWORD): prefer CARSTREL_ADMIN_PASSWORD_HASH from `carstrel-proxy hash-password`.',
    });
  if (!config.leadSinks.webhook && !config.leadSinks.email)
    out.push({
      level: 'warning',
      message:
        'No lead sink: leads go to CarStrel only. Set CARSTREL_LEAD_WEBHOOK or CARSTREL_LEAD_EMAIL for your CRM.',
    });
  if (config.publicUrl && !config.publicUrl.startsWith('https:'))
    out.push({ level: 'warning', message: 'CARSTREL_PUBLIC_URL is not https: cookies travel without Secure.' });
  if (!out.length) out.push({ level: 'ok', message: 'The configuration has nothing to report.' });
  return out;
}

export async function consoleReport(config: ProxyConfig, services: ProxyServices) {
  const { data: health } = await dealerHealth(config, services);
  return { health, config: configSummary(config), checks: configChecks(config) };
}
