/**
 * Fuzzing at volume (part of `npm run bench`): fast-check generates FUZZ_RUNS requests (default
 * 10,000): about two thirds as web Requests through `app.fetch`, one third as raw bytes on raw
 * sockets through node:http, all against a fake CarStrel that echoes the dealer's key every way it
 * can (headers, escapes, gzip / br / deflate bodies). Oracles, checked on every request:
 *  - crash: no uncaught exception or unhandled rejection, and the proxy still answers /healthz;
 *  - unexpected 5xx: the fake upstream never fails, so no answer may be 5xx;
 *  - off-allow-list upstream: everything upstream saw is an allow-listed method + path, with the
 *    dealer's key, without the client's cookie, key or authorization;
 *  - key bytes anywhere: no response header or body, and no log line, gives the key away in any form.
 * Exits non-zero with the first counterexample when an oracle fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { createProxyApp } from '../../proxy/app.js';
import { loadConfig } from '../../proxy/lib/config.js';
import { isRefusal } from '../../proxy/lib/errors.js';
import { nodeCompressor, poolUpstream } from '../../proxy/lib/node-runtime.js';
import { matchRoute, ROUTES } from '../../proxy/lib/routes.js';
import { startProxy } from '../../proxy/server.js';
import { startFakeUpstream, type Seen } from '../node/proxy/fake-upstream.js';
import { HEADER_NAMES, NASTY_SEGMENTS, PATH_WORDS } from '../node/proxy/fuzz-inputs.js';
import { ECHO_MODES, echoReply, leaksKey } from '../node/proxy/key-leak.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const RAW_SHARE = 1 / 3;
const KEY = 'sk_test_fuzzbench42';
const ORIGIN = 'https://www.dealer.example';
/** A key a client may send (its own): never forwarded. The generators never know the dealer's key. */
const ATTACKER_KEY = 'sk_live_attacker1';
const STATUSES = [200, 201, 400, 401, 404, 409, 422, 429];

const crashes: unknown[] = [];
process.on('uncaughtException', (e) => crashes.push(e));
process.on('unhandledRejection', (e) => crashes.push(e));

// ---- generators --------------------------------------------------------------------------------

const word = fc.constantFrom(...PATH_WORDS);
const nasty = fc.constantFrom(...NASTY_SEGMENTS, ATTACKER_KEY, `%73k_live_attacker1`);
const segment = fc.oneof(word, nasty, fc.stringMatching(/^[A-Za-z0-9_.~-]{1,12}$/), fc.string({ maxLength: 8 }));
const id = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9-]{1,36}$/) },
  { weight: 1, arbitrary: segment },
);
const listed = fc
  .tuple(
    fc.constantFrom(...ROUTES.map((r) => r.pattern)),
    id,
    fc.constantFrom('', '', '', '', '', '', '/', '/..', ';', '//x'),
  )
  .map(([p, id, tail]) => p.replace(':id', id) + tail);
const path = fc.oneof(
  { weight: 3, arbitrary: listed },
  { weight: 1, arbitrary: fc.array(segment, { maxLength: 6 }).map((s) => '/' + s.join('/')) },
);
const queryName = fc.oneof(
  fc.constantFrom('page', 'limit', 'brandId', 'listingType', 'sort', 'order', 'cb', '__proto__', 'key'),
  fc.string({ maxLength: 6 }),
);
const query = fc.option(fc.array(fc.tuple(queryName, fc.string({ maxLength: 12 })), { maxLength: 4 }), {
  nil: undefined,
});
const headerName = fc.oneof(
  fc.constantFrom(...HEADER_NAMES, 'accept-language', 'expect', 'upgrade'),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/),
);
const headerValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(ORIGIN, 'application/json', 'bearer', 'gzip, br', 'close', 'chunked', '100-continue', ATTACKER_KEY),
);
/** What a browser page sends, give or take: most requests are well formed, so they reach upstream. */
const benignHeaders = fc
  .record({
    origin: fc.constantFrom(ORIGIN, 'https://evil.example', undefined),
    json: fc.boolean(),
    key: fc.option(fc.stringMatching(/^[A-Za-z0-9-]{8,40}$/), { nil: undefined }),
    encoding: fc.constantFrom('gzip, deflate, br', 'br', undefined),
    cookie: fc.constantFrom('carstrel_session=forged', undefined),
    apiKey: fc.constantFrom(ATTACKER_KEY, undefined),
  })
  .map((b) => {
    const out: Array<[string, string]> = [];
    if (b.origin) out.push(['origin', b.origin]);
    if (b.json) out.push(['content-type', 'application/json']);
    if (b.key) out.push(['idempotency-key', b.key]);
    if (b.encoding) out.push(['accept-encoding', b.encoding]);
    if (b.cookie) out.push(['cookie', b.cookie]);
    if (b.apiKey) out.push(['x-api-key', b.apiKey]);
    return out;
  });
