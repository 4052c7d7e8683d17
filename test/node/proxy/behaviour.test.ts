/**
 * The proxy end to end (node:http, fake upstream): forwarding, deadlines, caching, rate limits,
 * leads, health, logs and compression.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { describe, it, before, after } from 'node:test';
import { brotliDecompressSync } from 'node:zlib';
import { envelope, type FakeReply, type Seen } from './fake-upstream.js';
import { startHarness, isEnvelope, TEST_KEY, type Harness } from './harness.js';

const big = Array.from({ length: 200 }, (_, i) => ({ id: `b${i}`, name: `Brand ${i}` }));

/** Upstream behaviour keyed by path, switchable per test. */
const mode: { down: boolean; slow: boolean } = { down: false, slow: false };
function reply(s: Seen): FakeReply {
  const path = s.url.split('?')[0];
  if (mode.down && s.method === 'POST') return { drop: true };
  if (path === '/external/engines/slow' || (mode.slow && s.method === 'POST'))
    return { delay: 1500, body: envelope({}) };
  if (path === '/external/engines/boom')
    return { status: 500, body: { statusCode: 500, message: 'stack trace at db.js:42', error: 'Internal' } };
  if (path === '/external/engines/busy')
    return {
      status: 429,
      headers: { 'retry-after': '17' },
      body: { statusCode: 429, message: 'Too many', error: 'Too Many Requests', timestamp: 'x' },
    };
  if (path === '/external/engines/gone') return { drop: true };
  if (path === '/external/brands') return { body: { ...envelope(big), total: big.length } };
  if (path.startsWith('/external/test-drives'))
    return { status: 201, body: envelope({ id: 'td1', status: 'pending' }, 201) };
  return { body: envelope({ path: s.url }) };
}

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('proxy behaviour', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ CARSTREL_UPSTREAM_TIMEOUT_MS: '400' }, reply);
  });
  after(() => h.close());

  it('forwards allow-listed GETs with their query normalized (contract order, each once, unknown dropped), key injected', async () => {
    const r = await fetch(`${h.proxy.url}/external/vehicles?listingType=sale&cb=123&limit=10&limit=99`);
    assert.equal(r.status, 200);
    assert.equal((await r.json()).data.path, '/external/vehicles?limit=10&listingType=sale');
    assert.equal(h.fake.seen.at(-1)!.headers['x-api-key'], TEST_KEY);
  });

  it('upstream refusal (connection dropped) becomes 502 in the envelope, without internals', async () => {
    const r = await fetch(`${h.proxy.url}/external/engines/gone`);
    assert.equal(r.status, 502);
    const body = await r.json();
    assert.ok(isEnvelope(body, 502));
    assert.doesNotMatch(JSON.stringify(body), /127\.0\.0\.1|ECONN|socket/i);
  });

  it('an upstream 5xx becomes 502 in the envelope without its details', async () => {
    const r = await fetch(`${h.proxy.url}/external/engines/boom`);
    assert.equal(r.status, 502);
    const body = await r.json();
    assert.ok(isEnvelope(body, 502));
    assert.doesNotMatch(JSON.stringify(body), /db\.js/);
  });

  it('a deadline on every upstream call: timeout becomes 504 in the envelope', async () => {
    const t0 = Date.now();
    const r = await fetch(`${h.proxy.url}/external/engines/slow`);
    assert.equal(r.status, 504);
    assert.ok(isEnvelope(await r.json(), 504));
    assert.ok(Date.now() - t0 < 1400, 'answered at the deadline, not when upstream finished');
  });

  it('upstream 429s pass their Retry-After on', async () => {
    const r = await fetch(`${h.proxy.url}/external/engines/busy`);
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '17');
  });

  it('GET /external/vehicles/:id is never cached: one detail view = one upstream call', async () => {
    const before = h.fake.seen.length;
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${h.proxy.url}/external/vehicles/v-detail-1`);
      assert.equal(r.headers.get('cache-control'), 'no-store');
      assert.equal(r.headers.get('x-carstrel-cache'), null);
      await r.arrayBuffer();
    }
    assert.equal(h.fake.seen.slice(before).filter((s) => s.url === '/external/vehicles/v-detail-1').length, 3);
  });

  it('reference data is cached (HIT), coalesced, with ETag/304 and Cache-Control for browsers', async () => {
    const path = `${h.proxy.url}/external/body-types?page=1`;
    const before = h.fake.seen.length;
    const all = await Promise.all(Array.from({ length: 10 }, () => fetch(path)));
    for (const r of all) await r.arrayBuffer();
    assert.equal(h.fake.seen.slice(before).length, 1, 'ten concurrent misses, one upstream call');
    const hit = await fetch(path);
    assert.equal(hit.headers.get('x-carstrel-cache'), 'HIT');
    assert.match(
      hit.headers.get('cache-control')!,
      /public, max-age=300, stale-while-revalidate=\d+, stale-if-error=\d+/,
    );
    const etag = hit.headers.get('etag')!;
    await hit.arrayBuffer();
    const notModified = await fetch(path, { headers: { 'if-none-match': etag } });
    assert.equal(notModified.status, 304);
    assert.equal(h.fake.seen.slice(before).length, 1);
  });

  it('vehicle stats are cached briefly like lists (not a detail view)', async () => {
    const a = await fetch(`${h.proxy.url}/external/vehicles/stats/summary`);
    await a.arrayBuffer();
    const b = await fetch(`${h.proxy.url}/external/vehicles/stats/summary`);
    assert.equal(b.headers.get('x-carstrel-cache'), 'HIT');
    assert.match(b.headers.get('cache-control')!, /max-age=10/);
    await b.arrayBuffer();
  });

  it('compresses JSON with br when asked, and leaves it alone when not', async () => {
    const br = await get(`${h.proxy.url}/external/brands`, { 'accept-encoding': 'br, gzip' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(JSON.parse(brotliDecompressSync(br.body).toString()).data.length, 200);
    const plain = await get(`${h.proxy.url}/external/brands`);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(JSON.parse(plain.body.toString()).data.length, 200);
  });

  it('lead POSTs: forwarded with the Idempotency-Key; a repeated key is answered from the first result, not sent twice', async () => {
    const body = JSON.stringify({ vehicleId: 'v1', name: 'Ann', email: 'ann@example.com' });
    const headers = { 'content-type': 'application/json', 'idempotency-key': 'lead-key-000001' };
    const before = h.fake.seen.length;
    const a = await fetch(`${h.proxy.url}/external/test-drives`, { method: 'POST', headers, body });
    const b = await fetch(`${h.proxy.url}/external/test-drives`, { method: 'POST', headers, body });
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    assert.equal(b.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await b.json(), await a.json());
    const sent = h.fake.seen.slice(before);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].headers['idempotency-key'], 'lead-key-000001');
    const other = await fetch(`${h.proxy.url}/external/test-drives`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ vehicleId: 'v2', name: 'Bo', email: 'bo@example.com' }),
    });
    assert.equal(other.status, 400, 'a key reused for another lead is refused');
    const badKey = await fetch(`${h.proxy.url}/external/test-drives`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': 'x' },
      body,
    });
    assert.equal(badKey.status, 400);
  });

  it('a lead is never silently dropped: upstream down → 202 with a reference, shown in /healthz, delivered when back', async () => {
    mode.down = true;
    try {
      const body = JSON.stringify({ name: 'Cy', email: 'cy@example.com', message: 'Call me' });
      const r = await fetch(`${h.proxy.url}/external/contact/submit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'lead-key-000002' },
        body,
      });
      assert.equal(r.status, 202);
      const env = await r.json();
      assert.equal(env.statusCode, 202);
      assert.equal(env.data.queued, true);
      assert.match(env.data.reference, /^lead_/);
      const health = await (await fetch(`${h.proxy.url}/healthz`)).json();
      assert.equal(health.data.queue.depth, 1);
    } finally {
      mode.down = false;
    }
    const before = h.fake.seen.length;
    // Backoff for the first retry is 0.5–2 s.
    for (let i = 0; i < 100 && h.proxy.app.leads.depth > 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(h.proxy.app.leads.depth, 0, 'delivered');
    const delivered = h.fake.seen.slice(before).filter((s) => s.url === '/external/contact/submit');
    assert.equal(delivered.length, 1);
    assert.equal(delivered[0].headers['idempotency-key'], 'lead-key-000002');
    assert.equal(JSON.parse(delivered[0].body).message, 'Call me');
  });

  it('/healthz reports upstream reachability and queue depth', async () => {
    const r = await fetch(`${h.proxy.url}/healthz`);
    assert.equal(r.status, 200);
    const b = await r.json();
    assert.equal(b.data.mode, 'live');
    assert.equal(b.data.upstream.reachable, true);
    assert.equal(typeof b.data.queue.depth, 'number');
  });

  it('one JSON log line per request: method, path, status, duration, cache and upstream status; no query, key, token or body', async () => {
    const before = h.logs.length;
    await (await fetch(`${h.proxy.url}/external/vehicles?email=secret%40example.com`)).arrayBuffer();
    await (
      await fetch(`${h.proxy.url}/external/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email":"a@b.c","password":"hunter2hunter2"}',
      })
    ).arrayBuffer();
    const lines = h.logs.slice(before).map((l) => JSON.parse(l));
    assert.equal(lines.length, 2);
    assert.deepEqual(Object.keys(lines[0]).sort(), ['cache', 'method', 'ms', 'path', 'status', 'time', 'upstream']);
    assert.equal(lines[0].path, '/external/vehicles');
    assert.equal(lines[1].upstream, 200);
    const all = h.logs.slice(before).join('\n');
    assert.doesNotMatch(all, /secret|hunter2|a@b\.c/);
  });
});

describe('rate limiting (token bucket per client)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ CARSTREL_RATE_LIMIT: 'get=5,post=3,auth=2' });
  });
  after(() => h.close());

  it('429 with Retry-After once a client spends its bucket; login/register get the strict bucket', async () => {
    const login = () =>
      fetch(`${h.proxy.url}/external/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
    assert.equal((await login()).status, 200);
    assert.equal((await login()).status, 200);
    const limited = await login();
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.ok(isEnvelope(await limited.json(), 429));
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${h.proxy.url}/external/engine-types`)).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
  });
});

describe('health and HEAD', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({}, (s) =>
      s.url === '/external/engine-types'
        ? {
            status: 401,
            body: { statusCode: 401, message: 'Invalid or missing API key', error: 'Unauthorized', timestamp: 'x' },
          }
        : { body: envelope({}) },
    );
  });
  after(() => h.close());

  it('/healthz says when CarStrel refuses the API key', async () => {
    const b = await (await fetch(`${h.proxy.url}/healthz`)).json();
    assert.equal(b.data.status, 'degraded');
    assert.equal(b.data.upstream.keyAccepted, false);
    assert.match(b.message, /CARSTREL_API_KEY/);
  });

  it('HEAD is refused on a vehicle detail (it would count as a view) and allowed on lists', async () => {
    const before = h.fake.seen.length;
    const detail = await fetch(`${h.proxy.url}/external/vehicles/v1`, { method: 'HEAD' });
    assert.equal(detail.status, 405);
    assert.equal(h.fake.seen.length, before);
    const list = await fetch(`${h.proxy.url}/external/vehicles`, { method: 'HEAD' });
    assert.equal(list.status, 200);
  });
});

describe('client address for rate limiting', () => {
  const login = (url: string, xff: string) =>
    fetch(`${url}/external/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': xff },
      body: '{}',
    });

  it('X-Forwarded-For is believed only when a front proxy is trusted', async () => {
    const trusted = await startHarness({ CARSTREL_RATE_LIMIT: 'auth=1', CARSTREL_TRUST_PROXY: '1' });
    const untrusted = await startHarness({ CARSTREL_RATE_LIMIT: 'auth=1' });
    try {
      assert.equal((await login(trusted.proxy.url, '203.0.113.1')).status, 200);
      assert.equal((await login(trusted.proxy.url, '203.0.113.1')).status, 429);
      assert.equal(
        (await login(trusted.proxy.url, '203.0.113.2')).status,
        200,
        'another shopper behind the front proxy',
      );
      assert.equal((await login(untrusted.proxy.url, '203.0.113.1')).status, 200);
      assert.equal(
        (await login(untrusted.proxy.url, '203.0.113.2')).status,
        429,
        'a spoofed header does not buy a new bucket',
      );
    } finally {
      await trusted.close();
      await untrusted.close();
    }
  });
});
