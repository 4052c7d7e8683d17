/** Fuzz: arbitrary methods, paths, queries, headers and bodies never crash the sandbox or get a 5xx. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { catalog } from '../../../proxy/sandbox/data/catalog.js';
import { createSandbox } from '../../../proxy/sandbox/index.js';
import { componentErrors, contract, withSandbox } from './helpers.js';

const templates = Object.keys(contract.paths);
const FIELDS = [
  'page',
  'limit',
  'sort',
  'order',
  'brandId',
  'modelId',
  'bodyTypeId',
  'minYear',
  'maxYear',
  'minPrice',
  'maxPrice',
  'listingType',
  'search',
  'segment',
  'sortBy',
  'sortOrder',
  'dealer',
  'key',
];
const BODY_FIELDS = [
  'email',
  'password',
  'firstName',
  'lastName',
  'phone',
  'name',
  'message',
  'subject',
  'vehicleId',
  'preferredDate',
  'notes',
  'tags',
  'preferences',
  'isVip',
  'latencyMs',
  'errorRate',
];

const segment = fc.oneof(
  fc.constantFrom(
    catalog.brands[0].id,
    catalog.models[3].id,
    '00000000-0000-4000-8000-000000000000',
    '..',
    '%2e%2e',
    '%00',
    'stats',
    'summary',
    '',
  ),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);
const path = fc.oneof(
  fc.tuple(fc.constantFrom(...templates), fc.array(segment, { minLength: 3, maxLength: 3 })).map(([t, segs]) => {
    let i = 0;
    return t.replace(/\{[^}]+\}/g, () => segs[i++]);
  }),
  fc.webPath(),
  fc.array(segment, { maxLength: 5 }).map((s) => `/external/${s.join('/')}`),
);
const query = fc.dictionary(
  fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 6 })),
  fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.integer().map(String),
    fc.constantFrom('asc', 'DESC', 'sale', '1e309', 'NaN', '-0'),
  ),
  { maxKeys: 4 },
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 40 }),
  fc
    .dictionary(fc.constantFrom(...BODY_FIELDS), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 })
    .map((o) => JSON.stringify(o)),
);
const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'),
  path,
  query,
  body,
  key: fc.constantFrom(
    'sk_test_sandbox',
    'sk_test_sandbox2',
    'sk_live_sandbox',
    'sk_test_sandbox_public',
    undefined,
    'sk_test_x',
  ),
  contentType: fc.constantFrom('application/json', 'text/plain', undefined, 'application/json; charset=utf-8'),
  authorization: fc.constantFrom(undefined, 'Bearer x.y.z', 'Bearer', 'Basic abc'),
});

type Fuzzed = typeof request extends fc.Arbitrary<infer T> ? T : never;

function toRequest(r: Fuzzed): Request {
  const url = new URL(`http://sandbox.test${r.path.startsWith('/') ? r.path : `/${r.path}`}`);
  for (const [k, v] of Object.entries(r.query)) url.searchParams.append(k, v);
  const headers: Record<string, string> = {};
  if (r.key) headers['x-api-key'] = r.key;
  if (r.contentType) headers['content-type'] = r.contentType;
  if (r.authorization) headers.authorization = r.authorization;
  const hasBody = r.body !== undefined && r.method !== 'GET' && r.method !== 'HEAD';
  return new Request(url, { method: r.method, headers, body: hasBody ? r.body : undefined });
}

describe('fuzz', () => {
  it('no input crashes the handler or gets a 5xx; every refusal is the error envelope', async () => {
    const sandbox = createSandbox();
    const result = await fc.check(
      fc.asyncProperty(request, async (r) => {
        const res = await sandbox.fetch(toRequest(r));
        const faulted = r.path.startsWith('/_sandbox/faults') && res.status === 200 && r.method === 'POST';
        if (faulted) sandbox.reset(); // the fuzzer may have switched a fault on; that 5xx would be requested
        assert.ok(res.status < 500, `${r.method} ${r.path} → ${res.status} ${await res.clone().text()}`);
        if (res.status >= 400 && r.method !== 'HEAD') {
          const text = await res.text();
          assert.equal(componentErrors('ErrorEnvelope', JSON.parse(text)), '', text);
        }
      }),
      // A generous budget that only a hung handler exhausts: an interrupted run is a failure,
      // never a pass on whatever ran before the interruption.
      { numRuns: 1000, interruptAfterTimeLimit: 120_000, seed: 20261128 },
    );
    assert.equal(result.failed, false, fc.defaultReportMessage(result) ?? '');
    assert.equal(result.interrupted, false, `interrupted after ${result.numRuns} of 1000 runs`);
    assert.equal(result.numRuns, 1000, 'every generated request ran');
  });

  it('the HTTP server survives arbitrary raw paths and bodies', async () => {
    const sb = await withSandbox();
    try {
      const result = await fc.check(
        fc.asyncProperty(request, async (r) => {
          const req = toRequest(r);
          const res = await fetch(sb.url + new URL(req.url).pathname + new URL(req.url).search, {
            method: req.method,
            headers: req.headers,
            body: req.body ? await req.text() : undefined,
          });
          await res.arrayBuffer();
          if (res.status >= 500) {
            const faults = await (await fetch(`${sb.url}/_sandbox/faults`)).json();
            assert.deepEqual(
              faults,
              { latencyMs: 0, down: false, errorRate: 0 },
              `${r.method} ${r.path} → ${res.status}`,
            );
          }
          await fetch(`${sb.url}/_sandbox/reset`, { method: 'POST' }).then((x) => x.arrayBuffer());
        }),
        { numRuns: 120, interruptAfterTimeLimit: 60_000, seed: 7 },
      );
      assert.equal(result.failed, false, fc.defaultReportMessage(result) ?? '');
      assert.equal(result.interrupted, false, `interrupted after ${result.numRuns} of 120 runs`);
      assert.equal(result.numRuns, 120, 'every generated request ran');
      assert.equal((await fetch(`${sb.url}/_sandbox/journal`)).status, 200, 'still answering');
    } finally {
      await sb.close();
    }
  });
});
