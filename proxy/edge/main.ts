/**
 * `npm run edge`: the proxy built for Cloudflare Workers and served by workerd (the `workerd`
 * package's binary) on http://${HOST:-127.0.0.1}:${PORT:-8787}, configured by the same
 * environment as `npm start` (and `.env`). Durable Object storage lives on disk under
 * `${CARSTREL_DATA_DIR:-.carstrel}/edge`, so queued leads survive a restart (and `kill -9`).
 *
 * Without CARSTREL_API_KEY, as `npm start` does, it runs the sandbox (in this process, beside
 * workerd) and gives workerd its demo key; it says so on its first lines.
 *
 * Flags: `--out <dir>` (build directory, default dist/edge); `--build-only` builds and exits
 * (`npm run build:edge`, what `wrangler deploy` uploads).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDotEnv } from '../lib/cli.js';
import { ConfigError, SETTINGS, loadConfig } from '../lib/config.js';
import { parseTenants } from '../tenants/file.js';
import { buildEdge, COMPATIBILITY_DATE } from './build.js';
import { workerdConfig } from './capnp.js';
import { edgeProblems } from './config.js';
import { edgeChecked } from './tenants.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Settings the worker receives: the proxy's own (but the tenants file's path: the worker reads the
 * file as its `TENANTS` KV namespace), the two the runner writes, and the edge's tenants settings.
 */
const EDGE_SETTINGS = [
  ...SETTINGS.map((s) => s.name).filter((name) => name !== 'CARSTREL_TENANTS'),
  'CARSTREL_SANDBOX_URL',
  'CARSTREL_OWN_ORIGINS',
  'CARSTREL_TENANTS_KEY',
  'CARSTREL_TENANTS_JSON',
];

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** The workerd binary of the `workerd` package (its platform package; no install script needed). */
export function workerdBinary(): string {
  const mod = createRequire(import.meta.url)('workerd') as { default: string };
  return mod.default;
}

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((ok) => {
    const s = connect(port, host, () => {
      s.destroy();
      ok(true);
    });
    s.on('error', () => ok(false));
  });
}

/**
 * Many dealers: the tenants file checked as Node checks it (every problem listed, exit 2), and
 * the variables its `apiKeyEnv` and `leads.webhookSecretEnv` entries name (bound for the worker, as
 * secrets are on Cloudflare).
 * A variable named only by a later edit is not bound until the next `npm run edge`.
 */
