/**
 * The typed client (proxy/client) against the sandbox: every one of the 31 operations (a table,
 * each answer validated against the contract), its errors, and the retries of leads with one
 * Idempotency-Key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CarstrelApiError,
  CarstrelNetworkError,
  createCarstrelClient,
  OPERATIONS,
  type CarstrelClient,
  type OperationName,
} from '../../../proxy/client/index.js';
import { reasonPhrase } from '../../../proxy/lib/errors.js';
import { contractErrors, KEY, operations, withSandbox, type SandboxHandle } from '../sandbox/helpers.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

interface Ids {
  brand: string;
  model: string;
  bodyType: string;
  engine: string;
  generation: string;
  trim: string;
  vehicle: string;
  customer: string;
  token: string;
}

/** Each operation: how to call it, the status its answer documents. */
const TABLE: Record<OperationName, { call: (c: CarstrelClient, ids: Ids) => Promise<unknown>; status: number }> = {
  listBrands: { call: (c) => c.listBrands({ limit: 5 }), status: 200 },
  getBrand: { call: (c, ids) => c.getBrand(ids.brand), status: 200 },
  listBrandModels: { call: (c, ids) => c.listBrandModels(ids.brand), status: 200 },
  listModels: { call: (c, ids) => c.listModels({ brandId: ids.brand, limit: 3 }), status: 200 },
  getModel: { call: (c, ids) => c.getModel(ids.model), status: 200 },
  listBodyTypes: { call: (c) => c.listBodyTypes(), status: 200 },
  getBodyType: { call: (c, ids) => c.getBodyType(ids.bodyType), status: 200 },
  listEngines: { call: (c) => c.listEngines(), status: 200 },
  getEngine: { call: (c, ids) => c.getEngine(ids.engine), status: 200 },
  listEngineTypes: { call: (c) => c.listEngineTypes(), status: 200 },
  listTransmissionTypes: { call: (c) => c.listTransmissionTypes(), status: 200 },
  listDrivetrainTypes: { call: (c) => c.listDrivetrainTypes(), status: 200 },
  listGenerations: { call: (c) => c.listGenerations({ limit: 2 }), status: 200 },
  getGeneration: { call: (c, ids) => c.getGeneration(ids.generation), status: 200 },
  listTrims: { call: (c) => c.listTrims({ limit: 2 }), status: 200 },
  getTrim: { call: (c, ids) => c.getTrim(ids.trim), status: 200 },
  listVehicles: {
    call: (c) => c.listVehicles({ listingType: 'sale', sort: 'price', order: 'asc', limit: 3 }),
    status: 200,
  },
  getVehicleStats: { call: (c) => c.getVehicleStats(), status: 200 },
  getVehicle: { call: (c, ids) => c.getVehicle(ids.vehicle), status: 200 },
  register: {
    call: (c) =>
      c.register({
        email: 'table.register@example.com',
        password: 'long-enough-1',
        firstName: 'Ada',
        lastName: 'Table',
      }),
    status: 201,
  },
  login: { call: (c) => c.login({ email: 'jane.doe@example.com', password: 'password123' }), status: 200 },
  me: { call: (c, ids) => c.me({ token: ids.token }), status: 200 },
  listCustomers: { call: (c) => c.listCustomers({ segment: 'vip', sortBy: 'totalSpent', limit: 5 }), status: 200 },
  getCustomerStats: { call: (c) => c.getCustomerStats(), status: 200 },
  getCustomer: { call: (c, ids) => c.getCustomer(ids.customer), status: 200 },
  updateCustomer: {
    call: (c, ids) => c.updateCustomer(ids.customer, { notes: 'Called back', tags: ['table'] }),
    status: 200,
  },
  subscribeNewsletter: { call: (c) => c.subscribeNewsletter({ email: 'table.news@example.com' }), status: 200 },
  unsubscribeNewsletter: { call: (c) => c.unsubscribeNewsletter({ email: 'table.news@example.com' }), status: 200 },
  listBlogs: { call: (c) => c.listBlogs({ limit: 2 }), status: 200 },
  submitContact: {
    call: (c) => c.submitContact({ name: 'Ada Table', email: 'ada@example.com', message: 'Is it still there?' }),
    status: 201,
  },
  createTestDrive: {
    call: (c, ids) =>
      c.createTestDrive({
        vehicleId: ids.vehicle,
        name: 'Ada Table',
        email: 'ada@example.com',
        preferredDate: tomorrow(),
      }),
    status: 201,
  },
};

