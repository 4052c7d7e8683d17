/**
 * The upstream connection's edges (proxy/lib/upstream.ts, upstream-client.ts, metrics.ts, prom.ts,
 * health.ts): a redirect, a hang and a refusal each become the upstream error the proxy answers
 * with; every call is timed into the operator figures by outcome; the health probe tells a refused
 * key from a failing upstream; the Prometheus text carries what operators alert on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CarstrelApiError, CarstrelNetworkError } from '../../../proxy/client/errors.js';
import { HealthProbe } from '../../../proxy/lib/health.js';
import { routeClassOf, timedUpstream, type ProxyMetrics } from '../../../proxy/lib/metrics.js';
import { promMetrics } from '../../../proxy/lib/prom.js';
import { upstreamClient } from '../../../proxy/lib/upstream-client.js';
import {
  UpstreamError,
  deadline,
  fetchUpstream,
  refuseRedirect,
  type Upstream,
  type UpstreamRequest,
  type UpstreamResponse,
} from '../../../proxy/lib/upstream.js';
import { upstreamError } from './harness.js';

const ORIGIN = 'https://api.carstrel.com';
const GET: UpstreamRequest = { method: 'GET', path: '/external/brands?page=2', headers: {}, timeoutMs: 1000 };

describe('fetchUpstream', () => {
  it('sends the method, path, headers and body to the fixed origin, never following a redirect', async () => {
    const seen: Request[] = [];
    const up = fetchUpstream(ORIGIN, async (req) => {
      seen.push(req);
      return new Response('{"ok":1}', { status: 201, headers: { 'x-one': 'a' } });
    });
    const res = await up.request({
      method: 'POST',
      path: '/external/leads?x=1',
      headers: { 'x-api-key': 'sk_test_k1', 'content-type': 'application/json' },
      body: new TextEncoder().encode('{"a":1}'),
      timeoutMs: 1000,
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers['x-one'], 'a');
    assert.equal(new TextDecoder().decode(res.body), '{"ok":1}');
    const req = seen[0];
    assert.equal(req.url, `${ORIGIN}/external/leads?x=1`);
    assert.equal(req.method, 'POST');
    assert.equal(req.headers.get('x-api-key'), 'sk_test_k1');
    assert.equal(req.redirect, 'manual');
    assert.equal(await req.text(), '{"a":1}');
    await up.close();
  });
  it('sends no body for an empty one', async () => {
    let body: string | null = 'unset';
    const up = fetchUpstream(ORIGIN, async (req) => {
      body = req.body === null ? null : await req.text();
      return new Response('');
    });
    await up.request({ ...GET, method: 'POST', body: new Uint8Array() });
    assert.equal(body, null);
  });
  it('a 3xx is an unreachable upstream (the key is never sent where it points); 2xx and 4xx are answers', async () => {
    for (const status of [300, 301, 307, 399]) {
      const up = fetchUpstream(
        ORIGIN,
        async () => new Response(null, { status, headers: { location: 'https://evil' } }),
      );
      const err = await upstreamError(up.request(GET));
      assert.equal(err.kind, 'unreachable', String(status));
      assert.equal(err.message, 'upstream unreachable');
      assert.match(
        String((err.cause as Error).message),
        new RegExp(`answered ${status} \\(a redirect, not followed\\)`),
      );
    }
    assert.doesNotThrow(() => refuseRedirect(299));
    assert.doesNotThrow(() => refuseRedirect(400));
  });
  it("a redirect's body is dropped unread; any other answer's body is read whole", async () => {
    const streamed = (status: number) => {
      let cancelled = false;
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode(`{"statusCode":${status}}`));
          if (status < 300 || status >= 400) c.close();
        },
        cancel() {
          cancelled = true;
        },
      });
      return { up: fetchUpstream(ORIGIN, async () => new Response(body, { status })), cancelled: () => cancelled };
    };
    for (const status of [300, 302, 399]) {
      const { up, cancelled } = streamed(status);
      assert.equal((await upstreamError(up.request(GET))).kind, 'unreachable');
      assert.equal(cancelled(), true, String(status));
    }
    for (const status of [200, 299, 400, 503]) {
      const { up, cancelled } = streamed(status);
      const res = await up.request(GET);
      assert.equal(new TextDecoder().decode(res.body), `{"statusCode":${status}}`, String(status));
      assert.equal(cancelled(), false);
    }
  });
  it('an answered call leaves no deadline behind (its signal never aborts later)', async () => {
    const signals: AbortSignal[] = [];
    const up = fetchUpstream(ORIGIN, async (req) => {
      signals.push(req.signal);
      return new Response('{}');
    });
    await up.request({ ...GET, timeoutMs: 20 });
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(signals.length, 1);
    assert.equal(signals[0].aborted, false);
  });
  it('a refused connection is unreachable; no answer before the deadline is a timeout', async () => {
    const refused = fetchUpstream(ORIGIN, () => Promise.reject(new TypeError('fetch failed')));
    const err = await upstreamError(refused.request(GET));
    assert.equal(err.kind, 'unreachable');
    assert.equal((err.cause as Error).message, 'fetch failed');
    const hanging = fetchUpstream(ORIGIN, () => new Promise<Response>(() => {}));
    const started = Date.now();
    const late = await upstreamError(hanging.request({ ...GET, timeoutMs: 50 }));
    assert.equal(late.kind, 'timeout');
    assert.equal(late.message, 'upstream timed out');
    assert.equal(late.name, 'UpstreamError');
    assert.ok(Date.now() - started < 900, 'answered at the deadline');
  });
  it('a body that stops arriving is a timeout too', async () => {
    const up = fetchUpstream(
      ORIGIN,
      async () => new Response(new ReadableStream({ pull: () => new Promise(() => {}) })),
    );
    assert.equal((await upstreamError(up.request({ ...GET, timeoutMs: 50 }))).kind, 'timeout');
  });
  it('deadline: fires after its time, not before, and not at all once cleared', async () => {
    const d = deadline(20);
    assert.equal(d.fired(), false);
    assert.equal(d.signal.aborted, false);
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(d.fired(), true);
    assert.equal(d.signal.aborted, true);
    const cleared = deadline(20);
    cleared.clear();
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(cleared.fired(), false);
  });
});

function fixedUpstream(answer: (req: UpstreamRequest) => Promise<UpstreamResponse>) {
  const seen: UpstreamRequest[] = [];
  let closed = 0;
  const upstream: Upstream = {
    request: (req) => {
      seen.push(req);
      return answer(req);
    },
    close: async () => {
      closed++;
    },
  };
  return { upstream, seen, closed: () => closed };
}

function recordingMetrics() {
  const calls: Array<[number, string]> = [];
  const metrics: ProxyMetrics = {
    request() {},
    upstream: (seconds, outcome) => void calls.push([seconds, outcome]),
    reload() {},
    gauges() {},
    render: async () => ({ contentType: 'text/plain', body: '' }),
  };
  return { metrics, calls };
}

describe('timedUpstream', () => {
  it('counts an answer below 500 as ok and 500 up as error, and returns it untouched', async () => {
    for (const [status, outcome] of [
      [200, 'ok'],
      [499, 'ok'],
      [500, 'error'],
      [503, 'error'],
    ] as const) {
      const answer = { status, headers: {}, body: new Uint8Array([1]) };
      const { metrics, calls } = recordingMetrics();
      const timed = timedUpstream(
        fixedUpstream(async () => {
          await new Promise((r) => setTimeout(r, 30));
          return answer;
        }).upstream,
        metrics,
      );
      assert.equal(await timed.request(GET), answer);
      assert.equal(calls.length, 1);
      assert.equal(calls[0][1], outcome, String(status));
      assert.ok(calls[0][0] >= 0.02 && calls[0][0] < 5, `seconds ${calls[0][0]}`);
    }
  });
  it('counts a failure by its kind (an unknown error as unreachable) and its duration, and rethrows it', async () => {
    for (const [thrown, outcome] of [
      [new UpstreamError('timeout'), 'timeout'],
      [new UpstreamError('unreachable'), 'unreachable'],
      [new Error('boom'), 'unreachable'],
    ] as const) {
      const { metrics, calls } = recordingMetrics();
      const timed = timedUpstream(
        fixedUpstream(async () => {
          await new Promise((r) => setTimeout(r, 30));
          throw thrown;
        }).upstream,
        metrics,
      );
      await assert.rejects(timed.request(GET), (err) => err === thrown);
      assert.deepEqual(
        calls.map(([, o]) => o),
        [outcome],
      );
      assert.ok(calls[0][0] >= 0.02 && calls[0][0] < 5, `seconds ${calls[0][0]}`);
    }
  });
  it('closes the upstream it wraps', async () => {
    const inner = fixedUpstream(async () => ({ status: 200, headers: {}, body: new Uint8Array() }));
    await timedUpstream(inner.upstream, recordingMetrics().metrics).close();
    assert.equal(inner.closed(), 1);
  });
});

describe('routeClassOf', () => {
  it('classes each path a dealer mount serves', () => {
    const cases: Record<string, string> = {
      '/external/brands': 'external',
      '/externalx': 'other',
      '/healthz': 'health',
      '/healthz/x': 'other',
      '/metrics': 'metrics',
      '/session': 'session',
      '/session/logout': 'session',
      '/sessions': 'other',
      '/carstrel.js': 'asset',
      '/sw.js': 'asset',
      '/chunks/a-1.js': 'asset',
      '/media/x.png': 'asset',
      '/': 'other',
      '/index.html': 'other',
    };
    for (const [path, cls] of Object.entries(cases)) assert.equal(routeClassOf(path), cls, path);
  });
});

describe('upstreamClient (the typed client over the proxy connection)', () => {
  it('sends the path with the key and the deadline, and reads an answer with list and absent headers', async () => {
    const { upstream, seen } = fixedUpstream(async () => ({
      status: 200,
      headers: { 'content-type': 'application/json', 'x-many': ['a', 'b'], 'x-none': undefined },
      body: new TextEncoder().encode('{"statusCode":200,"data":[{"id":"e1","name":"Petrol"}]}'),
    }));
    const client = upstreamClient(upstream, 'sk_test_uc1', 1234);
    const types = await client.listEngineTypes();
    assert.deepEqual(types, { statusCode: 200, data: [{ id: 'e1', name: 'Petrol' }] });
    assert.equal(seen[0].method, 'GET');
    assert.equal(seen[0].path, '/external/engine-types');
    assert.equal(seen[0].headers['x-api-key'], 'sk_test_uc1');
    assert.equal(seen[0].timeoutMs, 1234);
    assert.equal(seen[0].body, undefined);
  });
  it('an answer without a body is an answer: 204 reachable, 304 a redirect not followed (not a broken line)', async () => {
    const answering = (status: number) =>
      fixedUpstream(async () => ({ status, headers: {}, body: new Uint8Array([1]) })).upstream;
    assert.equal((await new HealthProbe(answering(204), 'sk_test_uc1', 800).check()).reachable, true);
    const err = await upstreamClient(answering(304), 'sk_test_uc1', 800)
      .listEngineTypes()
      .then(
        () => assert.fail('no error'),
        (e: unknown) => e,
      );
    assert.ok(err instanceof CarstrelNetworkError);
    assert.equal(err.kind, 'redirect');
    assert.match(err.message, /answered 304/);
  });
  it("passes upstream's headers on: a 429's Retry-After reaches the caller", async () => {
    const { upstream } = fixedUpstream(async () => ({
      status: 429,
      headers: { 'retry-after': '30', 'content-type': 'application/json' },
      body: new TextEncoder().encode('{"statusCode":429,"message":"slow down"}'),
    }));
    const err = await upstreamClient(upstream, 'sk_test_uc1', 1000)
      .listEngineTypes()
      .then(
        () => assert.fail('no error'),
        (e: unknown) => e,
      );
    assert.ok(err instanceof CarstrelApiError);
    assert.equal(err.status, 429);
    assert.equal(err.retryAfter, 30);
  });
});

describe('HealthProbe outcomes', () => {
  const probeAnswering = (status: number, delay = 0) =>
    new HealthProbe(
      fixedUpstream(async () => {
        await new Promise((r) => setTimeout(r, delay));
        return { status, headers: {}, body: new TextEncoder().encode(`{"statusCode":${status},"message":"x"}`) };
      }).upstream,
      'sk_test_hp1',
      8000,
    ).check();
  it('403 is a refused key, 404 an accepted one, 499 reachable, 500 unreachable; each with its status', async () => {
    assert.deepEqual(
      { ...(await probeAnswering(403)), ms: 0 },
      { reachable: true, keyAccepted: false, status: 403, ms: 0 },
    );
    assert.deepEqual(
      { ...(await probeAnswering(404)), ms: 0 },
      { reachable: true, keyAccepted: true, status: 404, ms: 0 },
    );
    assert.equal((await probeAnswering(499)).reachable, true);
    assert.deepEqual(
      { ...(await probeAnswering(500)), ms: 0 },
      { reachable: false, keyAccepted: true, status: 500, ms: 0 },
    );
  });
  it('measures how long the probe took, in whole ms', async () => {
    const p = await probeAnswering(200, 40);
    assert.ok(p.ms >= 30 && p.ms < 5000 && Number.isInteger(p.ms), `ms ${p.ms}`);
    const down = await new HealthProbe(
      fixedUpstream(async () => {
        await new Promise((r) => setTimeout(r, 40));
        throw new UpstreamError('unreachable');
      }).upstream,
      'k',
      8000,
    ).check();
    assert.ok(down.ms >= 30, `ms ${down.ms}`);
  });
  it('a short upstream deadline stays the probe deadline', async () => {
    const { upstream, seen } = fixedUpstream(async () => ({ status: 200, headers: {}, body: new Uint8Array() }));
    await new HealthProbe(upstream, 'k', 700).check();
    assert.equal(seen[0].timeoutMs, 700);
  });
});

describe('promMetrics (the /metrics text)', () => {
  it('requests by route class, status and tenant; cache results only for cached reads', async () => {
    const m = promMetrics({ processMetrics: false });
    m.request({ routeClass: 'list', status: 200, tenant: 'd1', cache: 'HIT' });
    m.request({ routeClass: 'list', status: 200, tenant: 'd1', cache: 'HIT' });
    m.request({ routeClass: 'lead', status: 202, tenant: '' });
    m.upstream(0.2, 'timeout');
    m.reload('error');
    const { contentType, body } = await m.render();
    assert.match(contentType, /^text\/plain; version=0\.0\.4/);
    assert.match(body, /^carstrel_requests_total\{route_class="list",status="200",tenant="d1"\} 2$/m);
    assert.match(body, /^carstrel_requests_total\{route_class="lead",status="202",tenant=""\} 1$/m);
    assert.match(body, /^carstrel_cache_results_total\{result="HIT",tenant="d1"\} 2$/m);
    assert.doesNotMatch(body, /carstrel_cache_results_total\{result="[^"]*",tenant=""\}/);
    assert.match(body, /^carstrel_upstream_duration_seconds_bucket\{le="0\.25",outcome="timeout"\} 1$/m);
    assert.match(body, /^carstrel_upstream_duration_seconds_bucket\{le="0\.1",outcome="timeout"\} 0$/m);
    assert.match(body, /^carstrel_tenant_reloads_total\{result="error"\} 1$/m);
    assert.doesNotMatch(body, /^process_/m);
    assert.match((await promMetrics().render()).body, /^process_cpu_seconds_total/m);
  });
  it('gauges: read once per scrape, fresh at each scrape (a queue that emptied is gone)', async () => {
    const m = promMetrics({ processMetrics: false });
    const before = await m.render();
    assert.match(before.body, /^carstrel_tenants 0$/m);
    assert.doesNotMatch(before.body, /^carstrel_lead_queue_depth\{/m);
    let reads = 0;
    let queues = [
      { tenant: 'd1', depth: 3, oldestAgeSeconds: 42 },
      { tenant: 'd2', depth: 1, oldestAgeSeconds: 7 },
    ];
    m.gauges(() => {
      reads++;
      return { tenants: 2, queues: queues.values() };
    });
    const first = (await m.render()).body;
    assert.equal(reads, 1);
    assert.match(first, /^carstrel_tenants 2$/m);
    assert.match(first, /^carstrel_lead_queue_depth\{tenant="d1"\} 3$/m);
    assert.match(first, /^carstrel_lead_queue_depth\{tenant="d2"\} 1$/m);
    assert.match(first, /^carstrel_lead_oldest_age_seconds\{tenant="d1"\} 42$/m);
    assert.match(first, /^carstrel_lead_oldest_age_seconds\{tenant="d2"\} 7$/m);
    queues = [{ tenant: 'd1', depth: 1, oldestAgeSeconds: 5 }];
    const second = (await m.render()).body;
    assert.equal(reads, 2);
    assert.match(second, /^carstrel_lead_queue_depth\{tenant="d1"\} 1$/m);
    assert.doesNotMatch(second, /tenant="d2"/);
    assert.match(second, /^carstrel_lead_oldest_age_seconds\{tenant="d1"\} 5$/m);
  });
});
