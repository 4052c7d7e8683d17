/**
 * Conformance: every operation driven through HTTP, every documented status provoked, and every
 * answer (success and error) validated against the contract with ajv (JSON Schema 2020-12).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { catalog } from '../../../proxy/sandbox/data/catalog.js';
import { DEALER_ONE } from '../../../proxy/sandbox/data/dealers.js';
import { seedInventory } from '../../../proxy/sandbox/data/inventory.js';
import { DEMO_LOGIN } from '../../../proxy/sandbox/data/people.js';
import { contractErrors, operations, withSandbox, type Called, type SandboxHandle } from './helpers.js';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const SOLD = seedInventory(DEALER_ONE).find((v) => v.status === 'sold')!.id;
const EXTRA = 'sk_test_only_engagement:dealer-one:engagement,sk_test_only_metadata:dealer-one:metadata:read';

interface Req {
  method: string;
  path: string;
  body?: unknown;
  rawBody?: string;
  key?: string | null;
  headers?: Record<string, string>;
}
type Spec = { ok: (s: Ctx) => Req; bad?: (s: Ctx) => Req; notFound?: (s: Ctx) => Req; conflict?: (s: Ctx) => Req };
interface Ctx {
  vehicleId: string;
  customerId: string;
  token: string;
  n: () => number;
}

const get = (path: string): Req => ({ method: 'GET', path });
const byId = (base: string, id: string, suffix = '') => ({
  ok: () => get(`${base}/${id}${suffix}`),
  bad: () => get(`${base}/not-a-uuid${suffix}`),
  notFound: () => get(`${base}/${UNKNOWN}${suffix}`),
});
const paged = (path: string): Spec => ({ ok: () => get(`${path}?page=1&limit=5`), bad: () => get(`${path}?page=0`) });
const post = (path: string, body: unknown): Req => ({ method: 'POST', path, body });

const SPECS: Record<string, Spec> = {
  listBrands: paged('/external/brands'),
  getBrand: byId('/external/brands', catalog.brands[0].id),
  listBrandModels: byId('/external/brands', catalog.brands[0].id, '/models'),
  listModels: {
    ok: () => get(`/external/models?brandId=${catalog.brands[1].id}`),
    bad: () => get('/external/models?brandId=toyota'),
  },
  getModel: byId('/external/models', catalog.models[0].id),
  listBodyTypes: { ok: () => get('/external/body-types') },
  getBodyType: byId('/external/body-types', catalog.bodyTypes[0].id),
  listEngines: { ok: () => get('/external/engines') },
  getEngine: byId('/external/engines', catalog.engines[0].id),
  listEngineTypes: { ok: () => get('/external/engine-types') },
  listTransmissionTypes: { ok: () => get('/external/transmission-types') },
  listDrivetrainTypes: { ok: () => get('/external/drivetrain-types') },
  listGenerations: paged('/external/generations'),
  getGeneration: byId('/external/generations', catalog.generations[0].id),
  listTrims: paged('/external/trims'),
  getTrim: byId('/external/trims', catalog.trims[0].id),
  listVehicles: {
    ok: () => get('/external/vehicles?listingType=auction&sort=price&order=asc&limit=3'),
    bad: () => get('/external/vehicles?limit=101'),
  },
  getVehicleStats: { ok: () => get('/external/vehicles/stats/summary') },
  getVehicle: {
    ok: (c) => get(`/external/vehicles/${c.vehicleId}`),
    bad: () => get('/external/vehicles/not_an_id'),
    notFound: () => get(`/external/vehicles/${UNKNOWN}`),
  },
  register: {
    ok: (c) =>
      post('/external/auth/register', {
        email: `new${c.n()}@example.com`,
        password: 'password123',
        firstName: 'New',
        lastName: 'Person',
        phone: { mobile: '+1 555 0100' },
      }),
    bad: () =>
      post('/external/auth/register', { email: 'x@example.com', password: 'short', firstName: 'A', lastName: 'B' }),
    conflict: () =>
      post('/external/auth/register', {
        email: DEMO_LOGIN.email,
        password: 'not-her-password',
        firstName: 'J',
        lastName: 'D',
      }),
  },
  login: {
    ok: () => post('/external/auth/login', DEMO_LOGIN),
    bad: () => post('/external/auth/login', { email: 'not-an-email' }),
  },
  me: { ok: (c) => ({ ...get('/external/auth/me'), headers: { authorization: `Bearer ${c.token}` } }) },
  listCustomers: {
    ok: () => get('/external/customers?segment=regular&sortBy=leadScore&sortOrder=ASC'),
    bad: () => get('/external/customers?segment=gold'),
  },
  getCustomerStats: { ok: () => get('/external/customers/stats/summary') },
  getCustomer: {
    ok: (c) => get(`/external/customers/${c.customerId}`),
    bad: () => get('/external/customers/nope'),
    notFound: () => get(`/external/customers/${UNKNOWN}`),
  },
  updateCustomer: {
    ok: (c) => ({
      method: 'PATCH',
      path: `/external/customers/${c.customerId}`,
      body: { notes: 'Call back Friday', tags: ['vip'], isVip: true },
    }),
    bad: (c) => ({ method: 'PATCH', path: `/external/customers/${c.customerId}`, body: { isVip: 'yes' } }),
    notFound: () => ({ method: 'PATCH', path: `/external/customers/${UNKNOWN}`, body: { notes: 'x' } }),
  },
  subscribeNewsletter: {
    ok: () => post('/external/newsletter/subscribe', { email: 'fan@example.com' }),
    bad: () => post('/external/newsletter/subscribe', {}),
  },
  unsubscribeNewsletter: {
    ok: () => post('/external/newsletter/unsubscribe', { email: 'fan@example.com' }),
    bad: () => post('/external/newsletter/unsubscribe', { email: 42 }),
  },
  listBlogs: paged('/external/blogs'),
  submitContact: {
    ok: () => post('/external/contact/submit', { name: 'Ann', email: 'ann@example.com', message: 'Is it available?' }),
    bad: () => post('/external/contact/submit', { name: 'Ann', email: 'ann@example.com' }),
  },
  createTestDrive: {
    ok: (c) =>
      post('/external/test-drives', {
        vehicleId: c.vehicleId,
        name: 'Ann',
        email: 'ann@example.com',
        preferredDate: '2031-05-01',
      }),
    bad: () => post('/external/test-drives', { vehicleId: 'abc', name: 'Ann', email: 'ann@example.com' }),
    notFound: () => post('/external/test-drives', { vehicleId: UNKNOWN, name: 'Ann', email: 'ann@example.com' }),
    conflict: () => post('/external/test-drives', { vehicleId: SOLD, name: 'Ann', email: 'ann@example.com' }),
  },
};

const external = operations.filter((o) => o.path.startsWith('/external/'));
const seen = new Map<string, Set<number>>();

function record(operationId: string, expected: number, res: Called): void {
  assert.equal(
    res.status,
    expected,
    `${operationId}: expected ${expected}, got ${res.status} ${res.text.slice(0, 200)}`,
  );
  assert.equal(
    contractErrors(operationId, res.status, res.body),
    '',
    `${operationId} ${res.status} violates the contract`,
  );
  if (!seen.has(operationId)) seen.set(operationId, new Set());
  seen.get(operationId)!.add(res.status);
}

describe('conformance: every operation, every documented status, validated against the contract', () => {
  let sb: SandboxHandle;
  let ctx: Ctx;
  let counter = 0;
  const send = (r: Req, key?: string | null) =>
    sb.call(r.method, r.path, {
      key: key === undefined ? r.key : key,
      body: r.body,
      rawBody: r.rawBody,
      headers: r.headers,
    });

  before(async () => {
    sb = await withSandbox({ extraKeys: EXTRA });
    const vehicles = await sb.call('GET', '/external/vehicles?limit=1');
    const customers = await sb.call('GET', '/external/customers?limit=1');
    const login = await sb.call('POST', '/external/auth/login', { body: DEMO_LOGIN });
    ctx = {
      vehicleId: vehicles.body.data[0].id,
      customerId: customers.body.data[0].id,
      token: login.body.data.access_token,
      n: () => ++counter,
    };
  });
  after(() => sb.close());

  it('has a request spec for every external operation', () => {
    assert.deepEqual(
      external.map((o) => o.op.operationId).filter((id) => !SPECS[id]),
      [],
    );
  });

  it('answers each success status in the contract shape', async () => {
    for (const { op } of external) {
      const status = Number(Object.keys(op.responses).find((s) => s.startsWith('2')));
      record(op.operationId, status, await send(SPECS[op.operationId].ok(ctx)));
    }
  });

  it('answers 400 / 404 / 409 with the error envelope', async () => {
    for (const { op } of external) {
      const spec = SPECS[op.operationId];
      for (const [status, make] of [
        [400, spec.bad],
        [404, spec.notFound],
        [409, spec.conflict],
      ] as const) {
        if (op.responses[String(status)]) {
          assert.ok(make, `${op.operationId} documents ${status}: add a request that provokes it`);
          record(op.operationId, status, await send(make(ctx)));
        }
      }
    }
  });

  it('answers 401 without a key (and me without a bearer token)', async () => {
    for (const { op } of external) record(op.operationId, 401, await send(SPECS[op.operationId].ok(ctx), null));
    record('me', 401, await sb.call('GET', '/external/auth/me'));
  });

  it('answers 403 to a key lacking the scope', async () => {
    for (const { op } of external) {
      const key = op['x-scope'] === 'engagement' ? 'sk_test_only_metadata' : 'sk_test_only_engagement';
      record(op.operationId, 403, await send(SPECS[op.operationId].ok(ctx), key));
    }
  });

  it('answers 413 to an oversized body and 415 to a non-JSON body', async () => {
    for (const { op, method, path } of external.filter((o) => o.op.requestBody)) {
      const target = path.replace('{id}', ctx.customerId);
      record(
        op.operationId,
        413,
        await sb.call(method, target, {
          rawBody: JSON.stringify({ notes: 'x'.repeat(70_000) }),
          headers: { 'content-type': 'application/json' },
        }),
      );
      record(
        op.operationId,
        415,
        await sb.call(method, target, {
          rawBody: 'email=a@b.co',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      );
    }
  });

  it('answers 500 under errorRate 1 and 503 under down', async () => {
    for (const [fault, status] of [
      [{ errorRate: 1 }, 500],
      [{ down: true, errorRate: 0 }, 503],
    ] as const) {
      assert.equal((await sb.call('POST', '/_sandbox/faults', { key: null, body: fault })).status, 200);
      for (const { op } of external) record(op.operationId, status, await send(SPECS[op.operationId].ok(ctx)));
    }
    await sb.call('POST', '/_sandbox/reset', { key: null });
  });

  it('answers 429 once the rate limit is spent', async () => {
    const limited = await withSandbox({ rateLimitPerMinute: 1 });
    try {
      await limited.call('GET', '/external/engine-types');
      for (const { op } of external) {
        const r = SPECS[op.operationId].ok(ctx);
        const res = await limited.call(r.method, r.path, { body: r.body, headers: r.headers });
        record(op.operationId, 429, res);
        assert.ok(Number(res.headers.get('retry-after')) >= 1, 'Retry-After');
      }
    } finally {
      await limited.close();
    }
  });

  it('provoked every status each external operation documents', () => {
    const missing = external.flatMap(({ op }) =>
      Object.keys(op.responses)
        .filter((s) => !seen.get(op.operationId)?.has(Number(s)))
        .map((s) => `${op.operationId} ${s}`),
    );
    assert.deepEqual(missing, []);
  });

  it('sandbox-only routes answer in their contract shapes', async () => {
    const check = (id: string, res: Called, status: number) => {
      assert.equal(res.status, status, `${id} ${res.text.slice(0, 200)}`);
      assert.equal(contractErrors(id, status, res.body), '', id);
    };
    check('sandboxJournal', await sb.call('GET', '/_sandbox/journal', { key: null }), 200);
    check('sandboxJournal', await sb.call('GET', '/_sandbox/journal?dealer=nobody', { key: null }), 400);
    check('sandboxGetFaults', await sb.call('GET', '/_sandbox/faults', { key: null }), 200);
    check('sandboxSetFaults', await sb.call('POST', '/_sandbox/faults', { key: null, body: { latencyMs: 0 } }), 200);
    check('sandboxSetFaults', await sb.call('POST', '/_sandbox/faults', { key: null, body: { errorRate: 2 } }), 400);
    check(
      'sandboxSetFaults',
      await sb.call('POST', '/_sandbox/faults', {
        key: null,
        rawBody: 'down',
        headers: { 'content-type': 'text/plain' },
      }),
      415,
    );
    check('sandboxReset', await sb.call('POST', '/_sandbox/reset', { key: null }), 200);
    check('sandboxMedia', await sb.call('GET', '/media/brands/nope.svg', { key: null }), 404);
    const svg = await sb.call('GET', '/media/brands/toyota.svg', { key: null });
    assert.equal(svg.status, 200);
    assert.match(svg.headers.get('content-type')!, /^image\/svg\+xml/);
  });
});
