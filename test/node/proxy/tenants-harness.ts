/**
 * Shared setup for the multi-dealer tests: a tenants file in a temporary directory, a real proxy
 * (node:http) started with `CARSTREL_TENANTS`, and an upstream: the sandbox (its two dealers,
 * `sk_test_sandbox` and `sk_test_sandbox2`) or the fake, which records the key of every call.
 */
import { mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy, type RunningProxy } from '../../../proxy/server.js';

export const SUMMIT = 'https://www.summit.example';
export const SAVANNA = 'https://www.savanna.example';

export interface TenantEntry {
  id: string;
  apiKey?: string;
  apiKeyEnv?: string;
  allowedOrigins: string[];
  hosts?: string[];
}

/** The sandbox's two dealers as two tenants. */
export const TWO_DEALERS: TenantEntry[] = [
  { id: 'summit', apiKey: 'sk_test_sandbox', allowedOrigins: [SUMMIT] },
  { id: 'savanna', apiKey: 'sk_test_sandbox2', allowedOrigins: [SAVANNA], hosts: ['cars.savanna.example'] },
];

export interface TenantsHarness {
  proxy: RunningProxy;
  dir: string;
  file: string;
  dataDir: string;
  logs: string[];
  /** Replace the tenants file the way editors do: write a temporary file, rename it over the old one. */
  write(tenants: TenantEntry[] | string): void;
  close(): Promise<void>;
}

export async function startTenants(
  tenants: TenantEntry[],
  apiUrl: string,
  env: Record<string, string> = {},
  opts: { watch?: boolean } = {},
): Promise<TenantsHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'proxy-tenants-'));
  const file = join(dir, 'tenants.json');
  const dataDir = join(dir, 'data');
  const logs: string[] = [];
  const write = (t: TenantEntry[] | string) => {
    writeFileSync(`${file}.tmp`, typeof t === 'string' ? t : JSON.stringify({ tenants: t }, null, 2));
    renameSync(`${file}.tmp`, file);
  };
  write(tenants);
  const proxy = await startProxy(
    {
      CARSTREL_TENANTS: file,
      CARSTREL_API_URL: apiUrl,
      CARSTREL_DATA_DIR: dataDir,
      CARSTREL_RATE_LIMIT: 'off',
      CARSTREL_UPSTREAM_TIMEOUT_MS: '2000',
      ...env,
    },
    { port: 0, log: (l) => logs.push(l), watchTenants: opts.watch ?? false, reloadDebounceMs: 50 },
  );
  return {
    proxy,
    dir,
    file,
    dataDir,
    logs,
    write,
    async close() {
      await proxy.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): Record<string, unknown> & { data?: unknown; statusCode?: number; message?: string };
}

/** One request with any headers (Host included, which fetch would not send as given). */
export function call(
  base: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Answer> {
  const u = new URL(base);
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers = { ...(body ? { 'content-type': 'application/json' } : {}), ...opts.headers };
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: opts.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Poll `check` until it holds (or fail after `ms`). */
export async function until(check: () => boolean | Promise<boolean>, ms = 8000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The proxy's JSON log lines. */
export function logLines(logs: string[]): Array<Record<string, unknown>> {
  return logs.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}