/** A `fetch` that sends to the sandbox, with a hook before (and after) each attempt. */
function scripted(script: (n: number, req: Request) => 'send' | 'throw' | 'lose' | Response) {
  const seen: Request[] = [];
  const fetchFn = async (req: Request): Promise<Response> => {
    seen.push(req.clone());
    const step = script(seen.length, req);
    if (step === 'throw') throw new TypeError('fetch failed');
    // Not `instanceof Response`: @hono/node-server replaces the global Response class.
    if (typeof step === 'object') return step;
    const res = await fetch(req);
    if (step === 'lose') {
      await res.arrayBuffer();
      throw new TypeError('fetch failed (socket closed after the request was sent)');
    }
    return res;
  };
  return { fetchFn, seen };
}

describe('typed client (proxy/client)', () => {
  let sb: SandboxHandle;
  let client: CarstrelClient;
  let ids: Ids;

  before(async () => {
    sb = await withSandbox();
    client = createCarstrelClient({ baseUrl: sb.url, apiKey: KEY });
    const first = async <T>(p: Promise<{ data: T[] }>) => (await p).data[0];
    const brand = await first(client.listBrands({ limit: 1 }));
    const model = await first(client.listModels({ brandId: brand.id, limit: 1 }));
    const vehicle = await first(client.listVehicles({ listingType: 'sale', limit: 1 }));
    const login = await client.login({ email: 'jane.doe@example.com', password: 'password123' });
    ids = {
      brand: brand.id,
      model: model.id,
      bodyType: (await first(client.listBodyTypes())).id,
      engine: (await first(client.listEngines())).id,
      generation: (await first(client.listGenerations({ limit: 1 }))).id,
      trim: (await first(client.listTrims({ limit: 1 }))).id,
      vehicle: vehicle.id,
      customer: (await first(client.listCustomers({ limit: 1 }))).id,
      token: login.data?.access_token ?? '',
    };
  });
  after(() => sb.close());

  it('has one method per operation of the contract (31), with its method and path', () => {
    const contractOps = operations.filter((o) => !o.op['x-sandbox-only']);
    assert.equal(contractOps.length, 31);
    assert.deepEqual(Object.keys(OPERATIONS).sort(), contractOps.map((o) => o.op.operationId).sort());
    for (const { op, method, path } of contractOps) {
      const spec = OPERATIONS[op.operationId as OperationName];
      assert.deepEqual([spec.method, spec.path], [method, path], op.operationId);
    }
    assert.deepEqual(Object.keys(TABLE).sort(), Object.keys(OPERATIONS).sort());
  });

  for (const [name, row] of Object.entries(TABLE) as Array<[OperationName, (typeof TABLE)[OperationName]]>) {
    it(`${name}: answers what the contract documents`, async () => {
      const body = await row.call(client, ids);
      assert.equal(contractErrors(name, row.status, body), '', `${name}: ${JSON.stringify(body).slice(0, 300)}`);
    });
  }

  it('an error answer throws CarstrelApiError with the envelope and status', async () => {
    const err = await client.getVehicle(UNKNOWN_ID).then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof CarstrelApiError);
    assert.equal(err.status, 404);
    assert.equal(err.statusCode, 404);
    assert.equal(err.error, 'Not Found');
    assert.match(err.message, /getVehicle failed with 404/);
    assert.ok(!Number.isNaN(Date.parse(err.timestamp)));
    assert.equal(contractErrors('getVehicle', 404, err.envelope), '');

    const invalid = await client.listVehicles({ limit: 1000 }).catch((e: unknown) => e);
    assert.ok(invalid instanceof CarstrelApiError && invalid.status === 400 && /limit/.test(invalid.message));
    const noToken = await client.me({ token: 'not-a-jwt' }).catch((e: unknown) => e);
    assert.ok(noToken instanceof CarstrelApiError && noToken.status === 401);
  });

  it('a wrong key is a 401 whose message, fields and stack never carry the key', async () => {
    const secret = 'sk_test_wrongkey123';
    const wrong = createCarstrelClient({ baseUrl: sb.url, apiKey: secret });
    const err = await wrong.listBrands().catch((e: unknown) => e);
    assert.ok(err instanceof CarstrelApiError);
    assert.equal(err.status, 401);
    assert.ok(!JSON.stringify({ ...err, message: err.message, stack: err.stack }).includes(secret));

    const echo = scripted(() =>
      Response.json({ statusCode: 400, message: `bad key ${KEY}`, error: 'Bad Request' }, { status: 400 }),
    );
    const echoed = await createCarstrelClient({ baseUrl: sb.url, apiKey: KEY, fetch: echo.fetchFn })
      .listBrands()
      .catch((e: unknown) => e);
    assert.ok(echoed instanceof CarstrelApiError);
    assert.equal(echoed.message.includes(KEY), false);
    assert.match(echoed.message, /bad key \[redacted\]/);
  });

  it('an answer without an envelope still throws one, and a redirect is not followed', async () => {
    const html = scripted(() => new Response('<h1>Bad gateway</h1>', { status: 502 }));
    const err = await createCarstrelClient({ baseUrl: sb.url, apiKey: KEY, fetch: html.fetchFn })
      .listBrands()
      .catch((e: unknown) => e);
    assert.ok(err instanceof CarstrelApiError);
    assert.deepEqual([err.status, err.statusCode, err.error], [502, 502, 'Bad Gateway']);

    const moved = scripted(() => new Response(null, { status: 302, headers: { location: 'https://evil.example/' } }));
    const redirect = await createCarstrelClient({ baseUrl: sb.url, apiKey: KEY, fetch: moved.fetchFn })
      .listBrands()
      .catch((e: unknown) => e);
    assert.ok(redirect instanceof CarstrelNetworkError && redirect.kind === 'redirect');
    assert.equal(moved.seen.length, 1);
  });

  it('an answer without an envelope is named by the status’s reason phrase (the proxy’s own table), else "HTTP <status>"', async () => {
    for (const [status, error] of [
      [431, 'Request Header Fields Too Large'],
      [404, 'Not Found'],
      [418, 'HTTP 418'],
    ] as const) {
      const plain = scripted(() => new Response('no envelope here', { status }));
      const err = await createCarstrelClient({ baseUrl: sb.url, apiKey: KEY, fetch: plain.fetchFn })
        .listBrands()
        .catch((e: unknown) => e);
      assert.ok(err instanceof CarstrelApiError, String(status));
      assert.deepEqual([err.status, err.error], [status, error]);
      assert.equal(err.error, reasonPhrase(status, `HTTP ${status}`), 'the refusals’ table (proxy/lib/errors.ts)');
    }
  });

  it('a lead is retried after network errors, 5xx, 429 and 408 with one Idempotency-Key, and recorded once', async () => {
    const steps: Array<'throw' | 'lose' | Response> = [
      'throw',
      new Response('{}', { status: 503 }),
      'lose',
      new Response('{}', { status: 429, headers: { 'retry-after': '0' } }),
      new Response('{}', { status: 408 }),
    ];
    const s = scripted((n) => steps[n - 1] ?? 'send');
    const c = createCarstrelClient({ baseUrl: sb.url, apiKey: KEY, fetch: s.fetchFn, retries: 5, backoffMs: 1 });
    const message = `retry-${Date.now()}`;
    const res = await c.submitContact({ name: 'Retry Me', email: 'retry@example.com', message });
    assert.equal(res.statusCode, 201);
    assert.equal(s.seen.length, 6);
    const keys = new Set(s.seen.map((r) => r.headers.get('idempotency-key')));
    assert.equal(keys.size, 1);
    assert.match([...keys][0] ?? '', /^[0-9a-f-]{36}$/);
    // The third attempt reached the sandbox (its answer was lost): the last one is a replay.
    const journal = (await sb.call('GET', '/_sandbox/journal', { key: null })).body as {
      contacts: Array<{ message: string }>;
    };
    assert.equal(journal.contacts.filter((x) => x.message === message).length, 1);
  });

  it('a caller-given Idempotency-Key is sent as is; retries stop after `retries` and throw the last answer', async () => {
    const s = scripted(() =>
      Response.json({ statusCode: 503, message: 'down', error: 'Service Unavailable' }, { status: 503 }),
    );
    const c = createCarstrelClient({ baseUrl: sb.url, apiKey: KEY, fetch: s.fetchFn, retries: 2, backoffMs: 1 });
    const err = await c
      .subscribeNewsletter({ email: 'x@example.com' }, { idempotencyKey: 'lead-42' })
      .catch((e: unknown) => e);
    assert.ok(err instanceof CarstrelApiError && err.status === 503);
    assert.equal(s.seen.length, 3);
    assert.deepEqual(
      s.seen.map((r) => r.headers.get('idempotency-key')),
      ['lead-42', 'lead-42', 'lead-42'],
    );
  });

  it('reads and logins are not retried, and a 4xx lead is not retried', async () => {
    const down = scripted(() => new Response('{}', { status: 503 }));
    const c = createCarstrelClient({ baseUrl: sb.url, apiKey: KEY, fetch: down.fetchFn, backoffMs: 1 });
    await assert.rejects(c.getVehicle(ids.vehicle), CarstrelApiError);
    await assert.rejects(c.login({ email: 'a@example.com', password: 'x' }), CarstrelApiError);
    assert.equal(down.seen.length, 2);
    assert.equal(down.seen[0].headers.get('idempotency-key'), null);

    const real = scripted(() => 'send');
    const c2 = createCarstrelClient({ baseUrl: sb.url, apiKey: KEY, fetch: real.fetchFn, backoffMs: 1 });
    const err = await c2
      .createTestDrive({ vehicleId: UNKNOWN_ID, name: 'A', email: 'a@example.com' })
      .catch((e: unknown) => e);
    assert.ok(err instanceof CarstrelApiError && err.status === 404);
    assert.equal(real.seen.length, 1);
  });

  it('a network failure of a read throws CarstrelNetworkError; a deadline gives kind "timeout"', async () => {
    const gone = createCarstrelClient({ baseUrl: 'http://127.0.0.1:9', apiKey: KEY });
    const err = await gone.listBrands().catch((e: unknown) => e);
    assert.ok(err instanceof CarstrelNetworkError && err.kind === 'unreachable');
    assert.ok(!err.message.includes(KEY));

    const slow = createCarstrelClient({
      baseUrl: sb.url,
      apiKey: KEY,
      timeoutMs: 50,
      fetch: (req) =>
        new Promise((_, reject) =>
          req.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        ),
    });
    const late = await slow.listBrands().catch((e: unknown) => e);
    assert.ok(late instanceof CarstrelNetworkError && late.kind === 'timeout');
  });

  it('refuses a bad configuration with a message that says what to fix', () => {
    assert.throws(() => createCarstrelClient({ baseUrl: 'api.carstrel.com', apiKey: KEY }), /absolute http\(s\) URL/);
    assert.throws(() => createCarstrelClient({ baseUrl: 'ftp://x', apiKey: KEY }), /http\(s\)/);
    assert.throws(() => createCarstrelClient({ baseUrl: sb.url, apiKey: '' }), /apiKey is required/);
  });

  it('its entry refuses to load where a page exists (window/document)', async () => {
    const g = globalThis as { window?: unknown };
    g.window = {};
    try {
      await assert.rejects(import(`../../../proxy/client/index.js?browser=${Date.now()}`), /server-only/);
    } finally {
      delete g.window;
    }
  });
});
