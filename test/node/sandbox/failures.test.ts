/** One test per failure mode: each refusal in the envelope, with the right status and a message that says what to fix. */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { componentErrors, withSandbox, type Called, type SandboxHandle } from './helpers.js';

function assertEnvelope(res: Called, status: number, message?: RegExp): void {
  assert.equal(res.status, status, res.text.slice(0, 300));
  assert.equal(componentErrors('ErrorEnvelope', res.body), '', res.text);
  assert.equal(res.body.statusCode, status);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  if (message) assert.match(res.body.message, message);
}

describe('failure modes', () => {
  let sb: SandboxHandle;
  before(async () => (sb = await withSandbox()));
  after(() => sb.close());

  it('missing API key → 401 with the reference body', async () => {
    const res = await sb.call('GET', '/external/brands', { key: null });
    assertEnvelope(res, 401);
    assert.equal(res.body.message, 'Unauthorized');
    assert.equal(res.body.error, 'Invalid or missing API key');
  });

  it('unknown API key → 401', async () => {
    assertEnvelope(await sb.call('GET', '/external/brands', { key: 'sk_test_nope' }), 401, /^Unauthorized$/);
  });

  it('key lacking a scope → 403 naming the scope', async () => {
    assertEnvelope(
      await sb.call('PATCH', '/external/customers/00000000-0000-4000-8000-000000000000', {
        key: 'sk_test_sandbox_public',
        body: { notes: 'x' },
      }),
      403,
      /customers:write/,
    );
  });

  it('unknown route → 404 "Unrecognized request URL (GET /x)"', async () => {
    assertEnvelope(await sb.call('GET', '/x', { key: null }), 404, /^Unrecognized request URL \(GET \/x\)/);
    assertEnvelope(
      await sb.call('POST', '/external/vehicles/a/b/c', { body: {} }),
      404,
      /^Unrecognized request URL \(POST \/external\/vehicles\/a\/b\/c\)/,
    );
  });

  it('unknown method on a known path → 405 with Allow', async () => {
    const res = await sb.call('DELETE', '/external/customers/00000000-0000-4000-8000-000000000000');
    assertEnvelope(res, 405, /DELETE is not supported .* Use GET or PATCH/);
    assert.equal(res.headers.get('allow'), 'GET, PATCH');
    assertEnvelope(await sb.call('PUT', '/_sandbox/reset', { key: null }), 405, /Use POST/);
  });

  it('malformed JSON → 400 saying the body is not valid JSON', async () => {
    assertEnvelope(
      await sb.call('POST', '/external/contact/submit', {
        rawBody: '{"name": "Ann",',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      /not valid JSON/,
    );
  });

  it('empty body → 400', async () => {
    assertEnvelope(
      await sb.call('POST', '/external/newsletter/subscribe', {
        rawBody: '',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      /body is empty/,
    );
  });

  it('JSON that is not an object → 400', async () => {
    assertEnvelope(
      await sb.call('POST', '/external/newsletter/subscribe', { body: ['a@b.co'] }),
      400,
      /must be a JSON object/,
    );
  });

  it('wrong type in a field → 400 naming the field', async () => {
    assertEnvelope(
      await sb.call('POST', '/external/contact/submit', { body: { name: 1, email: 'a@b.co', message: 'hi' } }),
      400,
      /^name must be a string/,
    );
  });

  it('missing required field → 400 "<field> is required"', async () => {
    assertEnvelope(
      await sb.call('POST', '/external/test-drives', { body: { name: 'Ann', email: 'a@b.co' } }),
      400,
      /^vehicleId is required/,
    );
  });

  it('bad query values → 400 naming the parameter', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/external/vehicles?limit=0', /^limit must be an integer between 1 and 100/],
      ['/external/vehicles?limit=abc', /^limit must be an integer/],
      ['/external/vehicles?page=-1', /^page must be an integer/],
      ['/external/vehicles?listingType=lease', /^listingType must be one of sale, rental, auction/],
      ['/external/vehicles?order=up', /^order must be one of asc, desc/],
      ['/external/vehicles?minYear=2023&maxYear=2020', /^minYear must not be greater than maxYear/],
      ['/external/vehicles?minPrice=9&maxPrice=1', /^minPrice must not be greater than maxPrice/],
      ['/external/vehicles?maxPrice=cheap', /^maxPrice must be a number/],
      ['/external/vehicles?brandId=toyota', /^brandId must be a UUID/],
      ['/external/vehicles?page=1&page=2', /^page must be given only once/],
      [
        '/external/customers?sortBy=name',
        /^sortBy must be one of createdDate, totalSpent, lastPurchaseDate, leadScore/,
      ],
      ['/external/brands?limit=500', /^limit must be an integer between 1 and 100/],
    ];
    for (const [path, message] of cases) assertEnvelope(await sb.call('GET', path), 400, message);
  });

  it('malformed path id → 400 naming id; unknown id → 404', async () => {
    assertEnvelope(await sb.call('GET', '/external/engines/abc'), 400, /^id must be a UUID/);
    assertEnvelope(
      await sb.call('GET', '/external/engines/00000000-0000-4000-8000-000000000000'),
      404,
      /No engine with id/,
    );
  });

  it('body over 64 KB → 413', async () => {
    assertEnvelope(
      await sb.call('POST', '/external/contact/submit', {
        body: { name: 'A', email: 'a@b.co', message: 'x'.repeat(70_000) },
      }),
      413,
      /larger than 64 KB/,
    );
  });

  it('body over 64 KB without Content-Length (chunked) → 413', async () => {
    const url = new URL('/external/contact/submit', sb.url);
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers: {
            'x-api-key': 'sk_test_sandbox',
            'content-type': 'application/json',
            'transfer-encoding': 'chunked',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write('x'.repeat(5000));
      req.end();
    });
    assert.equal(status, 413);
    assert.equal(JSON.parse(body).statusCode, 413);
  });

  it('body not sent as JSON → 415 saying which Content-Type to use', async () => {
    assertEnvelope(
      await sb.call('POST', '/external/newsletter/subscribe', {
        rawBody: 'email=a@b.co',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
      /Content-Type: application\/json/,
    );
  });

  it('test drive for a vehicle of another dealer → 404', async () => {
    const theirs = (await sb.call('GET', '/external/vehicles?limit=1', { key: 'sk_test_sandbox2' })).body.data[0].id;
    assertEnvelope(
      await sb.call('POST', '/external/test-drives', { body: { vehicleId: theirs, name: 'Ann', email: 'a@b.co' } }),
      404,
      /No vehicle with id/,
    );
  });

  it('test drive in the past → 400 naming preferredDate', async () => {
    const res = await sb.call('POST', '/external/test-drives', {
      body: {
        vehicleId: (await sb.call('GET', '/external/vehicles?limit=1')).body.data[0].id,
        name: 'A',
        email: 'a@b.co',
        preferredDate: '2001-01-01',
      },
    });
    assertEnvelope(res, 400, /^preferredDate must be today or later/);
  });

  it('faults: down → /external 503 with Retry-After while /_sandbox and /media keep answering', async () => {
    await sb.call('POST', '/_sandbox/faults', { key: null, body: { down: true } });
    try {
      const res = await sb.call('GET', '/external/brands');
      assertEnvelope(res, 503, /unavailable/);
      assert.equal(res.headers.get('retry-after'), '1');
      assert.equal((await sb.call('GET', '/_sandbox/journal', { key: null })).status, 200);
      assert.equal((await sb.call('GET', '/media/brands/toyota.svg', { key: null })).status, 200);
    } finally {
      await sb.call('POST', '/_sandbox/reset', { key: null });
    }
    assert.equal((await sb.call('GET', '/external/brands')).status, 200, 'reset cleared the fault');
  });

  it('faults: errorRate fails about that share of requests with 500', async () => {
    await sb.call('POST', '/_sandbox/faults', { key: null, body: { errorRate: 0.5 } });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 60 }, () => sb.call('GET', '/external/engine-types').then((r) => r.status)),
      );
      const failed = statuses.filter((s) => s === 500).length;
      assert.ok(failed > 10 && failed < 50, `${failed} of 60 failed`);
      assert.ok(statuses.every((s) => s === 500 || s === 200));
    } finally {
      await sb.call('POST', '/_sandbox/reset', { key: null });
    }
  });

  it('faults: latencyMs delays /external answers only', async () => {
    const set = await sb.call('POST', '/_sandbox/faults', { key: null, body: { latencyMs: 400 } });
    assert.deepEqual(set.body, { latencyMs: 400, down: false, errorRate: 0 });
    try {
      const finished: string[] = [];
      const t = performance.now();
      const external = sb.call('GET', '/external/engine-types').then(() => finished.push('external'));
      const sandbox = sb.call('GET', '/_sandbox/faults', { key: null }).then(() => finished.push('sandbox'));
      await Promise.all([external, sandbox]);
      assert.ok(performance.now() - t >= 390, '/external was delayed');
      assert.deepEqual(finished, ['sandbox', 'external'], '/_sandbox answered without the delay');
    } finally {
      await sb.call('POST', '/_sandbox/reset', { key: null });
    }
  });

  it('faults body is validated (400 naming the field)', async () => {
    assertEnvelope(
      await sb.call('POST', '/_sandbox/faults', { key: null, body: { errorRate: 1.5 } }),
      400,
      /^errorRate must be between 0 and 1/,
    );
    assertEnvelope(
      await sb.call('POST', '/_sandbox/faults', { key: null, body: { down: 'yes' } }),
      400,
      /^down must be true or false/,
    );
  });

  it('rate limit → 429 with Retry-After, per key', async () => {
    const limited = await withSandbox({ rateLimitPerMinute: 3 });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await limited.call('GET', '/external/engine-types')).status, 200);
      const res = await limited.call('GET', '/external/engine-types');
      assertEnvelope(res, 429, /Rate limit of 3 requests per minute exceeded/);
      const retry = Number(res.headers.get('retry-after'));
      assert.ok(retry >= 1 && retry <= 60);
      assert.equal(
        (await limited.call('GET', '/external/engine-types', { key: 'sk_test_sandbox2' })).status,
        200,
        'other keys have their own budget',
      );
      await limited.call('POST', '/_sandbox/reset', { key: null });
      assert.equal((await limited.call('GET', '/external/engine-types')).status, 200, 'reset clears counters');
    } finally {
      await limited.close();
    }
  });

  it('no rate limit unless configured', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 150 }, () => sb.call('GET', '/external/drivetrain-types').then((r) => r.status)),
    );
    assert.ok(statuses.every((s) => s === 200));
  });
});
