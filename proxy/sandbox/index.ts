/**
 * The CarStrel sandbox: a faithful, stateful emulation of the CarStrel external API
 * (proxy/contract/carstrel.openapi.yaml). The same handler serves `npm run sandbox`, the proxy's
 * in-process default upstream and the tests. Keys, routes and fixtures: proxy/sandbox/README.md.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { SandboxApp } from './app.js';
import { journal } from './routes/sandbox.js';

export interface SandboxOptions {
  /** Absolute base URL under which media (images) are reachable by a browser, e.g.
   *  'http://127.0.0.1:4010/media'. Default: `${ownUrl}/media` once listening. */
  mediaBaseUrl?: string;
  /** Extra keys: comma-separated `key:dealer[:scope+scope]`, e.g.
   *  'sk_test_x:dealer-one,sk_live_y:Acme Cars:metadata:read+vehicles:read' — the same format as env
   *  CARSTREL_SANDBOX_KEYS. `dealer` is dealer-one, dealer-two, a dealer id, or a new name (seeded). */
  extraKeys?: string;
  /** Requests per minute per key; undefined = no rate limit (env SANDBOX_RATE_LIMIT). */
  rateLimitPerMinute?: number;
}

export interface Sandbox {
  fetch(req: Request): Promise<Response>;
  reset(): void;
  journal(): unknown;
  setMediaBaseUrl(url: string): void;
}

export function createSandbox(opts: SandboxOptions = {}): Sandbox {
  return wrap(new SandboxApp(opts));
}

function wrap(app: SandboxApp): Sandbox {
  return {
    fetch: app.fetch,
    reset: () => app.reset(),
    journal: () => journal(app),
    setMediaBaseUrl: (url: string) => {
      app.mediaBaseUrl = url.replace(/\/+$/, '');
    },
  };
}

export async function startSandbox(
  opts: SandboxOptions & { port?: number; host?: string } = {},
): Promise<{ url: string; close(): Promise<void>; sandbox: Sandbox }> {
  const app = new SandboxApp(opts);
  app.warmUp();
  const sandbox = wrap(app);
  const host = opts.host ?? '127.0.0.1';
  const server: Server = createServer(getRequestListener(sandbox.fetch));
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 4010, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (!opts.mediaBaseUrl) sandbox.setMediaBaseUrl(`${url}/media`);
  return {
    url,
    sandbox,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
