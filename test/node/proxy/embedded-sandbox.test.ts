/**
 * The sandbox embedded by `npm start` honours the same environment as `npm run sandbox`
 * (SANDBOX_RATE_LIMIT, CARSTREL_SANDBOX_KEYS), so a dealer can rehearse rate limits and extra
 * dealers without running two processes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, after } from 'node:test';
import { startProxy, type RunningProxy } from '../../../proxy/server.js';

describe('embedded sandbox configuration', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'proxy-embedded-'));
  let proxy: RunningProxy | undefined;
  after(async () => {
    await proxy?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('SANDBOX_RATE_LIMIT reaches the in-process sandbox: its 429 and Retry-After pass through the proxy', async () => {
    proxy = await startProxy(
      { CARSTREL_DATA_DIR: dataDir, SANDBOX_PORT: '0', SANDBOX_RATE_LIMIT: '3', CARSTREL_RATE_LIMIT: 'off' },
      { port: 0, log: () => {} },
    );
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      // Distinct uncached requests, so each one reaches the sandbox.
      const res = await fetch(`${proxy.url}/external/vehicles?limit=1&page=${i + 1}`);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
      await res.arrayBuffer();
    }
    assert.deepEqual(statuses.slice(0, 3), [200, 200, 200]);
    assert.equal(statuses.at(-1), 429, `statuses: ${statuses.join(',')}`);
    assert.ok(Number(retryAfter) > 0, 'Retry-After is passed on');
  });
});
