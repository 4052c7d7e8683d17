/**
 * Node host for the proxy: loads the configuration, starts the embedded sandbox when no key is
 * set, wires the Node pieces (undici pool, lead journal on disk, static files, zlib) into the
 * web-standard app, and serves it on node:http with request-line checks before anything else.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createProxyApp, type ProxyApp } from './app.js';
import { fastPath } from './fast-path.js';
import { loadConfig } from './lib/config.js';
import { ownOrigins } from './lib/cors.js';
import { refuse, refusalResponse, type Refusal } from './lib/errors.js';
import { FileLeadStore, JOURNAL_FILE } from './lib/leads-file.js';
import { MemoryLeadStore, type LeadLimits, type LeadStore } from './lib/leads.js';
import { poolUpstream, nodeCompressor } from './lib/node-runtime.js';
import { checkRequestTarget, MAX_HEADER_BYTES } from './lib/phases.js';
import { promMetrics } from './lib/prom.js';
import { smtpMailer } from './lib/sinks/smtp.js';
import { diskAssets, packageRoot } from './lib/static.js';
import type * as SandboxEnv from './sandbox/env.js';
import type * as SandboxIndex from './sandbox/index.js';
import { litRenderer } from './ssr/renderer.js';
import { LazyLeadStore } from './tenants/lazy-store.js';
import { TenantsFile } from './tenants/reload.js';

export interface StartOptions {
  port?: number;
  host?: string;
  log?: (line: string) => void;
  /** Many dealers: follow changes of the tenants file (default true; SIGHUP / `reload()` always work). */
  watchTenants?: boolean;
  /** Debounce of tenants-file change events, in ms (default 200). */
  reloadDebounceMs?: number;
  /** Answer the hot case (uncached public GETs) on node:http directly (fast-path.ts; default true). */
  fastPath?: boolean;
}

export interface RunningProxy {
  url: string;
  sandboxUrl?: string;
  app: ProxyApp;
  /** Many dealers: re-read the tenants file now (what SIGHUP does). True when the new set is served. */
  reload?(): Promise<boolean>;
  close(): Promise<void>;
}

/** A tenant's outbox: `<data dir>/tenants/<id>/leads.jsonl`, opened now if it holds leads, else on its first lead. */
function tenantOutbox(dataDir: string, limits: Partial<LeadLimits>): (tenant: string) => Promise<LeadStore> {
  return async (tenant) => {
    const dir = resolve(dataDir, 'tenants', tenant);
    const open = () => FileLeadStore.open(dir, { limits });
    return existsSync(join(dir, JOURNAL_FILE)) ? open() : new LazyLeadStore(open, limits);
  };
}

interface RunningSandbox {
  url: string;
  close(): Promise<void>;
  sandbox: { setMediaBaseUrl(url: string): void };
}

/** A refusal before the app (the raw request line), in the same envelope and headers as the app's. */
function writeRefusal(res: ServerResponse, r: Refusal): void {
  const answer = refusalResponse(r);
  void answer.text().then((body) => {
    res.writeHead(answer.status, {
      ...Object.fromEntries(answer.headers),
      'content-length': Buffer.byteLength(body),
      connection: 'close',
    });
    res.end(body);
  });
}

/**
 * Parser-level refusals (CRLF in values, Content-Length + Transfer-Encoding, oversized headers)
 * and the header timeout (408), in the envelope.
 */
export function clientErrorRefusal(code: string | undefined, headerTimeoutMs: number): Refusal {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return refuse.requestTimeout(headerTimeoutMs);
  if (code === 'HPE_HEADER_OVERFLOW') return refuse.headersTooLarge(MAX_HEADER_BYTES);
  if (code === 'HPE_UNEXPECTED_CONTENT_LENGTH' || code === 'HPE_INVALID_TRANSFER_ENCODING')
    return refuse.conflictingLength();
  return refuse.badHeaderValue('(request line or header)');
}

