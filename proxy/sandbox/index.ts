/**
 * The CarStrel sandbox: a faithful, stateful emulation of the CarStrel external API
 * (proxy/contract/carstrel.openapi.yaml). The same handler serves `npm run sandbox`, the proxy's
 * in-process default upstream and the tests. Keys, routes and fixtures: proxy/sandbox/README.md.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { sandboxApp } from './app.js';
import { journal } from './journal.js';
import { SandboxState, type SandboxOptions } from './state.js';

export type { SandboxOptions };

export interface Sandbox {
  fetch(req: Request): Promise<Response>;
  reset(): void;
  journal(): unknown;
  setMediaBaseUrl(url: string): void;
}

export function createSandbox(opts: SandboxOptions = {}): Sandbox {
  return wrap(new SandboxState(opts));
}

function wrap(state: SandboxState): Sandbox {
  const app = sandboxApp(state);
  return {
    fetch: async (req) => app.fetch(req),
    reset: () => state.reset(),
    journal: () => journal(state.store),
    setMediaBaseUrl: (url: string) => state.setMediaBaseUrl(url),
  };
}

export async function startSandbox(
  opts: SandboxOptions & { port?: number; host?: string } = {},
): Promise<{ url: string; close(): Promise<void>; sandbox: Sandbox }> {
  const state = new SandboxState(opts);
  state.warmUp();
  const sandbox = wrap(state);
  const host = opts.host ?? '127.0.0.1';
  const listener = getRequestListener(sandbox.fetch);
  // The listener answers its own failures (a 500), so nothing is left to handle on its promise.
  const server: Server = createServer((req, res) => void listener(req, res));
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
