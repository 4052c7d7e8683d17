/**
 * The app's middleware through `app.fetch`: the client address comes from the runtime's adapter
 * (plus the trust-proxy rule), the log line covers refusals, and unexpected errors are answered
 * in the envelope and logged with the key redacted.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GetConnInfo } from 'hono/conninfo';
import { createProxyApp } from '../../../proxy/app.js';
import { loadConfig } from '../../../proxy/lib/config.js';
import { cloudflareConnInfo } from '../../../proxy/lib/conninfo.js';
import { jsonLogger } from '../../../proxy/lib/logger.js';
import { fetchUpstream } from '../../../proxy/lib/upstream.js';

const KEY = 'sk_test_middleware1';
const ok = () => new Response('{"statusCode":200,"data":{}}', { headers: { 'content-type': 'application/json' } });

function appWith(env: Record<string, string>, connInfo?: GetConnInfo, answer: (req: Request) => Response = ok) {
  const logs: string[] = [];
  const app = createProxyApp(loadConfig({ CARSTREL_API_KEY: KEY, ...env }), {
    upstream: fetchUpstream('https://api.carstrel.com', async (req) => answer(req)),
    connInfo,
    log: (l) => logs.push(l),
  });
  return { app, logs };
}

const login = (headers: Record<string, string> = {}) =>
  new Request('http://p/external/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: '{}',
  });

describe('client address adapter', () => {
  it('Cloudflare: each CF-Connecting-IP gets its own bucket', async () => {
    const { app } = appWith({ CARSTREL_RATE_LIMIT: 'auth=1', CARSTREL_LOG: 'off' }, cloudflareConnInfo);
    assert.equal((await app.fetch(login({ 'cf-connecting-ip': '203.0.113.1' }))).status, 200);
    assert.equal((await app.fetch(login({ 'cf-connecting-ip': '203.0.113.1' }))).status, 429);
    assert.equal((await app.fetch(login({ 'cf-connecting-ip': '203.0.113.2' }))).status, 200);
  });
  it("uses the adapter's address, and X-Forwarded-For only for trusted hops", async () => {
    let address = '10.0.0.1';
    const connInfo: GetConnInfo = () => ({ remote: { address } });
    const untrusted = appWith({ CARSTREL_RATE_LIMIT: 'auth=1', CARSTREL_LOG: 'off' }, connInfo).app;
    assert.equal((await untrusted.fetch(login({ 'x-forwarded-for': '203.0.113.1' }))).status, 200);
    assert.equal((await untrusted.fetch(login({ 'x-forwarded-for': '203.0.113.2' }))).status, 429, 'XFF ignored');
    address = '10.0.0.2';
    assert.equal((await untrusted.fetch(login())).status, 200, 'another socket, another bucket');
    const trusted = appWith(
      { CARSTREL_RATE_LIMIT: 'auth=1', CARSTREL_LOG: 'off', CARSTREL_TRUST_PROXY: '1' },
      connInfo,
    ).app;
    assert.equal((await trusted.fetch(login({ 'x-forwarded-for': '203.0.113.1' }))).status, 200);
    assert.equal((await trusted.fetch(login({ 'x-forwarded-for': '203.0.113.2' }))).status, 200, 'XFF believed');
    assert.equal((await trusted.fetch(login({ 'x-forwarded-for': '203.0.113.1' }))).status, 429);
  });
});

describe('request log and errors', () => {
  it('a request refused by the request checks still gets its log line, with its status', async () => {
    const { app, logs } = appWith({});
    const r = await app.fetch(new Request('http://p/external/brands;x=1'));
    assert.equal(r.status, 400);
    const line = JSON.parse(logs.at(-1) ?? '{}');
    assert.equal(line.method, 'GET');
    assert.equal(line.path, '/external/brands;x=1');
    assert.equal(line.status, 400);
    assert.equal(typeof line.ms, 'number');
  });
  it('an unexpected error is a 500 in the envelope, logged with the key redacted, even with CARSTREL_LOG=off', async () => {
    // A bug in a runtime adapter: it throws before any route runs.
    const brokenAdapter: GetConnInfo = () => {
      throw new Error(`boom with ${KEY}`);
    };
    const { app, logs } = appWith({ CARSTREL_LOG: 'off' }, brokenAdapter);
    const r = await app.fetch(new Request('http://p/external/brands'));
    assert.equal(r.status, 500);
    const body = await r.json();
    assert.equal(body.statusCode, 500);
    assert.match(body.message, /unexpected error/);
    assert.ok(!JSON.stringify(body).includes('boom'));
    assert.equal(logs.length, 1);
    assert.equal(JSON.parse(logs[0] ?? '{}').level, 'error');
    assert.ok(logs[0]?.includes('boom with [redacted]'), logs[0]);
  });
  it('jsonLogger: request lines only when on; fields in a fixed order; absent facts left out', () => {
    const lines: string[] = [];
    const on = jsonLogger((l) => lines.push(l), true, KEY);
    on.request?.({ method: 'GET', path: '/x', status: 200, ms: 1.5, cache: 'HIT' });
    const line = JSON.parse(lines[0] ?? '{}');
    assert.deepEqual(Object.keys(line), ['time', 'method', 'path', 'status', 'ms', 'cache']);
    assert.equal(jsonLogger((l) => lines.push(l), false, KEY).request, undefined);
  });
});
