/**
 * `GET /session`: whether this browser has a live customer session, answered by the proxy alone
 * (no upstream call), so the login widget need not ask `/external/auth/me` on every anonymous
 * page view. It reveals nothing about the customer.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, before, after } from 'node:test';
import { startProxy, type RunningProxy } from '../../../proxy/server.js';

describe('GET /session', () => {
  let proxy: RunningProxy;
  const dataDir = mkdtempSync(join(tmpdir(), 'proxy-session-'));
  const logs: string[] = [];
  const ORIGIN = 'https://www.dealer.example';

  before(async () => {
    proxy = await startProxy(
      { CARSTREL_DATA_DIR: dataDir, SANDBOX_PORT: '0', CARSTREL_RATE_LIMIT: 'off', CARSTREL_ALLOWED_ORIGINS: ORIGIN },
      { port: 0, log: (l) => logs.push(l) },
    );
  });
  after(async () => {
    await proxy.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const session = (cookie?: string) =>
    fetch(`${proxy.url}/session`, { headers: { origin: ORIGIN, ...(cookie ? { cookie } : {}) } });

  it('says inactive without a session cookie, with CORS for the allowed origin, and never calls upstream', async () => {
    logs.length = 0;
    const res = await session();
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.deepEqual((await res.json()).data, { active: false });
    const line = logs
      .map((l) => JSON.parse(l) as { path?: string; upstream?: unknown })
      .find((l) => l.path === '/session');
    assert.ok(line, 'the request is logged');
    assert.equal(line.upstream, undefined, 'no upstream call');
  });

  it('says active with the cookie a login set, and nothing about who it is; a forged cookie is inactive', async () => {
    const login = await fetch(`${proxy.url}/external/auth/login`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'jane.doe@example.com', password: 'password123' }),
    });
    assert.equal(login.status, 200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    assert.match(cookie, /^carstrel_session=.+/);
    const res = await session(cookie);
    const body = await res.json();
    assert.deepEqual(body.data, { active: true });
    assert.doesNotMatch(JSON.stringify(body), /jane|eyJ/i);
    assert.deepEqual((await (await session('carstrel_session=forged.value')).json()).data, { active: false });
  });
});
