/**
 * Child process for the benchmark: `sandbox` (standalone), `proxy` (live mode in front of
 * SANDBOX_URL) or `lean` (the leanest forwarder in front of SANDBOX_URL, the speed reference).
 */
import { startSandbox } from '../../proxy/sandbox/index.js';
import { startProxy } from '../../proxy/server.js';
import { startLeanForwarder } from './lean.js';

const role = process.argv[2];
if (role === 'sandbox') {
  const s = await startSandbox({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`URL ${s.url}\n`);
} else if (role === 'lean') {
  const l = await startLeanForwarder(process.env.SANDBOX_URL ?? '', 'sk_test_sandbox');
  process.stdout.write(`URL ${l.url}\n`);
} else {
  const p = await startProxy(
    {
      CARSTREL_API_KEY: 'sk_test_sandbox',
      CARSTREL_API_URL: process.env.SANDBOX_URL,
      CARSTREL_RATE_LIMIT: process.env.BENCH_RATE_LIMIT ?? 'off',
      CARSTREL_LOG: 'off',
      CARSTREL_CACHE_LIST_TTL: '0',
      CARSTREL_DATA_DIR: process.env.CARSTREL_DATA_DIR,
    },
    { port: 0, log: () => {} },
  );
  process.stdout.write(`URL ${p.url}\n`);
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(0));
