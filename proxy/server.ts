/**
 * Node host for the proxy: loads the configuration, starts the embedded sandbox when no key is
 * set, wires the Node pieces (undici pool, lead journal on disk, static files, zlib) into the
 * web-standard app, and serves it on node:http with request-line checks before anything else.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { loadConfig } from './lib/config.js';
import { createProxyApp, type ProxyApp } from './app.js';
import { poolUpstream, nodeCompressor } from './lib/node-runtime.js';
import { FileLeadStore } from './lib/leads-file.js';
import { diskAssets, packageRoot } from './lib/static.js';
import { ownOrigins } from './lib/cors.js';
import { checkRequestTarget, MAX_HEADER_BYTES } from './lib/phases.js';
import { refuse, refusalResponse, type Refusal } from './lib/errors.js';

export interface StartOptions {
  port?: number;
  host?: string;
  log?: (line: string) => void;
}

export interface RunningProxy {
  url: string;
  sandboxUrl?: string;
  app: ProxyApp;
  close(): Promise<void>;
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

/** Parser-level refusals (CRLF in values, Content-Length + Transfer-Encoding, oversized headers). */
function onClientError(err: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable || (err as { code?: string }).code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const r =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? refuse.headersTooLarge(MAX_HEADER_BYTES)
      : err.code === 'HPE_UNEXPECTED_CONTENT_LENGTH' || err.code === 'HPE_INVALID_TRANSFER_ENCODING'
        ? refuse.conflictingLength()
        : refuse.badHeaderValue('(request line or header)');
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
  let mod: typeof import('./sandbox/index.js');
  let envMod: typeof import('./sandbox/env.js');
  try {
    [mod, envMod] = await Promise.all([import('./sandbox/index.js'), import('./sandbox/env.js')]);
  } catch (err) {
    throw new Error(
      `The embedded sandbox could not be loaded (${(err as Error).message}). Set CARSTREL_API_KEY to use the real API.`,
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

  const embedded = config.mode === 'sandbox' ? await startEmbeddedSandbox(config.sandboxPort, env) : undefined;
  const sandbox = embedded?.sandbox;
  const upstreamOrigin = sandbox ? sandbox.url : config.apiUrl;
  const upstream = poolUpstream(upstreamOrigin);
  const media = sandbox ? poolUpstream(sandbox.url, { connections: 16 }) : undefined;
  const leadStore = await FileLeadStore.open(resolve(config.dataDir, config.mode), {
    limits: { maxPending: config.leadQueueMax, maxPendingBytes: config.leadQueueBytes },
  });
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
    log,
  });

  const listener = getRequestListener((req, env) => app.fetch(req, env));
  const server = createServer(
    { maxHeaderSize: MAX_HEADER_BYTES, requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 },
    (req: IncomingMessage, res: ServerResponse) => {
      // Raw request line first: the URL parser would resolve `%2e%2e` and `..` before the app sees them.
      // (Headers are checked by the app, on every runtime.)
      const refusal = checkRequestTarget(req.url ?? '');
      if (refusal) return writeRefusal(res, refusal);
      void listener(req, res);
    },
  );
  server.on('clientError', onClientError);

  let port: number;
  try {
    port = await listen(server, config.port, host);
  } catch (err) {
    await Promise.allSettled([upstream.close(), media?.close(), leadStore.close(), sandbox?.close()]);
    if ((err as { code?: string }).code === 'EADDRINUSE')
      throw new Error(`Port ${config.port} is already in use. Stop the other server or set PORT to a free port.`);
    throw err;
  }
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  app.allowOrigins(...ownOrigins(port, config.publicUrl), url);
  sandbox?.sandbox.setMediaBaseUrl(`${config.publicUrl ?? url}/media`);
  app.leads.start();

  if (sandbox) {
    log(`CarStrel proxy: SANDBOX mode (no CARSTREL_API_KEY set) on ${url}`);
    log(`  embedded sandbox: ${sandbox.url} (journal: ${sandbox.url}/_sandbox/journal); the proxy holds its demo key`);
    if (embedded?.note) log(`  note: ${embedded.note}`);
  } else {
    log(`CarStrel proxy: LIVE mode on ${url}, forwarding to ${config.apiUrl}`);
  }
  log(`  demo: ${url}/   loader: ${url}/carstrel.js   health: ${url}/healthz`);

  let closed: Promise<void> | undefined;
  return {
    url,
    sandboxUrl: sandbox?.url,
    app,
    close() {
      closed ??= (async () => {
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
