/** Customer auth (register, login, me, JWTs) and customer management, per dealer and environment. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { DEALER_ONE, DEALER_TWO } from '../../../proxy/sandbox/data/dealers.js';
import { DEMO_LOGIN } from '../../../proxy/sandbox/data/people.js';
import { signForTest } from '../../../proxy/sandbox/tokens.js';
import { KEY, KEY2, LIVE_KEY, withSandbox, type SandboxHandle } from './helpers.js';

const person = (n: number) => ({
  email: `Person${n}@Example.com`,
  password: 'correct horse',
  firstName: 'Pat',
  lastName: `Tester${n}`,
});

describe('customer auth', () => {
  let sb: SandboxHandle;
  let n = 0;
  before(async () => (sb = await withSandbox()));
  after(() => sb.close());
  const register = (body: unknown, key = KEY) => sb.call('POST', '/external/auth/register', { body, key });
  const login = (body: unknown, key = KEY) => sb.call('POST', '/external/auth/login', { body, key });
  const me = (token: string, key = KEY) =>
    sb.call('GET', '/external/auth/me', { key, headers: { authorization: `Bearer ${token}` } });

  it('register creates a user and a customer (201, isNewUser and isNewCustomer true, real JWT)', async () => {
    const res = await register(person(++n));
    assert.equal(res.status, 201);
    assert.equal(res.body.statusCode, 201);
    const d = res.body.data;
    assert.equal(d.isNewUser, true);
    assert.equal(d.isNewCustomer, true);
    assert.equal(d.token_type, 'Bearer');
    assert.equal(d.expires_in, 3600);
    assert.equal(d.user.email, `person${n}@example.com`, 'emails are stored lower-case');
    const [header] = d.access_token.split('.');
    assert.equal(JSON.parse(Buffer.from(header, 'base64url').toString()).alg, 'HS256');
    assert.equal((await me(d.access_token)).body.data.user.id, d.user.id);
  });

  it('the same person registering with a second dealer is linked (isNewUser false, isNewCustomer true)', async () => {
    const p = person(++n);
    const first = await register(p);
    const second = await register(p, KEY2);
    assert.equal(second.status, 201);
    assert.equal(second.body.data.isNewUser, false);
    assert.equal(second.body.data.isNewCustomer, true);
    assert.equal(second.body.data.user.id, first.body.data.user.id, 'one user');
    const c1 = (await me(first.body.data.access_token)).body.data.customer.customerId;
    const c2 = (await me(second.body.data.access_token, KEY2)).body.data.customer.customerId;
    assert.notEqual(c1, c2, 'independent customer records per dealer');
  });

  it('registering again with the same dealer is 409; with another password too', async () => {
    const p = person(++n);
    await register(p);
    const again = await register(p);
    assert.equal(again.status, 409);
    assert.match(again.body.message, /Log in instead/);
    const other = await register({ ...p, password: 'another password' }, KEY2);
    assert.equal(other.status, 409);
  });

  it('register validates: min-8 password, email, required names (400 naming the field)', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ ...person(1), password: 'short' }, /^password must be at least 8 characters/],
      [{ ...person(1), email: 'nope' }, /^email must be a valid email address/],
      [{ ...person(1), firstName: '   ' }, /^firstName must not be empty/],
      [{ email: 'a@b.co', password: 'password1', lastName: 'x' }, /^firstName is required/],
      [{ ...person(1), phone: { mobile: 'call me' } }, /^phone.mobile /],
      [{ ...person(1), phone: { fax: '12345' } }, /^phone may not contain fax/],
    ];
    for (const [body, message] of cases) {
      const res = await register(body);
      assert.equal(res.status, 400);
      assert.match(res.body.message, message);
    }
  });

  it('login links an existing user to a dealer it is not yet a customer of', async () => {
    const here = await login(DEMO_LOGIN);
    assert.equal(here.status, 200);
    assert.equal(here.body.data.isNewCustomer, false);
    assert.equal(here.body.data.isNewUser, undefined);
    const there = await login(DEMO_LOGIN, KEY2);
    assert.equal(there.body.data.isNewCustomer, true);
    assert.equal((await login(DEMO_LOGIN, KEY2)).body.data.isNewCustomer, false);
    const journal = (await sb.call('GET', `/_sandbox/journal?dealer=${DEALER_TWO.slug}`, { key: null })).body;
    assert.ok(
      journal.customers.some(
        (c: { email: string; dealerId: string }) => c.email === DEMO_LOGIN.email && c.dealerId === DEALER_TWO.id,
      ),
    );
  });

  it('login with a wrong password or unknown email is 401 with the same message', async () => {
    const a = await login({ email: DEMO_LOGIN.email, password: 'wrong-password' });
    const b = await login({ email: 'nobody@example.com', password: 'wrong-password' });
    assert.equal(a.status, 401);
    assert.equal(b.status, 401);
    assert.equal(a.body.message, b.body.message);
  });

  it('me without a bearer token is 401', async () => {
    const res = await sb.call('GET', '/external/auth/me');
    assert.equal(res.status, 401);
    assert.match(res.body.message, /Authorization: Bearer/);
  });

  it('me rejects an expired token', async () => {
    const { data } = (await login(DEMO_LOGIN)).body;
    const claims = JSON.parse(Buffer.from(data.access_token.split('.')[1], 'base64url').toString());
    const past = Math.floor(Date.now() / 1000) - 7200;
    const expired = await signForTest(
      { sub: claims.sub, org: DEALER_ONE.id, env: 'test', cid: claims.cid, typ: 'access' },
      60,
      past,
    );
    const res = await me(expired);
    assert.equal(res.status, 401);
    assert.match(res.body.message, /expired/);
  });

  it('me rejects a forged token (wrong secret) and a tampered one', async () => {
    const { data } = (await login(DEMO_LOGIN)).body;
    const forged = await new SignJWT({ org: DEALER_ONE.id, env: 'test', cid: 'x', typ: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(data.user.id)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('guessed-secret'));
    assert.equal((await me(forged)).status, 401);
    const [h, p, s] = data.access_token.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'someone-else' })).toString('base64url')}.${s}`;
    assert.equal((await me(tampered)).status, 401);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    assert.equal((await me(none)).status, 401);
  });

  it("me rejects another dealer's token, a live token on a test key, and a refresh token", async () => {
    const { data } = (await login(DEMO_LOGIN)).body;
    const other = await me(data.access_token, KEY2);
    assert.equal(other.status, 401);
    assert.match(other.body.message, /another organization/);
    assert.equal((await me(data.access_token, LIVE_KEY)).status, 401);
    const refresh = await me(data.refresh_token);
    assert.equal(refresh.status, 401);
    assert.match(refresh.body.message, /refresh token/);
  });

  it('test and live environments keep separate customers', async () => {
    const p = person(++n);
    assert.equal((await register(p)).status, 201);
    const live = await login({ email: p.email, password: p.password }, LIVE_KEY);
    assert.equal(live.status, 401, 'the test-environment user does not exist in live');
  });

  it('stores passwords hashed with scrypt, never in plain text', async () => {
    const p = person(++n);
    await register(p);
    const { Store } = await import('../../../proxy/sandbox/store.js');
    assert.ok(Store);
    const dump = JSON.stringify(sb.sandbox.journal());
    assert.ok(!dump.includes(p.password));
    const { hashPassword, verifyPassword } = await import('../../../proxy/sandbox/store.js');
    const h = hashPassword('s3cret-pass');
    assert.match(h, /^scrypt\$/);
    assert.ok(!h.includes('s3cret-pass'));
    assert.equal(verifyPassword('s3cret-pass', h), true);
    assert.equal(verifyPassword('s3cret-pasS', h), false);
  });
});

describe('customer management', () => {
  let sb: SandboxHandle;
  before(async () => (sb = await withSandbox()));
  after(() => sb.close());
  type C = {
    id: string;
    user: { email: string; firstName: string; lastName: string };
    stats: { totalSpent: number; lastPurchaseDate: string | null };
    classification: { customerSegment: string; leadScore: number; isVip: boolean };
    createdDate: string;
  };
  const list = (q: string, key = KEY) =>
    sb.call('GET', `/external/customers?limit=100&${q}`, { key }).then((r) => r.body);

  it('each dealer only sees its own customers', async () => {
    const one = (await list('')).data as C[];
    const two = (await list('', KEY2)).data as C[];
    assert.ok(one.length >= 50 && two.length >= 50);
    const ids = new Set(one.map((c) => c.id));
    assert.ok(
      two.every((c) => !ids.has(c.id)),
      'no shared customer records',
    );
    assert.equal((await sb.call('GET', `/external/customers/${one[0].id}`, { key: KEY2 })).status, 404);
  });

  it('searches by name or email, case-insensitively', async () => {
    const res = await list('search=JANE.DOE');
    assert.equal(res.data.length, 1);
    assert.equal(res.data[0].user.email, DEMO_LOGIN.email);
    assert.ok(
      (await list('search=doe')).data.every((c: C) =>
        `${c.user.firstName} ${c.user.lastName} ${c.user.email}`.toLowerCase().includes('doe'),
      ),
    );
  });

  it('filters by segment and sorts by every sortBy in both orders', async () => {
    for (const segment of ['new', 'regular', 'vip', 'at_risk']) {
      assert.ok(
        (await list(`segment=${segment}`)).data.every((c: C) => c.classification.customerSegment === segment),
        segment,
      );
    }
    const keys: Record<string, (c: C) => number | string | null> = {
      createdDate: (c) => c.createdDate,
      totalSpent: (c) => c.stats.totalSpent,
      leadScore: (c) => c.classification.leadScore,
      lastPurchaseDate: (c) => c.stats.lastPurchaseDate,
    };
    for (const [sortBy, key] of Object.entries(keys)) {
      for (const sortOrder of ['ASC', 'DESC', 'asc']) {
        const values = ((await list(`sortBy=${sortBy}&sortOrder=${sortOrder}`)).data as C[]).map(key);
        const present = values.filter((v) => v !== null);
        assert.deepEqual(
          values.slice(present.length),
          values.slice(present.length).map(() => null),
          `${sortBy}: nulls last`,
        );
        for (let i = 1; i < present.length; i++) {
          assert.ok(
            sortOrder === 'DESC' ? present[i - 1] >= present[i] : present[i - 1] <= present[i],
            `${sortBy} ${sortOrder}`,
          );
        }
      }
    }
  });

  it('get returns notes; PATCH updates notes, tags, preferences and isVip → segment', async () => {
    const target = ((await list('segment=new')).data as C[])[0];
    const patched = await sb.call('PATCH', `/external/customers/${target.id}`, {
      body: {
        notes: 'Wants a hybrid',
        tags: ['hybrid', 'hybrid', 'callback'],
        preferences: { vehicleTypes: ['SUV'] },
        isVip: true,
      },
    });
    assert.equal(patched.status, 200);
    assert.deepEqual(patched.body.data, {
      id: target.id,
      notes: 'Wants a hybrid',
      tags: ['hybrid', 'callback'],
      preferences: { vehicleTypes: ['SUV'] },
      isVip: true,
      customerSegment: 'vip',
    });
    const got = (await sb.call('GET', `/external/customers/${target.id}`)).body.data;
    assert.equal(got.notes, 'Wants a hybrid');
    assert.equal(got.classification.customerSegment, 'vip');
    const unvip = await sb.call('PATCH', `/external/customers/${target.id}`, { body: { isVip: false } });
    assert.equal(unvip.body.data.customerSegment, 'new', 'segment recomputed from purchases');
  });

  it('PATCH refuses an empty body and wrong types, naming the field', async () => {
    const id = ((await list('')).data as C[])[0].id;
    const empty = await sb.call('PATCH', `/external/customers/${id}`, { body: {} });
    assert.equal(empty.status, 400);
    assert.match(empty.body.message, /at least one of notes, tags, preferences, isVip/);
    const tags = await sb.call('PATCH', `/external/customers/${id}`, { body: { tags: 'vip' } });
    assert.match(tags.body.message, /^tags must be an array of strings/);
  });

  it('stats summary is computed from the customers', async () => {
    const all = (await list('')).data as C[];
    const stats = (await sb.call('GET', '/external/customers/stats/summary')).body.data;
    assert.equal(stats.totalCustomers, all.length);
    assert.equal(
      stats.totalRevenue,
      all.reduce((s, c) => s + c.stats.totalSpent, 0),
    );
    assert.equal(stats.vipCustomers, all.filter((c) => c.classification.isVip).length);
    const b = stats.segmentBreakdown;
    assert.equal(b.new + b.regular + b.vip + b.atRisk, all.length);
    assert.equal(b.atRisk, all.filter((c) => c.classification.customerSegment === 'at_risk').length);
  });

  it('a key lacking the customers scope gets 403', async () => {
    const res = await sb.call('GET', '/external/customers', { key: 'sk_test_sandbox_public' });
    assert.equal(res.status, 403);
    assert.match(res.body.message, /customers:read/);
  });
});
