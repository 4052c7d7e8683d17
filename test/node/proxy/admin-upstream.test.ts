/**
 * The console's CarStrel calls (proxy/admin/upstream.ts, through the typed client) against a fake
 * upstream: the dealer's key goes out and never comes back, every answer is noted for the lead
 * outbox, and each failure becomes the console's refusal (CarStrel's 401/403 is not the console's
 * own: 502; an outage 502/504; a 404 stays a 404 with CarStrel's message).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consoleUpstream } from '../../../proxy/admin/upstream.js';
import type { ProxyServices } from '../../../proxy/context.js';
import { loadConfig } from '../../../proxy/lib/config.js';
import { Refusal } from '../../../proxy/lib/errors.js';
import { UpstreamError, type UpstreamRequest, type UpstreamResponse } from '../../../proxy/lib/upstream.js';

const KEY = 'sk_test_console0123456789';
const json = (status: number, body: unknown): UpstreamResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: new TextEncoder().encode(JSON.stringify(body)),
});

function harness(answer: (req: UpstreamRequest) => UpstreamResponse | Promise<UpstreamResponse>) {
  const seen: UpstreamRequest[] = [];
  const noted: number[] = [];
  const services = {
    upstream: {
      request: async (req: UpstreamRequest) => {
        seen.push(req);
        return answer(req);
      },
      close: async () => {},
    },
    leads: { noteUpstream: (status: number) => noted.push(status) },
  } as unknown as ProxyServices;
  const config = loadConfig({ CARSTREL_API_KEY: KEY, CARSTREL_API_URL: 'http://127.0.0.1:9' });
  return { api: consoleUpstream(config, services), seen, noted };
}

const refusedWith = (status: number, message?: RegExp) => (err: unknown) => {
  assert.ok(err instanceof Refusal, `a Refusal, got ${String(err)}`);
  assert.equal(err.status, status);
  if (message) assert.match(err.message, message);
  assert.ok(!err.message.includes(KEY), 'no key in the message');
  return true;
};

describe('the console upstream (typed client)', () => {
  it('sends the key, the query and the id; answers the data with any echo of the key redacted; notes the answer', async () => {
    const { api, seen, noted } = harness((req) =>
      req.path.startsWith('/external/customers?')
        ? json(200, {
            statusCode: 200,
            data: [{ id: 'c1', notes: `echo ${KEY}` }],
            total: 1,
            page: 1,
            limit: 5,
            totalPages: 1,
          })
        : json(200, { statusCode: 200, data: { id: 'c/1' } }),
    );
    const page = await api.customers({ search: 'jane', limit: 5, segment: '' } as never);
    assert.equal(page.total, 1);
    assert.ok(!JSON.stringify(page).includes(KEY));
    assert.match(JSON.stringify(page), /\[redacted\]/);
    await api.customer('c/1');
    const [list, one] = seen;
    assert.match(list.path, /^\/external\/customers\?/);
    assert.equal(new URLSearchParams(list.path.split('?')[1]).get('search'), 'jane');
    assert.equal(new URLSearchParams(list.path.split('?')[1]).has('segment'), false, 'empty values are not sent');
    assert.equal(one.path, '/external/customers/c%2F1');
    assert.equal(list.headers['x-api-key'], KEY);
    assert.deepEqual(noted, [200, 200]);
  });

  it('CarStrel 401/403 → 502 (not the console session), 404 → 404 with its message, 5xx → 502', async () => {
    const status = { n: 401 };
    const { api, noted } = harness(() =>
      json(status.n, { statusCode: status.n, message: `Customer not found (${KEY})`, error: 'x', timestamp: 't' }),
    );
    await assert.rejects(api.customerStats(), refusedWith(502));
    status.n = 403;
    await assert.rejects(api.vehicleStats(), refusedWith(502));
    status.n = 404;
    await assert.rejects(api.customer('nope'), refusedWith(404, /Customer not found/));
    status.n = 503;
    await assert.rejects(api.customerStats(), refusedWith(502));
    assert.deepEqual(noted, [401, 403, 404, 503]);
  });

  it('CarStrel unreachable → 502, a PATCH body sent as JSON', async () => {
    const { api, seen } = harness(() => {
      throw new UpstreamError('unreachable');
    });
    await assert.rejects(api.patchCustomer('c1', { isVip: true }), refusedWith(502));
    assert.equal(seen[0].method, 'PATCH');
    assert.deepEqual(JSON.parse(new TextDecoder().decode(seen[0].body)), { isVip: true });
  });
});
