/**
 * Idempotency of leads: a key counts per (route, key, customer or anonymous), the body is checked
 * by SHA-256, and a request whose key is still in flight joins it only with the same body. Unit
 * tests of proxy/lib/idempotency.ts, then the same rules as a shopper meets them through the app.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { createProxyApp } from '../../../proxy/app.js';
import { loadConfig } from '../../../proxy/lib/config.js';
import {
  IdempotencyMismatch,
  InFlight,
  customerScope,
  leadFingerprint,
  leadId,
  legacyFingerprint,
  sameFingerprint,
} from '../../../proxy/lib/idempotency.js';
import { LeadDesk, MemoryLeadStore } from '../../../proxy/lib/leads.js';
import { fetchUpstream, type UpstreamResponse } from '../../../proxy/lib/upstream.js';

const enc = new TextEncoder();
const created = (): UpstreamResponse => ({
  status: 201,
  headers: { 'content-type': 'application/json' },
  body: enc.encode('{"statusCode":201,"data":{"id":"t1"}}'),
});

describe('leadFingerprint', () => {
  it('is SHA-256 over route and body', async () => {
    const expected = createHash('sha256').update('/external/test-drives\n{"a":1}').digest('hex');
    assert.equal(await leadFingerprint('/external/test-drives', '{"a":1}'), `sha256:${expected}`);
  });
  it('tells bodies and routes apart, and is stable', async () => {
    assert.equal(await leadFingerprint('/a', '{"x":1}'), await leadFingerprint('/a', '{"x":1}'));
    assert.notEqual(await leadFingerprint('/a', '{"x":1}'), await leadFingerprint('/a', '{"x":2}'));
    assert.notEqual(await leadFingerprint('/a', '{}'), await leadFingerprint('/b', '{}'));
    assert.notEqual(await leadFingerprint('/a\n{}', ''), await leadFingerprint('/a', '\n{}'));
  });
});

describe('sameFingerprint', () => {
  it('compares SHA-256 fingerprints exactly, and legacy (32-bit) ones by recomputing them', async () => {
    const fresh = await leadFingerprint('/a', '{"x":1}');
    assert.equal(sameFingerprint(fresh, fresh, '/a', '{"x":1}'), true);
    assert.equal(sameFingerprint(await leadFingerprint('/a', '{"x":2}'), fresh, '/a', '{"x":1}'), false);
    const legacy = legacyFingerprint('/a', '{"x":1}');
    assert.match(legacy, /^[0-9a-z]+\.[0-9a-z]+$/);
    assert.equal(legacy, 'a.bmtb1y', 'the FNV-1a journals were written with (the former leads.ts fingerprint)');
    assert.equal(sameFingerprint(legacy, fresh, '/a', '{"x":1}'), true);
    assert.equal(sameFingerprint(legacy, fresh, '/a', '{"x":2}'), false);
    assert.equal(sameFingerprint(fresh.slice(7), fresh, '/a', '{"x":1}'), false, 'a bare hex is no SHA-256 match');
  });
});

describe('customerScope and leadId', () => {
  it('names a customer by a hash of the token, never the token; anonymous is none', async () => {
    const a = await customerScope('eyJ.token.a');
    assert.match(a ?? '', /^c_[0-9a-f]{32}$/);
    assert.ok(!(a ?? '').includes('eyJ'));
    assert.equal(a, await customerScope('eyJ.token.a'));
    assert.notEqual(a, await customerScope('eyJ.token.b'));
    assert.equal(await customerScope(undefined), undefined);
    assert.equal(await customerScope(''), undefined);
  });
  it('keeps the anonymous id journals have always used, and adds the customer otherwise', () => {
    assert.equal(leadId('/external/test-drives', 'key-12345'), '/external/test-drives key-12345');
    assert.equal(leadId('/external/test-drives', 'key-12345', 'c_1'), '/external/test-drives key-12345 c_1');
  });
});

describe('InFlight', () => {
  it('joins a running request with the same fingerprint, refuses one with another, then forgets it', async () => {
    const f = new InFlight<string>();
    let release: (v: string) => void = () => {};
    let starts = 0;
    const start = () => {
      starts++;
      return new Promise<string>((r) => (release = r));
    };
    const first = f.run('id', 'fp1', start);
    const same = f.run('id', 'fp1', start);
    await assert.rejects(f.run('id', 'fp2', start), IdempotencyMismatch);
    const other = f.run('id2', 'fp2', () => Promise.resolve('other'));
    assert.equal(f.size, 2);
    const running = f.answers();
    assert.equal(running.length, 2);
    release('done');
    assert.deepEqual(await Promise.all(running), ['done', 'other'], 'what close() waits for: the answers themselves');
    assert.equal(await first, 'done');
    assert.equal(await same, 'done');
    assert.equal(await other, 'other');
    assert.equal(starts, 1);
    assert.equal(f.size, 0);
    assert.equal(await f.run('id', 'fp2', () => Promise.resolve('later')), 'later', 'a finished key is free');
  });
  it('forgets a request that failed', async () => {
    const f = new InFlight<string>();
    await assert.rejects(f.run('id', 'fp', () => Promise.reject(new Error('x'))));
    assert.equal(f.size, 0);
  });
});

describe('LeadDesk with scoped keys', () => {
  it('a second request with the same key while the first is in flight: same body joins, another body is refused', async () => {
    let calls = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const forward = async () => {
      calls++;
      await gate;
      return created();
    };
    const d = new LeadDesk(
      new MemoryLeadStore(),
      { request: () => Promise.resolve(created()), close: async () => {} },
      {
        apiKey: 'k',
        timeoutMs: 1000,
      },
    );
    const first = d.submit('/external/test-drives', 'key-concurrent', '{"a":1}', 'application/json', forward);
    const twin = d.submit('/external/test-drives', 'key-concurrent', '{"a":1}', 'application/json', forward);
    const other = d.submit('/external/test-drives', 'key-concurrent', '{"a":2}', 'application/json', forward);
    await assert.rejects(other, IdempotencyMismatch);
    release();
    const [a, b] = await Promise.all([first, twin]);
    assert.equal(a.status, 201);
    assert.equal(b.reference, a.reference, 'the twin shares the answer');
    assert.equal(calls, 1, 'one upstream call');
    await assert.rejects(
      d.submit('/external/test-drives', 'key-concurrent', '{"a":2}', 'application/json', forward),
      IdempotencyMismatch,
      'and afterwards too',
    );
    const replay = await d.submit('/external/test-drives', 'key-concurrent', '{"a":1}', 'application/json', forward);
    assert.equal(replay.outcome, 'replayed');
    await d.close();
  });

  it("one customer's key never answers another customer's (or an anonymous) request", async () => {
    let calls = 0;
    const forward = () => (calls++, Promise.resolve(created()));
    const d = new LeadDesk(
      new MemoryLeadStore(),
      { request: () => Promise.resolve(created()), close: async () => {} },
      {
        apiKey: 'k',
        timeoutMs: 1000,
      },
    );
    const path = '/external/contact/submit';
    const a = await d.submit(path, 'key-shared-1', '{"m":1}', 'application/json', forward, {}, 'c_a');
    const b = await d.submit(path, 'key-shared-1', '{"m":2}', 'application/json', forward, {}, 'c_b');
    const anon = await d.submit(path, 'key-shared-1', '{"m":3}', 'application/json', forward);
    assert.deepEqual([a.outcome, b.outcome, anon.outcome], ['forwarded', 'forwarded', 'forwarded']);
    assert.notEqual(a.reference, b.reference);
    assert.equal(calls, 3);
    const againA = await d.submit(path, 'key-shared-1', '{"m":1}', 'application/json', forward, {}, 'c_a');
    assert.equal(againA.outcome, 'replayed');
    assert.equal(againA.reference, a.reference);
    await assert.rejects(
      d.submit(path, 'key-shared-1', '{"m":1}', 'application/json', forward, {}, 'c_b'),
      IdempotencyMismatch,
    );
    await d.close();
  });
});

describe('idempotency through the app', () => {
  function app() {
    const bodies: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const config = loadConfig({
      CARSTREL_API_KEY: 'sk_test_idem1',
      CARSTREL_API_URL: 'https://api.carstrel.com',
      CARSTREL_RATE_LIMIT: 'off',
      CARSTREL_LOG: 'off',
      CARSTREL_BEARER_FALLBACK: 'on',
    });
    const upstream = fetchUpstream('https://api.carstrel.com', async (req) => {
      bodies.push(await req.text());
      await gate;
      return Response.json({ statusCode: 201, message: 'created', data: { id: 't1' } }, { status: 201 });
    });
    return { app: createProxyApp(config, { upstream }), bodies, release };
  }
  const post = (key: string, body: string, headers: Record<string, string> = {}) =>
    new Request('http://127.0.0.1:8787/external/test-drives', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, ...headers },
      body,
    });

  it('a concurrent duplicate with another body is refused (400, the contract D15 status) while the first goes through once', async () => {
    const { app: a, bodies, release } = app();
    const first = a.fetch(post('key-dup-00001', '{"vehicleId":"v1"}'));
    const twin = a.fetch(post('key-dup-00001', '{"vehicleId":"v1"}'));
    const other = await a.fetch(post('key-dup-00001', '{"vehicleId":"v2"}'));
    assert.equal(other.status, 400);
    assert.match(((await other.json()) as { message: string }).message, /already used for a different request/);
    release();
    const [r1, r2] = await Promise.all([first, twin]);
    assert.equal(r1.status, 201);
    assert.equal(r2.status, 201);
    assert.deepEqual(bodies, ['{"vehicleId":"v1"}'], 'one upstream call, the first body');
    await a.close();
  });

  it('the same key from two customers is two leads', async () => {
    const { app: a, bodies, release } = app();
    release();
    const one = await a.fetch(post('key-cust-0001', '{"n":1}', { authorization: 'Bearer tok.one' }));
    const two = await a.fetch(post('key-cust-0001', '{"n":2}', { authorization: 'Bearer tok.two' }));
    assert.equal(one.status, 201);
    assert.equal(two.status, 201);
    assert.equal(two.headers.get('idempotent-replayed'), null);
    const again = await a.fetch(post('key-cust-0001', '{"n":1}', { authorization: 'Bearer tok.one' }));
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(bodies.length, 2);
    await a.close();
  });
});