function onClientError(err: Error & { code?: string }, socket: Socket, headerTimeoutMs: number): void {
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const r = clientErrorRefusal(err.code, headerTimeoutMs);
  const body = JSON.stringify(r.envelope());
  socket.end(
    `HTTP/1.1 ${r.status} ${r.envelope().error}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** The in-process sandbox, with the same environment settings as `npm run sandbox` (keys, rate limit). */
async function startEmbeddedSandbox(
  port: number,
  env: Record<string, string | undefined>,
): Promise<{ sandbox: RunningSandbox; note?: string }> {
  let mod: typeof SandboxIndex;
  let envMod: typeof SandboxEnv;
  try {
    [mod, envMod] = await Promise.all([import('./sandbox/index.js'), import('./sandbox/env.js')]);
  } catch (err) {
    throw new Error(
      `The embedded sandbox could not be loaded (${(err as Error).message}). Set CARSTREL_API_KEY to use the real API.`,
      { cause: err },
    );
  }
  const { rateLimitPerMinute, extraKeys } = envMod.sandboxEnv({ ...env, SANDBOX_PORT: String(port) });
  const options = { host: '127.0.0.1', rateLimitPerMinute, extraKeys };
  try {
    return { sandbox: await mod.startSandbox({ ...options, port }) };
  } catch (err) {
    if ((err as { code?: string }).code !== 'EADDRINUSE' || port === 0) throw err;
    return {
      sandbox: await mod.startSandbox({ ...options, port: 0 }),
      note: `SANDBOX_PORT ${port} is taken, so the sandbox uses a free port`,
    };
  }
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<number> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address();
      resolveListen(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

/** Start the proxy (and, without a key, the sandbox in-process). */
export async function startProxy(
  env: Record<string, string | undefined>,
  opts: StartOptions = {},
): Promise<RunningProxy> {
  const config = loadConfig(opts.port !== undefined ? { ...env, PORT: String(opts.port) } : env);
  const host = opts.host ?? config.host;
  const log = opts.log ?? ((line: string) => process.stdout.write(line + '\n'));
  // Checked before anything starts: a broken tenants file is a configuration error (exit 2).
  const tenantsFile = config.tenantsFile ? TenantsFile.open(config.tenantsFile, env, log) : undefined;

  const embedded = config.mode === 'sandbox' ? await startEmbeddedSandbox(config.sandboxPort, env) : undefined;
  const sandbox = embedded?.sandbox;
  const upstreamOrigin = sandbox ? sandbox.url : config.apiUrl;
  const upstream = poolUpstream(upstreamOrigin);
  const media = sandbox ? poolUpstream(sandbox.url, { connections: 16 }) : undefined;
  const limits = { maxPending: config.leadQueueMax, maxPendingBytes: config.leadQueueBytes };
  // Many dealers: each tenant has its own outbox; the root serves no dealer.
  const leadStore = tenantsFile
    ? new MemoryLeadStore(limits)
    : await FileLeadStore.open(resolve(config.dataDir, config.mode), { limits });
  const root = packageRoot(import.meta.url);
  const assets = diskAssets(
    resolve(config.widgetsDir ?? join(root, 'dist', 'widgets')),
    resolve(config.demoDir ?? join(root, 'demo')),
  );
  const app = createProxyApp(config, {
    upstream,
    leadStore,
    assets,
    media,
    compress: nodeCompressor,
    connInfo: getConnInfo,
    metrics: promMetrics(),
    tenantLeadStore: tenantOutbox(config.dataDir, limits),
    log,
    mailer: smtpMailer,
    render: litRenderer,
  });
  if (app.tenants && tenantsFile)
    await tenantsFile.start(app.tenants, { watch: opts.watchTenants, debounceMs: opts.reloadDebounceMs });

  const listener = getRequestListener((req, env) => app.fetch(req, env));
  const fast = app.dealer && opts.fastPath !== false ? fastPath(app.dealer) : undefined;
  const server = createServer(
    {
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout: config.headerTimeoutMs,
      requestTimeout: Math.max(30_000, config.headerTimeoutMs),
      // Node checks those deadlines every this many ms (30 s by default, which held a slow client ~40 s).
      connectionsCheckingInterval: Math.min(1000, Math.max(100, Math.floor(config.headerTimeoutMs / 10))),
      keepAliveTimeout: 5_000,
    },
    (req: IncomingMessage, res: ServerResponse) => {
      // Raw request line first: the URL parser would resolve `%2e%2e` and `..` before the app sees them.
      // (Headers are checked by the app, on every runtime.)
      const refusal = checkRequestTarget(req.url ?? '');
      if (refusal) return writeRefusal(res, refusal);
      if (fast?.(req, res)) return;
      void listener(req, res);
    },
  );
  server.on('clientError', (err: Error & { code?: string }, socket: Socket) =>
    onClientError(err, socket, config.headerTimeoutMs),
  );
  // Connections past the cap are closed at once by node:http, before any byte is read.
  if (config.maxConnections > 0) server.maxConnections = config.maxConnections;

  let port: number;
  try {
    port = await listen(server, config.port, host);
  } catch (err) {
    tenantsFile?.close();
    await Promise.allSettled([upstream.close(), media?.close(), app.close(), sandbox?.close()]);
    if ((err as { code?: string }).code === 'EADDRINUSE')
      throw new Error(`Port ${config.port} is already in use. Stop the other server or set PORT to a free port.`, {
        cause: err,
      });
    throw err;
  }
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  app.allowOrigins(...ownOrigins(port, config.publicUrl), url);
  sandbox?.sandbox.setMediaBaseUrl(`${config.publicUrl ?? url}/media`);
  app.leads.start();

  if (tenantsFile && app.tenants) {
    const first = app.tenants.served()[0]?.id ?? '<id>';
    log(
      `CarStrel proxy: TENANTS mode, ${app.tenants.size} dealers from ${tenantsFile.file} on ${url}, forwarding to ${config.apiUrl}`,
    );
    log(`  a dealer: ${url}/d/${first}/carstrel.js (and /d/${first}/external/…); reload: SIGHUP or edit the file`);
    log(`  operator (loopback or CARSTREL_OPERATOR_TOKEN): ${url}/healthz   ${url}/metrics`);
  } else if (sandbox) {
    log(`CarStrel proxy: SANDBOX mode (no CARSTREL_API_KEY set) on ${url}`);
    log(`  embedded sandbox: ${sandbox.url} (journal: ${sandbox.url}/_sandbox/journal); the proxy holds its demo key`);
    if (embedded?.note) log(`  note: ${embedded.note}`);
  } else {
    log(`CarStrel proxy: LIVE mode on ${url}, forwarding to ${config.apiUrl}`);
  }
  if (!tenantsFile) log(`  demo: ${url}/   loader: ${url}/carstrel.js   health: ${url}/healthz`);

  let closed: Promise<void> | undefined;
  return {
    url,
    sandboxUrl: sandbox?.url,
    app,
    reload: tenantsFile && (() => tenantsFile.reload('SIGHUP')),
    close() {
      closed ??= (async () => {
        tenantsFile?.close();
        await new Promise<void>((r) => {
          server.close(() => r());
          server.closeAllConnections();
        });
        await app.close();
        await Promise.allSettled([upstream.close(), media?.close()]);
        await sandbox?.close();
      })();
      return closed;
    },
  };
}