const headers = fc.oneof(
  { weight: 3, arbitrary: benignHeaders },
  { weight: 1, arbitrary: fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 }) },
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.record({
    vehicleId: fc.string({ maxLength: 10 }),
    email: fc.emailAddress(),
    message: fc.string({ maxLength: 40 }),
  }),
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 200 }),
  fc.constant('{"__proto__":{"x":1},"email":"a@b.c","vehicleId":"v1"}'),
);
const method = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('GET', 'POST') },
  { weight: 1, arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') },
);
const upstreamAnswer = fc.record({
  mode: fc.constantFrom(...ECHO_MODES.filter((m) => m !== 'gzip-unreadable')),
  status: fc.constantFrom(...STATUSES),
});

const webRequest = fc.record({ method, path, query, headers, body, answer: upstreamAnswer });
const rawRequest = fc.record({
  method: fc.oneof(method, fc.stringMatching(/^[A-Z]{1,8}$/)),
  target: fc.oneof(path, fc.stringMatching(/^\/[!-~]{0,60}$/)),
  version: fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 x'),
  headers: fc.array(
    fc.tuple(
      headerName,
      fc.oneof(
        headerValue,
        fc.string({ maxLength: 20 }).map((s) => `${s}\r${s}`),
      ),
    ),
    {
      maxLength: 8,
    },
  ),
  body: fc.oneof(fc.constant(''), fc.string({ maxLength: 120 })),
  answer: upstreamAnswer,
});

// ---- the system under test ---------------------------------------------------------------------

let answer = { mode: ECHO_MODES[0], status: 200 };
const fake = await startFakeUpstream(() => echoReply(answer.mode, KEY, answer.status));
const dataDir = mkdtempSync(join(tmpdir(), 'proxy-fuzz-'));
const logs: string[] = [];
const env = {
  CARSTREL_API_KEY: KEY,
  CARSTREL_API_URL: fake.url,
  CARSTREL_DATA_DIR: dataDir,
  CARSTREL_RATE_LIMIT: 'off',
  CARSTREL_ALLOWED_ORIGINS: ORIGIN,
  CARSTREL_UPSTREAM_TIMEOUT_MS: '2000',
  CARSTREL_BEARER_FALLBACK: 'on',
};
// Raw sockets go to the Node server; web Requests to the same app built without a socket layer.
const proxy = await startProxy(env, { port: 0, log: (l) => logs.push(l) });
const upstream = poolUpstream(fake.url);
const app = createProxyApp(loadConfig(env), { upstream, compress: nodeCompressor, log: (l) => logs.push(l) });

function checkUpstream(seen: Seen[]): void {
  for (const s of seen) {
    const p = s.url.split('?')[0];
    if (isRefusal(matchRoute(s.method, p))) throw new Error(`off the allow-list upstream: ${s.method} ${s.url}`);
    if (s.headers['x-api-key'] !== KEY) throw new Error(`upstream call without the dealer key: ${s.method} ${s.url}`);
    for (const name of ['cookie', 'x-carstrel-session', 'origin', 'x-forwarded-for'])
      if (s.headers[name] !== undefined) throw new Error(`client header ${name} reached upstream: ${s.url}`);
  }
}

function checkLeak(where: string, text: string): void {
  if (leaksKey(text, KEY)) throw new Error(`the key leaked in ${where}: ${text.slice(0, 200)}`);
}

function checkLogs(from: number): void {
  for (const l of logs.slice(from)) checkLeak('a log line', l);
}