function checkTenants(
  path: string,
  env: Record<string, string | undefined>,
): { file: string; count: number; keyEnvs: string[] } {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    fail(`CARSTREL_TENANTS (${file}) cannot be read: ${(err as Error).message}`, 2);
  }
  const result = edgeChecked(parseTenants(text, env));
  if ('problems' in result) fail(result.problems.map((p) => `CARSTREL_TENANTS (${file}): ${p}`).join('\n'), 2);
  const keyEnvs = new Set<string>();
  try {
    const raw = JSON.parse(text) as { tenants: Array<{ apiKeyEnv?: string; leads?: { webhookSecretEnv?: string } }> };
    for (const t of raw.tenants)
      for (const name of [t.apiKeyEnv, t.leads?.webhookSecretEnv]) if (name) keyEnvs.add(name);
  } catch {
    /* checked above */
  }
  return { file, count: result.tenants.length, keyEnvs: [...keyEnvs] };
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--out');
  const outDir = resolve(at === -1 ? join(root, 'dist', 'edge') : (process.argv[at + 1] ?? ''));
  if (process.argv.includes('--build-only')) {
    const built = await buildEdge(root, outDir);
    say(
      `edge build: ${built.worker} and ${built.assets}${built.widgets ? '' : ' (no widgets build: run `npm run build:widgets`)'}`,
    );
    return;
  }
  const dotenv = resolve('.env');
  const env: Record<string, string | undefined> = {
    ...(existsSync(dotenv) ? parseDotEnv(readFileSync(dotenv, 'utf8')) : {}),
    ...process.env,
  };
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) fail(`${err.message}\nSee \`node dist/proxy/carstrel-proxy.mjs --help\`.`, 2);
    throw err;
  }
  const problems = edgeProblems(config);
  if (problems.length) fail(`${problems.join('\n')}\nSee proxy/README.md, "The edge".`, 2);
  const tenants = config.tenantsFile ? checkTenants(config.tenantsFile, env) : undefined;
  const origin = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  const own = [origin, `http://localhost:${config.port}`];
  const workerEnv: Record<string, string | undefined> = {
    ...env,
    CARSTREL_OWN_ORIGINS: own.join(','),
    // As on Node: unset = random per start (sessions end on restart); one workerd, one secret.
    CARSTREL_SESSION_SECRET: config.sessionSecret ?? randomBytes(32).toString('base64url'),
  };

  let stopSandbox = async () => {};
  if (config.mode === 'sandbox') {
    const { startSandbox } = await import('../sandbox/index.js');
    const { sandboxEnv } = await import('../sandbox/env.js');
    const { rateLimitPerMinute, extraKeys } = sandboxEnv(env);
    const options = { host: '127.0.0.1', rateLimitPerMinute, extraKeys, mediaBaseUrl: `${origin}/media` };
    const sandbox = await startSandbox({ ...options, port: config.sandboxPort }).catch(() =>
      startSandbox({ ...options, port: 0 }),
    );
    stopSandbox = sandbox.close;
    Object.assign(workerEnv, {
      CARSTREL_API_KEY: 'sk_test_sandbox',
      CARSTREL_API_URL: sandbox.url,
      CARSTREL_SANDBOX_URL: sandbox.url,
    });
    say(`CarStrel proxy on the edge (workerd): SANDBOX mode (no CARSTREL_API_KEY set) on ${origin}`);
    say(
      `  sandbox beside workerd: ${sandbox.url} (journal: ${sandbox.url}/_sandbox/journal); workerd holds its demo key`,
    );
  } else if (tenants) {
    workerEnv.CARSTREL_TENANTS_KEY = basename(tenants.file);
    say(
      `CarStrel proxy on the edge (workerd): TENANTS mode, ${tenants.count} dealers from ${tenants.file} (the TENANTS KV namespace) on ${origin}, forwarding to ${config.apiUrl}`,
    );
  } else {
    say(`CarStrel proxy on the edge (workerd): LIVE mode on ${origin}, forwarding to ${config.apiUrl}`);
  }

  const build = await buildEdge(root, outDir);
  const storageDir = resolve(config.dataDir, 'edge');
  mkdirSync(storageDir, { recursive: true, mode: 0o700 });
  const configFile = join(outDir, 'workerd.capnp');
  writeFileSync(
    configFile,
    workerdConfig({
      address: `${config.host}:${config.port}`,
      workerModule: 'worker.mjs',
      assetsDir: build.assets,
      storageDir,
      settings: [...EDGE_SETTINGS, ...(tenants?.keyEnvs ?? [])],
      compatibilityDate: COMPATIBILITY_DATE,
      tenantsDir: tenants && dirname(tenants.file),
    }),
  );
  if (!build.widgets)
    say('  note: no widgets build in dist/widgets (run `npm run build:widgets`): /carstrel.js answers 503');

  const binary = workerdBinary();
  const child = spawn(binary, ['serve', configFile, '--verbose'], { env: workerEnv, stdio: 'inherit' });
  child.on('error', (err) => fail(`workerd could not start (${binary}): ${err.message}`));
  say(`  workerd pid ${child.pid}; Durable Object storage: ${storageDir}`);
  const stop = (signal: NodeJS.Signals) => child.kill(signal);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  child.on('exit', (code, signal) => {
    void stopSandbox().finally(() => {
      if (code !== 0 && signal !== 'SIGINT' && signal !== 'SIGTERM')
        process.stderr.write(`workerd exited (${signal ?? `code ${code}`})\n`);
      process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1));
    });
  });
  for (let i = 0; i < 300 && child.exitCode === null; i++) {
    if (await portOpen(config.host, config.port)) {
      say(`  ready: ${origin}/   loader: ${origin}/carstrel.js   health: ${origin}/healthz`);
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

main().catch((err: Error) => fail(`npm run edge: ${err.message}`));
