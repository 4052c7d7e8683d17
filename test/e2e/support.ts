/**
 * End-to-end support: start the real, built proxy (`dist/proxy/carstrel-proxy.mjs`, the file
 * `npm start` runs) as a child process, and a headless Chromium through playwright-core (for the
 * tests that need its protocol; journeys run in every engine through ./browsers.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { chromePath, CHROME_ARGS, NO_CHROME_HINT } from '../helpers/chrome.js';
import { freePort } from '../helpers/ports.js';
import type { E2EPage } from './page.js';

export { freePort } from '../helpers/ports.js';

export const PROXY_BUNDLE = 'dist/proxy/carstrel-proxy.mjs';

export interface RunningProxy {
  url: string;
  /** The embedded sandbox of a proxy started without a key (its `/_sandbox/*` routes). */
  sandboxUrl?: string;
  /** Everything the process printed (stdout + stderr). */
  output(): string;
  stop(): Promise<void>;
  process: ChildProcess;
}

/** Starts the built proxy with `env` (plus PORT) and waits until /healthz answers. */
export async function startBuiltProxy(env: Record<string, string> = {}): Promise<RunningProxy> {
  const port = await freePort();
  const sandboxPort = await freePort();
  const running = await startProcess([PROXY_BUNDLE], port, '/healthz', {
    PORT: String(port),
    SANDBOX_PORT: String(sandboxPort),
    CARSTREL_DATA_DIR: `dist/test-data/e2e-${port}`,
    ...env,
  });
  return env.CARSTREL_API_KEY ? running : { ...running, sandboxUrl: `http://127.0.0.1:${sandboxPort}` };
}

/** Starts the standalone sandbox (`npm run sandbox`) and waits until it answers. */
export async function startStandaloneSandbox(env: Record<string, string> = {}): Promise<RunningProxy> {
  const port = await freePort();
  return startProcess(['--import', 'tsx', 'proxy/sandbox/main.ts'], port, '/_sandbox/journal', {
    SANDBOX_PORT: String(port),
    ...env,
  });
}

async function startProcess(
  args: string[],
  port: number,
  readyPath: string,
  env: Record<string, string>,
): Promise<RunningProxy> {
  let out = '';
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited (${child.exitCode}):\n${out}`);
    try {
      const res = await fetch(url + readyPath);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${args.join(' ')} did not become ready in 20 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    process: child,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/**
 * A dealer's own site: another origin (other host name and port) than the proxy, whose pages the
 * journeys open. A real server on loopback, because Chromium refuses public pages loading loopback
 * resources. Its origin is known before it starts (pages and the proxy's allow-list name it).
 */
export class DealerSite {
  /** What every page answers with (a test swaps it before a visit), unless `respond` answered. */
  html = '';
  /** Headers of those pages (e.g. a Content-Security-Policy). */
  headers: Record<string, string> = {};
  private server?: Server;
  private constructor(readonly port: number) {}

  /** A site on a free port, not started yet. */
  static async reserve(): Promise<DealerSite> {
    return new DealerSite(await freePort());
  }

  get origin(): string {
    return `http://localhost:${this.port}`;
  }

  /** Starts serving; `respond` may answer a request itself (a stylesheet, a report) and return true. */
  async start(respond?: (req: IncomingMessage, res: ServerResponse) => boolean): Promise<void> {
    const server = createServer((req, res) => {
      if (respond?.(req, res)) return;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...this.headers }).end(this.html);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
  }

  close(): Promise<void> {
    const { server } = this;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

/** What a front server may do to a request instead of simply forwarding it (read as each one arrives). */
export interface FrontHooks {
  /** How long (ms) to hold the request back first; 0 or nothing: at once. */
  delay?(path: string): number;
  /** After the delay: answer the request here (a fault) instead of forwarding it; true when it did. */
  answer?(path: string, res: ServerResponse): boolean;
  /** Headers set on every forwarded answer, over the proxy's (e.g. `cache-control: no-store`). */
  headers?: Record<string, string>;
}

export interface FrontServer {
  url: string;
  /** The paths asked of it (forwarded or answered by a hook), in order; a test empties it before a visit. */
  seen: string[];
  close(): Promise<void>;
}

/**
 * A small server in front of the built proxy (`target`, its URL) from which the pages load the
 * script and everything it asks for: it records each path asked (every engine's requests counted
 * alike, server-side) and forwards it, unless `hooks` hold it back or answer it themselves.
 */
export async function startFront(target: string, hooks: FrontHooks = {}): Promise<FrontServer> {
  const upstreamUrl = new URL(target);
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    seen.push(path);
    const forward = () => {
      if (hooks.answer?.(path, res)) return;
      const upstream = request(
        {
          host: upstreamUrl.hostname,
          port: upstreamUrl.port,
          path,
          method: req.method,
          headers: { ...req.headers, host: upstreamUrl.host },
        },
        (r) => {
          res.writeHead(r.statusCode ?? 502, { ...r.headers, ...hooks.headers });
          r.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    };
    const delay = hooks.delay?.(path) ?? 0;
    if (delay > 0) setTimeout(forward, delay);
    else forward();
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Waits until the (first) inventory on the page shows page `n` as its current page. */
export async function inventoryPageShown(p: E2EPage, n: number): Promise<void> {
  await p.waitFor(
    (page) =>
      document
        .querySelector('carstrel-inventory')
        ?.shadowRoot?.querySelector('[aria-current="page"]')
        ?.textContent?.trim() === String(page),
    n,
    15_000,
    `page ${n} shown`,
  );
}

/**
 * For the tests that need playwright's Chromium protocol (every response body, offline emulation,
 * request routing): skipped, saying why, on a machine without Chromium.
 */
export const CHROMIUM_ONLY: { skip: string | false } = {
  skip: chromePath()
    ? false
    : 'needs Chromium (apt-get install -y chromium): playwright-core drives only Chromium here',
};

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromePath();
  if (!executablePath) throw new Error(NO_CHROME_HINT);
  return chromium.launch({ executablePath, args: CHROME_ARGS, headless: true });
}