/** One raw exchange: bytes in, everything the server sent until it closed the connection. */
function raw(text: string): Promise<string> {
  const u = new URL(proxy.url);
  return new Promise((resolve) => {
    const socket = connect(Number(u.port), u.hostname, () => socket.end(text));
    socket.setTimeout(5000, () => socket.destroy());
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => {});
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

let web = 0;
let rawCount = 0;
let forwarded = 0;
let closedSilently = 0;
const statuses = new Map<number, number>();
const count = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);

const webRuns = Math.round(RUNS * (1 - RAW_SHARE));
const rawRuns = RUNS - webRuns;
const started = performance.now();
console.log(
  `fuzz: ${RUNS} generated requests (${webRuns} through app.fetch, ${rawRuns} on raw sockets), key-echoing upstream`,
);
let failed = false;
try {
  await fc.assert(
    fc.asyncProperty(webRequest, async (r) => {
      let req: Request;
      try {
        const search = r.query
          ? '?' + r.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
          : '';
        const h = new Headers();
        for (const [k, v] of r.headers) h.append(k, v);
        const sendsBody = r.method !== 'GET' && r.method !== 'HEAD' && r.body !== undefined;
        req = new Request(`https://cars.dealer.example${r.path}${search}`, {
          method: r.method,
          headers: h,
          body: sendsBody ? (typeof r.body === 'string' ? r.body : JSON.stringify(r.body)) : undefined,
        });
      } catch {
        return; // not a request a runtime would deliver
      }
      answer = r.answer;
      const seenBefore = fake.seen.length;
      const logsBefore = logs.length;
      const res = await app.fetch(req);
      const text = await res.text();
      web++;
      count(res.status);
      if (res.status >= 500) throw new Error(`unexpected ${res.status} for ${r.method} ${r.path}: ${text}`);
      checkLeak('a response body', text);
      for (const [name, value] of res.headers) checkLeak(`response header ${name}`, value);
      checkUpstream(fake.seen.slice(seenBefore));
      forwarded += fake.seen.length - seenBefore;
      checkLogs(logsBefore);
      if (crashes.length) throw crashes[0];
    }),
    { numRuns: webRuns, seed: 20260713 },
  );
  await fc.assert(
    fc.asyncProperty(rawRequest, async (r) => {
      answer = r.answer;
      const lines = [`${r.method} ${r.target} ${r.version}`, 'Host: cars.dealer.example'];
      for (const [k, v] of r.headers) lines.push(`${k}: ${v}`);
      if (r.body) lines.push(`Content-Length: ${Buffer.byteLength(r.body)}`);
      const seenBefore = fake.seen.length;
      const logsBefore = logs.length;
      const text = await raw(`${lines.join('\r\n')}\r\nConnection: close\r\n\r\n${r.body}`);
      rawCount++;
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
      count(status);
      if (status === 0) closedSilently++;
      if (status >= 500) throw new Error(`unexpected ${status} for ${JSON.stringify(lines[0])}: ${text.slice(0, 300)}`);
      checkLeak('a raw response', text);
      checkUpstream(fake.seen.slice(seenBefore));
      forwarded += fake.seen.length - seenBefore;
      checkLogs(logsBefore);
      if (crashes.length) throw crashes[0];
    }),
    { numRuns: rawRuns, seed: 20260714 },
  );
  const health = await fetch(`${proxy.url}/healthz`);
  if (health.status !== 200) throw new Error(`the proxy no longer answers /healthz (${health.status})`);
  if (crashes.length) throw crashes[0];
  if (forwarded < RUNS / 20)
    throw new Error(`only ${forwarded} requests reached upstream: the fuzz must exercise forwarding`);
} catch (err) {
  failed = true;
  console.error(err instanceof Error ? err.message : err);
} finally {
  await proxy.close();
  await app.close();
  await upstream.close();
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
}

const seconds = (performance.now() - started) / 1000;
const byStatus = [...statuses.entries()]
  .sort(([a], [b]) => a - b)
  .map(([s, n]) => `${s}×${n}`)
  .join(' ');
console.log(
  `fuzz: ${web + rawCount} requests in ${seconds.toFixed(1)} s (${web} app.fetch, ${rawCount} raw), ${forwarded} reached upstream`,
);
console.log(`fuzz: statuses ${byStatus}${closedSilently ? ` (${closedSilently} closed without an answer)` : ''}`);
console.log(
  failed
    ? 'fuzz: FAILED (see the counterexample above)'
    : 'fuzz: 0 crashes, 0 unexpected 5xx, 0 requests off the allow-list upstream, 0 key leaks',
);
if (failed) process.exitCode = 1;
