/**
 * The sandbox's settings from the environment, shared by `npm run sandbox` (main.ts) and the
 * proxy's embedded sandbox (proxy/server.ts), so both honour the same variables:
 * SANDBOX_PORT, CARSTREL_SANDBOX_KEYS (extra keys), SANDBOX_RATE_LIMIT (requests/minute/key).
 */
import type { SandboxOptions } from './index.js';

export function sandboxEnv(env: Record<string, string | undefined>): SandboxOptions & { port: number } {
  const port = Number(env.SANDBOX_PORT ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`SANDBOX_PORT must be a port number 0-65535 (got "${env.SANDBOX_PORT}")`);
  }
  const rate = env.SANDBOX_RATE_LIMIT;
  const rateLimitPerMinute = rate === undefined || rate === '' || rate === 'off' ? undefined : Number(rate);
  if (rateLimitPerMinute !== undefined && !(Number.isInteger(rateLimitPerMinute) && rateLimitPerMinute > 0)) {
    throw new Error(
      `SANDBOX_RATE_LIMIT must be a positive integer (requests per minute per key) or off (got "${rate}")`,
    );
  }
  return { port, rateLimitPerMinute, extraKeys: env.CARSTREL_SANDBOX_KEYS };
}
