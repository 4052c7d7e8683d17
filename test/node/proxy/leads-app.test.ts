/**
 * The lead queue as a shopper and an operator see it through the proxy: a full queue or an
 * unwritable journal is a 503 in the error envelope with Retry-After (never a 500), `/healthz`
 * says when the journal cannot be written, and every upstream answer reaches the lead desk.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, beforeEach, afterEach } from 'node:test';
import { createProxyApp, type ProxyApp } from '../../../proxy/app.js';
import { loadConfig } from '../../../proxy/lib/config.js';
import { FileLeadStore } from '../../../proxy/lib/leads-file.js';
import { MemoryLeadStore, type LeadStore } from '../../../proxy/lib/leads.js';
import { UpstreamError, type Upstream } from '../../../proxy/lib/upstream.js';
import { isEnvelope } from './harness.js';
import { instrumented, okRes, pendingLead, until, type Disk } from './lead-fakes.js';

const ORIGIN = 'https://www.dealer.example';
const BASE = 'https://cars.dealer.example';

/** Upstream that is down (unreachable) or up (200 to GETs, 201 to POSTs). */
function switchable(): Upstream & { down: boolean } {
  return {
    down: true,
    async request(req) {
      if (this.down) throw new UpstreamError('unreachable');
      return okRes(req.method === 'POST' ? 201 : 200);
    },
    async close() {},
  };
}

function makeApp(leadStore: LeadStore, upstream: Upstream): ProxyApp {
  const config = loadConfig({
    CARSTREL_API_KEY: 'sk_test_leadsapp1',
    CARSTREL_API_URL: 'http://127.0.0.1:1',
    CARSTREL_ALLOWED_ORIGINS: ORIGIN,
    CARSTREL_RATE_LIMIT: 'off',
    CARSTREL_LOG: 'off',
  });
  return createProxyApp(config, { upstream, leadStore });
}

const lead = (app: ProxyApp, key: string) =>
  app.fetch(
    new Request(`${BASE}/external/contact/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, origin: ORIGIN },
      body: JSON.stringify({ name: 'Kim', email: 'kim@example.com', message: 'Call me' }),
    }),
  );

const health = async (app: ProxyApp) => (await app.fetch(new Request(`${BASE}/healthz`))).json();

describe('lead queue through the proxy', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'leads-app-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('rule: a full lead queue is refused visibly: 503 + Retry-After in the error envelope, with CORS', async () => {
    const app = makeApp(new MemoryLeadStore({ maxPending: 2 }), switchable());
    assert.equal((await lead(app, 'app-full-0001')).status, 202);
    assert.equal((await lead(app, 'app-full-0002')).status, 202);
    const r = await lead(app, 'app-full-0003');
    assert.equal(r.status, 503);
    assert.equal(r.headers.get('retry-after'), '30');
    assert.equal(r.headers.get('access-control-allow-origin'), ORIGIN, 'the page can read why');
    const env = await r.json();
    assert.ok(isEnvelope(env, 503), JSON.stringify(env));
    assert.match(env.message, /not saved.*Send it again in 30 seconds/);
    const h = await health(app);
    assert.equal(h.data.queue.depth, 2);
    assert.equal(h.data.queue.maxDepth, 2);
    await app.close();
  });

  it('rule: /healthz is degraded while the journal cannot be written, and ok again once repaired', async () => {
    const disk: Disk = { events: [], delayMs: 0 };
    const store = await FileLeadStore.open(dir, {
      openFile: instrumented(disk, join(dir, 'leads.jsonl')),
      repairMs: 50,
    });
    const upstream = switchable();
    const app = makeApp(store, upstream);
    upstream.down = false;
    const ok = await health(app);
    assert.equal(ok.data.status, 'ok');
    assert.deepEqual(ok.data.queue.journal, { writable: true, error: null });

    upstream.down = true;
    disk.failWrites = 'ENOSPC';
    const r = await lead(app, 'app-disk-0001');
    assert.equal(r.status, 503, 'a lead that cannot be saved is refused, not lost and not a 500');
    assert.equal(r.headers.get('retry-after'), '30');
    assert.ok(isEnvelope(await r.json(), 503));
    upstream.down = false;
    const bad = await health(app);
    assert.equal(bad.data.status, 'degraded');
    assert.match(bad.message, /journal cannot be written \(ENOSPC\)/);
    assert.deepEqual(bad.data.queue.journal, { writable: false, error: 'ENOSPC' });

    disk.failWrites = undefined;
    assert.ok(await until(() => store.stats().writable, 2000), 'the journal repairs itself');
    const again = await health(app);
    assert.equal(again.data.status, 'ok');
    await app.close();
  });

  it('rule: /healthz answers with 200k queued leads (no argument spreading)', async () => {
    const store = new MemoryLeadStore({ maxPending: 200_000, maxPendingBytes: 1e9 });
    for (let i = 0; i < 200_000; i++)
      await store.enqueue(pendingLead({ createdAt: 1_000_000 + ((i * 7919) % 200_000), nextAttemptAt: 9e15 }));
    const app = makeApp(store, switchable());
    const r = await app.fetch(new Request(`${BASE}/healthz`));
    assert.equal(r.status, 200);
    const h = await r.json();
    assert.equal(h.data.queue.depth, 200_000);
    assert.equal(typeof h.data.queue.oldest, 'string');
    await app.close();
  });

  it('rule: every upstream answer the app sees is reported to the lead desk (reads, leads, the health probe)', async () => {
    const upstream = switchable();
    upstream.down = false;
    const app = makeApp(new MemoryLeadStore(), upstream);
    const seen: number[] = [];
    const original = app.leads.noteUpstream.bind(app.leads);
    app.leads.noteUpstream = (status) => {
      seen.push(status);
      original(status);
    };
    await (await app.fetch(new Request(`${BASE}/external/vehicles/abc`))).arrayBuffer();
    assert.deepEqual(seen, [200], 'a forwarded read');
    await (await lead(app, 'app-note-0001')).arrayBuffer();
    assert.ok(seen.includes(201), 'a lead');
    seen.length = 0;
    await health(app);
    assert.deepEqual(seen, [200], 'the health probe');
    await app.close();
  });

  it('rule: upstream back (seen by any call) drains queued leads through the proxy, each once', async () => {
    const upstream = switchable();
    const sent: string[] = [];
    const request = upstream.request.bind(upstream);
    upstream.request = async (req) => {
      const res = await request(req);
      if (req.method === 'POST') sent.push(req.headers['idempotency-key'] ?? '');
      return res;
    };
    const app = makeApp(new MemoryLeadStore(), upstream);
    for (let i = 0; i < 10; i++) assert.equal((await lead(app, `app-drain-${i}`)).status, 202);
    await until(() => app.leads.queue().upstream === 'down', 1000);
    upstream.down = false;
    await (await app.fetch(new Request(`${BASE}/external/vehicles/abc`))).arrayBuffer();
    assert.ok(await until(() => app.leads.depth === 0, 3000), `${app.leads.depth} still queued`);
    assert.equal(sent.length, 10);
    assert.equal(new Set(sent).size, 10, 'each lead once');
    await app.close();
  });
});
