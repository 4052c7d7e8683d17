/**
 * The Node fast path (proxy/fast-path.ts) against the app (`app.fetch`): two proxies with the same
 * configuration in front of the same misbehaving upstream, one with the fast path and one without,
 * get the same requests (paths, queries, headers, origins, upstream faults, an upstream that echoes
 * the key, rate-limited clients, preflights, requests the fast path must leave to the app). Status,
 * headers and bodies must be byte for byte the same (the envelope's timestamp aside), and so must the
 * log lines and the request figures; the hot requests must really have taken the fast path.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startProxy, type RunningProxy } from '../../../proxy/server.js';
import { envelope, startFakeUpstream, type FakeReply, type FakeUpstream } from './fake-upstream.js';
import { ECHO_MODES, echoReply, leaksKey, type EchoMode } from './key-leak.js';

const KEY = 'sk_test_fastpathequivalence42';
const ORIGIN = 'https://dealer.example';

/** A list big enough to be compressed, with characters that JSON escapes. */
const vehicles = Array.from({ length: 30 }, (_, i) => ({
  id: `v${i}`,
  title: `Car "${i}" – ünïcode & <tags>`,
  price: 10_000 + i,
}));

/** Upstream's behaviour, chosen by the detail id (`/external/vehicles/<id>`) or the route. */
function upstreamReply(path: string): FakeReply {
  const id = /^\/external\/vehicles\/([^/?]+)$/.exec(path)?.[1];
  if (id?.startsWith('echo-')) return echoReply(id.slice(5) as EchoMode, KEY, 200, { id });
  if (id?.startsWith('echo404-')) return echoReply(id.slice(8) as EchoMode, KEY, 404);
  switch (id) {
    case 'e400':
      return { status: 400, body: { statusCode: 400, message: 'bad filter', error: 'Bad Request' } };
    case 'e404':
      return { status: 404, body: { statusCode: 404, message: 'no such vehicle', error: 'Not Found' } };
    case 'e429':
      return { status: 429, headers: { 'retry-after': '17' }, body: { statusCode: 429, message: 'slow down' } };
    case 'e500':
      return { status: 500, body: { statusCode: 500, message: `internal ${KEY}` } };
    case 'e503':
      return { status: 503, headers: { 'retry-after': '120' }, body: 'down' };
    case 'e204':
      return { status: 204, raw: new Uint8Array() };
    case 'redirect':
      return { status: 302, headers: { location: 'https://elsewhere.example/' }, body: '' };
    case 'slow':
      return { delay: 2500, body: envelope({ id }) };
    case 'drop':
      return { drop: true };
    case 'text':
      return { headers: { 'content-type': 'text/plain' }, body: `plain ${KEY}` };
    case 'html':
      return { headers: { 'content-type': 'text/html' }, body: '<script>alert(1)</script>' };
    case 'notype':
      return { headers: { 'content-type': '' }, body: '{"x":1}' };
    case 'dated':
      return {
        headers: {
          'content-language': 'de-AT',
          'last-modified': 'Tue, 15 Nov 1994 08:12:31 GMT',
          'x-powered-by': 'upstream',
          'set-cookie': 'a=b',
        },
        body: envelope({ id }),
      };
  }
  return { body: envelope({ path, vehicles }) };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

interface Case {
  name: string;
  method?: string;
  path: string;
  headers?: Record<string, string | string[]>;
  /**
   * The fast path's own case (true), or one it must leave to the app (false); undefined where the
   * Node adapter refuses the request before the app (an invalid Host), which the test cannot tell apart.
   */
  hot?: boolean;
}

function send(base: string, c: Case): Promise<Answer> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, method: c.method ?? 'GET', path: c.path, headers: c.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (ch: Buffer) => chunks.push(ch));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * What may differ between two answers given a few ms apart: the Date header, the envelope's
 * timestamp, and the upstream latency `/healthz` reports (and so its length).
 */
function comparable(a: Answer) {
  const headers = { ...a.headers };
  delete headers.date;
  let body = a.body.toString('latin1').replace(/"timestamp":"[^"]+"/g, '"timestamp":"T"');
  if (body.includes('"latencyMs"')) {
    body = body.replace(/"latencyMs":\d+/g, '"latencyMs":0');
    delete headers['content-length'];
  }
  return { status: a.status, headers, body };
}

