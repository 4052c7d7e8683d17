/**
 * No lead lost across a crash: a lead answered 202 while upstream is down survives `kill -9` of
 * the proxy and is delivered (once) by the restarted proxy; leads queued before a crash in the
 * middle of an outage flow within 15 s of upstream's return, once each.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startFakeUpstream, envelope, type Seen } from './fake-upstream.js';
import { until } from './lead-fakes.js';

const fixture = fileURLToPath(new URL('./fixtures/run-proxy.ts', import.meta.url));

function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /URL (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`proxy child exited early (${code})`)));
  });
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('lead store survives kill -9', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'proxy-kill9-'));
  const outageDir = mkdtempSync(join(tmpdir(), 'proxy-kill9-outage-'));
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outageDir, { recursive: true, force: true });
  });

  it(
    'a lead acknowledged with 202 is delivered exactly once after kill -9 and restart',
    { timeout: 60_000 },
    async () => {
      const base = {
        CARSTREL_API_KEY: 'sk_test_killnine1',
        CARSTREL_DATA_DIR: dataDir,
        CARSTREL_RATE_LIMIT: 'off',
        CARSTREL_LOG: 'off',
        CARSTREL_UPSTREAM_TIMEOUT_MS: '1000',
      };
      const first = await startChild({ ...base, CARSTREL_API_URL: `http://127.0.0.1:${await closedPort()}` });
      children.push(first.child);
      const lead = JSON.stringify({ vehicleId: 'v-1', name: 'Kim', email: 'kim@example.com' });
      const r = await fetch(`${first.url}/external/test-drives`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'kill9-lead-0001' },
        body: lead,
      });
      assert.equal(r.status, 202);
      const reference = (await r.json()).data.reference;
      await killed(first.child);

      const fake = await startFakeUpstream(() => ({
        status: 201,
        body: envelope({ id: 'td-1', status: 'pending' }, 201),
      }));
      try {
        const second = await startChild({ ...base, CARSTREL_API_URL: fake.url });
        children.push(second.child);
        // The first retry is due 0.5–2 s after the original attempt.
        for (let i = 0; i < 150 && !fake.seen.some((s) => s.url === '/external/test-drives'); i++)
          await new Promise((ok) => setTimeout(ok, 100));
        // Delivered upstream; wait until the proxy has also recorded the result.
        for (let i = 0; i < 100; i++) {
          if ((await (await fetch(`${second.url}/healthz`)).json()).data.queue.depth === 0) break;
          await new Promise((ok) => setTimeout(ok, 50));
        }
        const delivered = fake.seen.filter((s) => s.url === '/external/test-drives');
        assert.equal(delivered.length, 1);
        assert.equal(delivered[0].body, lead);
        assert.equal(delivered[0].headers['idempotency-key'], 'kill9-lead-0001');
        assert.equal(delivered[0].headers['x-api-key'], 'sk_test_killnine1');

        const again = await fetch(`${second.url}/external/test-drives`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'kill9-lead-0001' },
          body: lead,
        });
        assert.equal(again.status, 201, 'the repeated key gets the delivered answer');
        assert.equal(again.headers.get('idempotent-replayed'), 'true');
        await again.arrayBuffer();
        assert.equal(fake.seen.filter((s) => s.url === '/external/test-drives').length, 1, 'not sent twice');
        const health = await (await fetch(`${second.url}/healthz`)).json();
        assert.equal(health.data.queue.depth, 0);
        assert.match(reference, /^lead_/);
        await killed(second.child);
      } finally {
        await fake.close();
      }
    },
  );

  it(
    "rule: leads queued before a kill -9 in the middle of an outage flow within 15 s of upstream's return, once each",
    { timeout: 90_000 },
    async () => {
      const state = { down: true, accepted: new Map<string, number>() };
      const fake = await startFakeUpstream((s: Seen) => {
        if (state.down) return { drop: true };
        if (s.method === 'POST') {
          const key = String(s.headers['idempotency-key']);
          state.accepted.set(key, (state.accepted.get(key) ?? 0) + 1);
          return { status: 201, body: envelope({ id: key }, 201) };
        }
        return { body: envelope([]) };
      });
      try {
        const env = {
          CARSTREL_API_KEY: 'sk_test_killnine2',
          CARSTREL_API_URL: fake.url,
          CARSTREL_DATA_DIR: outageDir,
          CARSTREL_RATE_LIMIT: 'off',
          CARSTREL_LOG: 'off',
          CARSTREL_UPSTREAM_TIMEOUT_MS: '1000',
        };
        const first = await startChild(env);
        children.push(first.child);
        const keys = Array.from({ length: 20 }, (_, i) => `kill9-outage-${String(i).padStart(4, '0')}`);
        for (const key of keys) {
          const r = await fetch(`${first.url}/external/contact/submit`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': key },
            body: JSON.stringify({ name: 'Kim', email: `${key}@example.com`, message: 'Call me' }),
          });
          assert.equal(r.status, 202);
          await r.arrayBuffer();
        }
        await killed(first.child);
        const second = await startChild(env);
        children.push(second.child);
        await new Promise((ok) => setTimeout(ok, 3000)); // still down after the restart
        assert.equal(state.accepted.size, 0);
        state.down = false;
        const back = Date.now();
        assert.ok(await until(() => state.accepted.size === 20, 15_000, 50), `${state.accepted.size} of 20 delivered`);
        assert.ok(Date.now() - back <= 15_000);
        assert.deepEqual(
          keys.filter((k) => state.accepted.get(k) !== 1),
          [],
          'each lead accepted exactly once',
        );
        await killed(second.child);
      } finally {
        await fake.close();
      }
    },
  );
});
