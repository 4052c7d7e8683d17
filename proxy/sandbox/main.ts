/**
 * `npm run sandbox`: the sandbox alone on http://127.0.0.1:${SANDBOX_PORT:-4010}.
 * Env: SANDBOX_PORT, CARSTREL_SANDBOX_KEYS (extra keys), SANDBOX_RATE_LIMIT (requests/minute/key).
 */
import { BUILTIN_KEYS } from './data/dealers.js';
import { XSS_FIXTURES } from './data/inventory.js';
import { DEMO_LOGIN } from './data/people.js';
import { sandboxEnv } from './env.js';
import { startSandbox } from './index.js';

async function main(): Promise<void> {
  const cfg = sandboxEnv(process.env);
  const { url, close } = await startSandbox({ ...cfg, host: '127.0.0.1' });
  const lines = [
    `CarStrel sandbox listening on ${url}`,
    `  API keys (header x-api-key):`,
    ...BUILTIN_KEYS.map((k) => `    ${k.key.padEnd(24)} ${k.label}`),
    ...(cfg.extraKeys ? [`    + extra keys from CARSTREL_SANDBOX_KEYS`] : []),
    `  Rate limit: ${cfg.rateLimitPerMinute ? `${cfg.rateLimitPerMinute} requests/minute/key` : 'off (set SANDBOX_RATE_LIMIT)'}`,
    `  Sandbox routes: GET ${url}/_sandbox/journal  GET|POST ${url}/_sandbox/faults  POST ${url}/_sandbox/reset`,
    `  Media: ${url}/media/...   Contract: proxy/contract/carstrel.openapi.yaml`,
    `  Demo customer login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`,
    `  XSS fixtures (dealer one): ${XSS_FIXTURES.map((f) => `${f.slug}=${f.id}`).join('  ')}`,
    `  Try: curl -H 'x-api-key: sk_test_sandbox' ${url}/external/vehicles?limit=1`,
  ];
  console.log(lines.join('\n'));
  const stop = () => void close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: Error) => {
  console.error(`sandbox: ${e.message}`);
  process.exit(1);
});