const requestLines = (logs: string[]) =>
  logs
    .filter((l) => l.startsWith('{') && l.includes('"method"'))
    .map((l) => {
      const { time: _time, ms: _ms, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return JSON.stringify(rest);
    });

let n = 0;
/** A client of its own (the rate limit is per client): the proxy trusts one X-Forwarded-For hop. */
const fresh = (headers: Record<string, string | string[]> = {}) => ({
  'x-forwarded-for': `10.0.${(++n >> 8) & 255}.${n & 255}`,
  ...headers,
});

const cases: Case[] = [
  { name: 'list', path: '/external/vehicles?listingType=sale&limit=12', hot: true },
  { name: 'list, no query', path: '/external/vehicles', hot: true },
  { name: 'list, bare ?', path: '/external/vehicles?', hot: true },
  { name: 'list, unknown and repeated params', path: '/external/vehicles?limit=3&junk=1&limit=4&page=2', hot: true },
  { name: 'list, encoded values', path: '/external/vehicles?brandId=a%20b%2Bc&sort=price+desc', hot: true },
  { name: 'list, broken escape', path: '/external/vehicles?brandId=%ZZ%&minYear=%', hot: true },
  { name: 'list, quote in query', path: '/external/vehicles?brandId="x"', hot: false },
  { name: 'list, non-ASCII query', path: '/external/vehicles?brandId=%C3%BC', hot: true },
  { name: 'stats', path: '/external/vehicles/stats/summary', hot: true },
  { name: 'reference', path: '/external/brands?page=1', hot: true },
  { name: 'reference, nested', path: '/external/brands/toyota/models', hot: true },
  { name: 'detail', path: '/external/vehicles/v1', hot: true },
  { name: 'detail, dated headers', path: '/external/vehicles/dated', hot: true },
  { name: 'detail with a cookie', path: '/external/vehicles/v1', headers: { cookie: 'x=1' }, hot: false },
  {
    name: 'detail with authorization',
    path: '/external/vehicles/v1',
    headers: { authorization: 'Bearer abc' },
    hot: false,
  },
  {
    name: 'list with a cookie (no bearer on lists)',
    path: '/external/vehicles',
    headers: { cookie: 'x=1' },
    hot: true,
  },
  ...['e400', 'e404', 'e429', 'e500', 'e503', 'e204', 'redirect', 'slow', 'drop', 'text', 'html', 'notype'].map(
    (id) => ({ name: `upstream ${id}`, path: `/external/vehicles/${id}`, hot: true }),
  ),
  ...ECHO_MODES.map((m) => ({ name: `echo ${m}`, path: `/external/vehicles/echo-${m}`, hot: true })),
  ...ECHO_MODES.map((m) => ({ name: `echo ${m} on a 404`, path: `/external/vehicles/echo404-${m}`, hot: true })),
  // Headers the client sends.
  { name: 'allowed origin', path: '/external/vehicles', headers: { origin: ORIGIN }, hot: true },
  { name: 'other origin', path: '/external/vehicles', headers: { origin: 'https://evil.example' }, hot: true },
  { name: 'origin twice', path: '/external/vehicles', headers: { origin: [ORIGIN, ORIGIN] }, hot: true },
  { name: 'br', path: '/external/vehicles', headers: { 'accept-encoding': 'gzip, deflate, br' }, hot: true },
  { name: 'gzip', path: '/external/brands', headers: { 'accept-encoding': 'gzip', origin: ORIGIN }, hot: true },
  {
    name: 'refused codings',
    path: '/external/vehicles',
    headers: { 'accept-encoding': 'br;q=0, gzip;q=0' },
    hot: true,
  },
  { name: 'small body, br', path: '/external/vehicles/e404', headers: { 'accept-encoding': 'br' }, hot: true },
  { name: 'client key', path: '/external/vehicles', headers: { 'x-api-key': 'sk_live_stolen' }, hot: true },
  { name: 'connection close', path: '/external/vehicles', headers: { connection: 'close' }, hot: true },
  { name: 'forwarding claims', path: '/external/vehicles', headers: { forwarded: 'for=1.2.3.4' }, hot: true },
  { name: 'content-type on a GET', path: '/external/vehicles', headers: { 'content-type': 'text/plain' }, hot: false },
  {
    name: 'idempotency key on a GET',
    path: '/external/vehicles',
    headers: { 'idempotency-key': 'k1234567' },
    hot: false,
  },
  {
    name: 'too many headers',
    path: '/external/vehicles',
    headers: Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`x-h${i}`, '1'])),
    hot: false,
  },
  { name: 'poisoned header name', path: '/external/vehicles', headers: { constructor: 'x' }, hot: false },
  { name: 'odd host', path: '/external/vehicles', headers: { host: '1.2.3' } },
  { name: 'host with a port', path: '/external/vehicles', headers: { host: 'Cars.Dealer.example:8080' }, hot: true },
  // What the fast path leaves to the app.
  { name: 'HEAD', method: 'HEAD', path: '/external/vehicles', hot: false },
  { name: 'POST', method: 'POST', path: '/external/newsletter/unsubscribe', hot: false },
  { name: 'dealer-only', path: '/external/customers', hot: false },
  { name: 'not listed', path: '/external/nope', hot: false },
  { name: 'trailing slash', path: '/external/vehicles/', hot: false },
  { name: 'me', path: '/external/auth/me', hot: false },
  {
    name: 'preflight, allowed',
    method: 'OPTIONS',
    path: '/external/vehicles',
    headers: { origin: ORIGIN, 'access-control-request-method': 'GET' },
    hot: false,
  },
  {
    name: 'preflight, refused',
    method: 'OPTIONS',
    path: '/external/vehicles',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    hot: false,
  },
  { name: 'health', path: '/healthz', hot: false },
];

