/** Newsletter, blogs, contact, test drives, the journal, reset and extra keys. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEALER_ONE, DEALER_TWO } from '../../../proxy/sandbox/data/dealers.js';
import { startSandbox } from '../../../proxy/sandbox/index.js';
import { KEY2, LIVE_KEY, withSandbox, type SandboxHandle } from './helpers.js';

describe('engagement and the journal', () => {
  let sb: SandboxHandle;
  let vehicleId: string;
  before(async () => {
    sb = await withSandbox();
    vehicleId = (await sb.call('GET', '/external/vehicles?limit=1')).body.data[0].id;
  });
  after(() => sb.close());
  const journal = (q = '') => sb.call('GET', `/_sandbox/journal${q}`, { key: null }).then((r) => r.body);

  it('newsletter subscribe and unsubscribe are idempotent; the journal lists current subscribers', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await sb.call('POST', '/external/newsletter/subscribe', { body: { email: 'Fan@Example.com' } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.data, { email: 'fan@example.com', subscribed: true });
      assert.equal(res.body.message, i === 0 ? 'Successfully subscribed' : 'Already subscribed');
    }
    assert.equal(
      (await journal()).newsletter.filter((s: { email: string }) => s.email === 'fan@example.com').length,
      1,
    );
    for (let i = 0; i < 2; i++) {
      const res = await sb.call('POST', '/external/newsletter/unsubscribe', { body: { email: 'fan@example.com' } });
      assert.equal(res.status, 200);
      assert.equal(res.body.message, 'Successfully unsubscribed');
    }
    assert.equal(
      (await journal()).newsletter.some((s: { email: string }) => s.email === 'fan@example.com'),
      false,
    );
  });

  it('blogs: seeded posts, newest first, paginated', async () => {
    const res = await sb.call('GET', '/external/blogs?limit=3');
    assert.equal(res.body.limit, 3);
    assert.ok(res.body.total >= 5);
    const dates = res.body.data.map((p: { publishedDate: string }) => p.publishedDate);
    assert.deepEqual(dates, [...dates].sort().reverse());
    assert.ok(res.body.data[0].coverImageUrl.startsWith(`${sb.url}/media/blogs/`));
  });

  it('contact submit returns a reference id and is recorded with the dealer', async () => {
    const res = await sb.call('POST', '/external/contact/submit', {
      body: { name: 'Ann', email: 'ann@example.com', subject: 'Hours', message: 'Open Sunday?' },
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.data.success, true);
    const rec = (await journal()).contacts.find(
      (c: { referenceId: string }) => c.referenceId === res.body.data.referenceId,
    );
    assert.equal(rec.dealerId, DEALER_ONE.id);
    assert.equal(rec.environment, 'test');
    assert.equal(rec.message, 'Open Sunday?');
  });

  it('test drive for a vehicle in the inventory → 201 pending, recorded', async () => {
    const res = await sb.call('POST', '/external/test-drives', {
      body: {
        vehicleId,
        name: 'Bo',
        email: 'bo@example.com',
        phone: '+1 555 0101',
        preferredDate: '2030-06-01T10:00:00Z',
      },
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.data.status, 'pending');
    assert.equal(res.body.data.vehicleId, vehicleId);
    const rec = (await journal()).testDrives.find((t: { id: string }) => t.id === res.body.data.id);
    assert.deepEqual([rec.dealerId, rec.name, rec.phone], [DEALER_ONE.id, 'Bo', '+1 555 0101']);
  });

  it('the journal can be scoped by dealer slug, dealer id or key', async () => {
    await sb.call('POST', '/external/contact/submit', {
      key: KEY2,
      body: { name: 'Two', email: 'two@example.com', message: 'hi' },
    });
    await sb.call('POST', '/external/contact/submit', {
      key: LIVE_KEY,
      body: { name: 'Live', email: 'live@example.com', message: 'hi' },
    });
    const two = await journal('?dealer=dealer-two');
    assert.ok(
      two.contacts.length >= 1 && two.contacts.every((c: { dealerId: string }) => c.dealerId === DEALER_TWO.id),
    );
    assert.deepEqual(await journal(`?dealer=${DEALER_TWO.id}`), two);
    const live = await journal(`?key=${LIVE_KEY}`);
    assert.deepEqual(
      live.contacts.map((c: { name: string }) => c.name),
      ['Live'],
    );
    assert.ok(
      (await journal('?key=sk_test_sandbox')).contacts.every(
        (c: { environment: string; dealerId: string }) => c.environment === 'test' && c.dealerId === DEALER_ONE.id,
      ),
    );
    assert.deepEqual(sb.sandbox.journal(), await journal(), 'journal() equals GET /_sandbox/journal');
  });

  it('reset restores the seed: journal empty, registered customers gone, impressions back', async () => {
    await sb.call('POST', '/external/auth/register', {
      body: { email: 'gone@example.com', password: 'password123', firstName: 'G', lastName: 'One' },
    });
    const before = (await sb.call('GET', `/external/vehicles/${vehicleId}`)).body.data.impressionsCount;
    const res = await sb.call('POST', '/_sandbox/reset', { key: null });
    assert.equal(res.status, 200);
    const j = await journal();
    assert.deepEqual(j, { impressions: {}, testDrives: [], contacts: [], newsletter: [], customers: [] });
    assert.equal(
      (await sb.call('POST', '/external/auth/login', { body: { email: 'gone@example.com', password: 'password123' } }))
        .status,
      401,
    );
    assert.equal(
      (await sb.call('GET', `/external/vehicles/${vehicleId}`)).body.data.impressionsCount,
      before,
      'seed count + this one view',
    );
  });

  it('GET /external/vehicles/:id also accepts the slug (contract getVehicle) and counts the impression', async () => {
    const v = (await sb.call('GET', `/external/vehicles/${vehicleId}`)).body.data;
    const bySlug = await sb.call('GET', `/external/vehicles/${v.slug}`);
    assert.equal(bySlug.status, 200);
    assert.equal(bySlug.body.data.id, v.id);
    assert.equal(bySlug.body.data.impressionsCount, v.impressionsCount + 1);
    assert.equal((await sb.call('GET', '/external/vehicles/no-such-car-2020')).status, 404);
  });
});

describe('extra keys (CARSTREL_SANDBOX_KEYS format)', () => {
  it('adds keys for existing and new dealers, with optional scopes', async () => {
    const sb = await withSandbox({
      extraKeys: 'sk_test_mine:dealer-two, sk_live_acme:Acme Cars, sk_test_ro:dealer-one:metadata:read+vehicles:read',
    });
    try {
      const mine = await sb.call('GET', '/external/vehicles?limit=1', { key: 'sk_test_mine' });
      const two = await sb.call('GET', '/external/vehicles?limit=1', { key: KEY2 });
      assert.equal(mine.body.data[0].id, two.body.data[0].id, 'same dealer as sk_test_sandbox2');
      const acme = await sb.call('GET', '/external/vehicles?limit=1', { key: 'sk_live_acme' });
      assert.equal(acme.status, 200);
      assert.ok(acme.body.total > 0);
      assert.notEqual(acme.body.data[0].id, two.body.data[0].id, 'a new dealer has its own inventory');
      assert.equal((await sb.call('GET', '/external/vehicles?limit=1', { key: 'sk_test_ro' })).status, 200);
      assert.equal(
        (await sb.call('POST', '/external/newsletter/subscribe', { key: 'sk_test_ro', body: { email: 'a@b.co' } }))
          .status,
        403,
      );
    } finally {
      await sb.close();
    }
  });

  it('refuses malformed extra keys at start-up with a message that says how to fix them', async () => {
    await assert.rejects(withSandbox({ extraKeys: 'pk_test_x:dealer-one' }), /must start with sk_test_ or sk_live_/);
    await assert.rejects(withSandbox({ extraKeys: 'sk_test_x' }), /needs a dealer after the colon/);
    await assert.rejects(withSandbox({ extraKeys: 'sk_test_x:dealer-one:admin' }), /unknown scope\(s\) admin/);
  });
});

describe('Idempotency-Key on lead POSTs (contract D15)', () => {
  let sb: Awaited<ReturnType<typeof startSandbox>>;
  before(async () => {
    sb = await startSandbox({ port: 0, host: '127.0.0.1' });
  });
  after(() => sb.close());

  const post = (path: string, body: unknown, key?: string) =>
    fetch(`${sb.url}${path}`, {
      method: 'POST',
      headers: {
        'x-api-key': 'sk_test_sandbox',
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(body),
    });
  const contactsFrom = async (email: string) =>
    (
      (await (await fetch(`${sb.url}/_sandbox/journal?key=sk_test_sandbox`)).json()) as {
        contacts: Array<{ email: string }>;
      }
    ).contacts.filter((c) => c.email === email).length;

  it('a retry with the same key and body is answered from the first result and recorded once', async () => {
    const body = { name: 'Ida', email: 'ida@example.com', message: 'Is the Camry still available?' };
    const first = await post('/external/contact/submit', body, 'idem-1');
    const again = await post('/external/contact/submit', body, 'idem-1');
    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual((await again.json()).data, (await first.json()).data);
    assert.equal(await contactsFrom('ida@example.com'), 1);
  });

  it('the same key with another body is refused with 400 and a message saying what to do', async () => {
    await post('/external/contact/submit', { name: 'Ola', email: 'ola@example.com', message: 'First' }, 'idem-2');
    const res = await post(
      '/external/contact/submit',
      { name: 'Ola', email: 'ola@example.com', message: 'Second' },
      'idem-2',
    );
    assert.equal(res.status, 400);
    assert.match((await res.json()).message, /Idempotency-Key .* different request/);
    assert.equal(await contactsFrom('ola@example.com'), 1);
  });

  it('without a key every POST is recorded', async () => {
    const body = { name: 'Pat', email: 'pat@example.com', message: 'Hello' };
    await post('/external/contact/submit', body);
    await post('/external/contact/submit', body);
    assert.equal(await contactsFrom('pat@example.com'), 2);
  });
});
