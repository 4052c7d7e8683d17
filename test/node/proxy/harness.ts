/** Shared setup for proxy end-to-end tests: a real proxy (node:http) in front of a fake upstream. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpstreamError } from '../../../proxy/lib/upstream.js';
import { startProxy, type RunningProxy } from '../../../proxy/server.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';

export const TEST_KEY = 'sk_test_proxyharness123';

export interface Harness {
  proxy: RunningProxy;
  fake: FakeUpstream;
  logs: string[];
  dataDir: string;
  close(): Promise<void>;
}

export async function startHarness(env: Record<string, string> = {}, reply?: FakeUpstream['reply']): Promise<Harness> {
  const fake = await startFakeUpstream(reply);
  const dataDir = mkdtempSync(join(tmpdir(), 'proxy-test-'));
  const logs: string[] = [];
  const proxy = await startProxy(
    {
      CARSTREL_API_KEY: TEST_KEY,
      CARSTREL_API_URL: fake.url,
      CARSTREL_DATA_DIR: dataDir,
      CARSTREL_RATE_LIMIT: 'off',
      CARSTREL_UPSTREAM_TIMEOUT_MS: '1000',
      ...env,
    },
    { port: 0, log: (l) => logs.push(l) },
  );
  return {
    proxy,
    fake,
    logs,
    dataDir,
    async close() {
      await proxy.close();
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Send bytes exactly as given (no client-side URL normalization) and read the whole answer. */
export function rawRequest(baseUrl: string, text: string): Promise<{ status: number; head: string; body: string }> {
  const u = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname, () => socket.write(text));
    socket.setTimeout(5000, () => socket.destroy());
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const all = Buffer.concat(chunks).toString('utf8');
      const split = all.indexOf('\r\n\r\n');
      const head = split === -1 ? all : all.slice(0, split);
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
        head,
        body: split === -1 ? '' : all.slice(split + 4),
      });
    });
  });
}

export function isEnvelope(x: unknown, status: number): boolean {
  const e = x as Record<string, unknown>;
  return (
    typeof e === 'object' &&
    e !== null &&
    e.statusCode === status &&
    typeof e.message === 'string' &&
    e.message.length > 10 &&
    typeof e.error === 'string' &&
    typeof e.timestamp === 'string' &&
    !Number.isNaN(Date.parse(e.timestamp))
  );
}

/** The `UpstreamError` a call to upstream is expected to reject with (a resolved call fails the test). */
export async function upstreamError(p: Promise<unknown>): Promise<UpstreamError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof UpstreamError, String(err));
    return err;
  }
  assert.fail('no upstream error');
}