describe('fast path ≡ app.fetch', () => {
  let fake: FakeUpstream;
  const dirs: string[] = [];
  const proxies: Array<{ proxy: RunningProxy; logs: string[]; fetches: number; notes: number[] }> = [];

  before(async () => {
    fake = await startFakeUpstream((s) => upstreamReply(s.url));
    for (const fastPath of [true, false]) {
      const dir = mkdtempSync(join(tmpdir(), 'fast-path-'));
      dirs.push(dir);
      const logs: string[] = [];
      const proxy = await startProxy(
        {
          CARSTREL_API_KEY: KEY,
          CARSTREL_API_URL: fake.url,
          CARSTREL_DATA_DIR: dir,
          CARSTREL_RATE_LIMIT: 'get=6,post=20,auth=10',
          CARSTREL_TRUST_PROXY: '1',
          CARSTREL_ALLOWED_ORIGINS: ORIGIN,
          CARSTREL_CACHE_TTL: '0',
          CARSTREL_CACHE_LIST_TTL: '0',
          CARSTREL_UPSTREAM_TIMEOUT_MS: '1500',
        },
        { port: 0, log: (l) => logs.push(l), fastPath },
      );
      const entry = { proxy, logs, fetches: 0, notes: [] as number[] };
      // What the lead outbox hears of upstream (an answer lets queued leads flow at once).
      const note = proxy.app.leads.noteUpstream.bind(proxy.app.leads);
      proxy.app.leads.noteUpstream = (status) => {
        entry.notes.push(status);
        note(status);
      };
      // Count what reaches the app (server.ts calls `app.fetch` at request time).
      const appFetch = proxy.app.fetch.bind(proxy.app);
      proxy.app.fetch = (req, env) => {
        entry.fetches++;
        return appFetch(req, env);
      };
      proxies.push(entry);
    }
  });

  after(async () => {
    for (const p of proxies) await p.proxy.close();
    await fake.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** The same request to both; the answers compared; whether the fast one took it. */
  async function both(c: Case, headers = fresh(c.headers)) {
    const [fast, app] = proxies;
    const before = fast.fetches;
    const seen = fake.seen.length;
    const notes = [fast.notes.length, app.notes.length];
    const a = await send(fast.proxy.url, { ...c, headers });
    const fastUpstream = fake.seen.slice(seen).map((s) => ({ ...s, headers: { ...s.headers, host: '' } }));
    const b = await send(app.proxy.url, { ...c, headers });
    const appUpstream = fake.seen
      .slice(seen + fastUpstream.length)
      .map((s) => ({ ...s, headers: { ...s.headers, host: '' } }));
    assert.deepEqual(comparable(a), comparable(b), c.name);
    assert.deepEqual(fastUpstream, appUpstream, `${c.name}: what went upstream`);
    assert.deepEqual(fast.notes.slice(notes[0]), app.notes.slice(notes[1]), `${c.name}: what the outbox heard`);
    if (c.hot !== undefined)
      assert.equal(fast.fetches === before, c.hot, `${c.name}: ${c.hot ? 'not' : ''} taken by the fast path`);
    return a;
  }

  for (const c of cases) {
    it(c.name, async () => {
      const a = await both(c);
      assert.ok(!leaksKey(JSON.stringify(a.headers), KEY), `${c.name}: key in a header`);
      if (!a.headers['content-encoding'])
        assert.ok(!leaksKey(a.body.toString('utf8'), KEY), `${c.name}: key in the body`);
    });
  }

  it('a rate-limited client: the same answers, 429 in the envelope past the limit', async () => {
    const headers = { 'x-forwarded-for': '10.9.9.9', origin: ORIGIN };
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await both(cases[0], headers)).status);
    assert.deepEqual(statuses.slice(0, 6), [200, 200, 200, 200, 200, 200]);
    assert.ok(
      statuses.slice(6).every((s) => s === 429),
      statuses.join(),
    );
  });

  it('a hot request goes upstream with the key, fixed headers and the normalized query only', async () => {
    const seen = fake.seen.length;
    await both(cases[3], fresh({ 'x-api-key': 'sk_live_stolen', cookie: 'a=b', 'accept-language': 'de' }));
    const [up] = fake.seen.slice(seen);
    assert.equal(up.url, '/external/vehicles?page=2&limit=3');
    assert.equal(up.headers['x-api-key'], KEY);
    assert.equal(up.headers['accept-encoding'], 'identity');
    assert.equal(up.headers.cookie, undefined);
    assert.equal(up.headers['accept-language'], undefined);
  });

  it('the same log lines and request figures', async () => {
    const [fast, app] = proxies;
    assert.deepEqual(requestLines(fast.logs), requestLines(app.logs));
    assert.ok(requestLines(fast.logs).length >= cases.length);
    const figures = async (p: RunningProxy) =>
      (await send(p.url, { name: 'metrics', path: '/metrics', hot: false })).body
        .toString('utf8')
        .split('\n')
        .filter((l) => l.startsWith('carstrel_requests_total') && !l.includes('route_class="metrics"'));
    const f = await figures(fast.proxy);
    assert.ok(
      f.some((l) => l.includes('route_class="list",status="200"')),
      f.join('\n'),
    );
    assert.deepEqual(f, await figures(app.proxy));
  });
});
