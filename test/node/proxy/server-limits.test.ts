/**
 * node:http limits against slow and greedy clients: the header timeout is enforced at the
 * configured value and answered 408 in the envelope (not a misleading 400, not ~40 s later), and
 * the connection cap closes connections past it while the proxy keeps serving the others.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { describe, it, before, after } from 'node:test';
import { loadConfig } from '../../../proxy/lib/config.js';
import { clientErrorRefusal } from '../../../proxy/server.js';
import { startHarness, rawRequest, isEnvelope, type Harness } from './harness.js';

function open(url: string): Promise<Socket> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect(Number(u.port), u.hostname, () => resolve(s));
    s.on('error', reject);
  });
}

/** Everything the server sends until it closes the connection, and how long that took. */
function untilClosed(s: Socket): Promise<{ text: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('error', () => {});
    s.on('close', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
  });
}

describe('header timeout', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ CARSTREL_HEADER_TIMEOUT_MS: '1000' });
  });
  after(() => h.close());

  it('a client that never finishes its headers gets 408 in the envelope at the configured time', async () => {
    const s = await open(h.proxy.url);
    const closed = untilClosed(s);
    s.write('GET /external/brands HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    const { text, ms } = await closed;
    assert.match(text, /^HTTP\/1\.1 408 /, text);
    const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));
    assert.ok(isEnvelope(body, 408), JSON.stringify(body));
    assert.match(body.message, /1 seconds/);
    assert.ok(ms >= 900, `not before the timeout (${Math.round(ms)} ms)`);
    assert.ok(ms < 2500, `close to the configured 1 s, not Node's 30 s check interval later (${Math.round(ms)} ms)`);
    assert.equal(h.fake.seen.length, 0, 'nothing reached upstream');
  });

  it('a prompt client on the same server is served', async () => {
    const r = await rawRequest(h.proxy.url, 'GET /external/brands HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(r.status, 200);
  });

  it('maps parser errors to their refusals and the timeout to 408', () => {
    assert.equal(clientErrorRefusal('ERR_HTTP_REQUEST_TIMEOUT', 10_000).status, 408);
    assert.match(clientErrorRefusal('ERR_HTTP_REQUEST_TIMEOUT', 10_000).message, /10 seconds/);
    assert.equal(clientErrorRefusal('HPE_HEADER_OVERFLOW', 1).status, 431);
    assert.equal(clientErrorRefusal('HPE_UNEXPECTED_CONTENT_LENGTH', 1).status, 400);
    assert.match(
      clientErrorRefusal('HPE_INVALID_TRANSFER_ENCODING', 1).message,
      /Content-Length and Transfer-Encoding/,
    );
    assert.match(clientErrorRefusal('HPE_INVALID_HEADER_TOKEN', 1).message, /control character/);
    assert.match(clientErrorRefusal(undefined, 1).message, /control character/);
  });

  it('is a checked setting (default 10 s) beside the connection cap (default 1024)', () => {
    const c = loadConfig({});
    assert.equal(c.headerTimeoutMs, 10_000);
    assert.equal(c.maxConnections, 1024);
    assert.equal(loadConfig({ CARSTREL_MAX_CONNECTIONS: '0' }).maxConnections, 0);
    assert.throws(() => loadConfig({ CARSTREL_HEADER_TIMEOUT_MS: '10' }), /CARSTREL_HEADER_TIMEOUT_MS="10"/);
    assert.throws(() => loadConfig({ CARSTREL_MAX_CONNECTIONS: 'many' }), /CARSTREL_MAX_CONNECTIONS="many"/);
  });
});

describe('connection cap', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ CARSTREL_MAX_CONNECTIONS: '3', CARSTREL_HEADER_TIMEOUT_MS: '20000' });
  });
  after(() => h.close());

  it('closes connections past the cap at once, and serves again when one frees up', async () => {
    const held = await Promise.all([open(h.proxy.url), open(h.proxy.url), open(h.proxy.url)]);
    held.forEach((s) => s.on('error', () => {}));
    await new Promise((r) => setTimeout(r, 50));
    const refused = await rawRequest(
      h.proxy.url,
      'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    ).catch(() => ({ status: 0 }));
    assert.equal(refused.status, 0, 'closed without an answer');
    held[0].destroy();
    await new Promise((r) => setTimeout(r, 50));
    const ok = await rawRequest(h.proxy.url, 'GET /external/brands HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(ok.status, 200);
    held.forEach((s) => s.destroy());
  });
});
