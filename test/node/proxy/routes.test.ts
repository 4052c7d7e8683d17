import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../../proxy/lib/config.js';
import { Refusal } from '../../../proxy/lib/errors.js';
import {
  matchRoute,
  allowedMethods,
  ROUTES,
  browserCacheControl,
  cachePolicy,
  rateClass,
  type Route,
} from '../../../proxy/lib/routes.js';

describe('phase: matchRoute (allow-list)', () => {
  it('matches every public operation of the reference with its kind', () => {
    const cases: Array<[string, string, string]> = [
      ['GET', '/external/brands', 'reference'],
      ['GET', '/external/brands/b1', 'reference'],
      ['GET', '/external/brands/b1/models', 'reference'],
      ['GET', '/external/models', 'reference'],
      ['GET', '/external/models/m1', 'reference'],
      ['GET', '/external/body-types', 'reference'],
      ['GET', '/external/body-types/x', 'reference'],
      ['GET', '/external/engines', 'reference'],
      ['GET', '/external/engines/e', 'reference'],
      ['GET', '/external/engine-types', 'reference'],
      ['GET', '/external/transmission-types', 'reference'],
      ['GET', '/external/drivetrain-types', 'reference'],
      ['GET', '/external/generations', 'reference'],
      ['GET', '/external/generations/g', 'reference'],
      ['GET', '/external/trims', 'reference'],
      ['GET', '/external/trims/t', 'reference'],
      ['GET', '/external/blogs', 'reference'],
      ['GET', '/external/vehicles', 'list'],
      ['GET', '/external/vehicles/stats/summary', 'list'],
      ['GET', '/external/vehicles/v-1', 'detail'],
      ['POST', '/external/auth/register', 'auth'],
      ['POST', '/external/auth/login', 'auth'],
      ['GET', '/external/auth/me', 'me'],
      ['POST', '/external/newsletter/subscribe', 'lead'],
      ['POST', '/external/newsletter/unsubscribe', 'write'],
      ['POST', '/external/contact/submit', 'lead'],
      ['POST', '/external/test-drives', 'lead'],
    ];
    for (const [m, p, kind] of cases) {
      const r = matchRoute(m, p);
      assert.ok(!(r instanceof Refusal), `${m} ${p}`);
      assert.equal(r.kind, kind, `${m} ${p}`);
    }
    assert.equal(cases.length, ROUTES.length);
  });
  it('refuses customer management with 403 whatever the method', () => {
    for (const [m, p] of [
      ['GET', '/external/customers'],
      ['GET', '/external/customers/c1'],
      ['PATCH', '/external/customers/c1'],
      ['GET', '/external/customers/stats/summary'],
    ]) {
      const r = matchRoute(m, p);
      assert.ok(r instanceof Refusal && r.status === 403, `${m} ${p}`);
    }
  });
  it('answers 405 with Allow for a known path and the wrong method', () => {
    const r = matchRoute('DELETE', '/external/brands');
    assert.ok(r instanceof Refusal);
    assert.equal(r.status, 405);
    assert.equal(r.headers.allow, 'GET');
    assert.equal((matchRoute('GET', '/external/test-drives') as Refusal).status, 405);
  });
  it('answers 404 for anything not on the list (a dealer-only path under another prefix is just unknown)', () => {
    for (const p of [
      '/external',
      '/external/admin',
      '/external/vehicles/a/b',
      '/external/brands/x/models/y',
      '/_sandbox/journal',
      '/external/vehicles/a.b',
      '/v1/external/customers',
      '/api/external/customers/c1',
    ]) {
      const r = matchRoute('GET', p);
      assert.ok(r instanceof Refusal && r.status === 404, p);
    }
  });
  it('lists the allowed methods of a path (for preflights)', () => {
    assert.deepEqual(allowedMethods('/external/test-drives'), ['POST']);
    assert.deepEqual(allowedMethods('/external/vehicles/abc'), ['GET']);
    assert.deepEqual(allowedMethods('/external/customers'), []);
  });
});

describe('how each kind of route is treated', () => {
  const route = (kind: Route['kind']) => {
    const r = ROUTES.find((x) => x.kind === kind);
    assert.ok(r, kind);
    return r;
  };
  const config = (env: Record<string, string> = {}) => loadConfig({ CARSTREL_API_KEY: 'sk_test_routes1', ...env });

  it('cachePolicy: reference data long (SWR 1 h, SIE 1 day), lists briefly, everything else never', () => {
    assert.deepEqual(cachePolicy(route('reference'), config()), { ttl: 300_000, swr: 3600_000, sie: 86_400_000 });
    assert.deepEqual(cachePolicy(route('list'), config()), { ttl: 10_000, swr: 30_000, sie: 300_000 });
    for (const kind of ['detail', 'auth', 'me', 'lead', 'write'] as const)
      assert.equal(cachePolicy(route(kind), config()), undefined, kind);
  });
  it('cachePolicy: off when the cache or that TTL is set to 0', () => {
    assert.equal(cachePolicy(route('reference'), config({ CARSTREL_CACHE_MAX_ENTRIES: '0' })), undefined);
    assert.equal(cachePolicy(route('reference'), config({ CARSTREL_CACHE_TTL: '0' })), undefined);
    assert.equal(cachePolicy(route('list'), config({ CARSTREL_CACHE_LIST_TTL: '0' })), undefined);
  });
  it('cachePolicy: never for a POST, whatever kind the table gives it', () => {
    for (const kind of ['reference', 'list'] as const)
      assert.equal(cachePolicy({ ...route(kind), method: 'POST' }, config()), undefined, kind);
  });
  it('browserCacheControl: public with max-age where cached, no-store otherwise', () => {
    assert.equal(
      browserCacheControl(route('reference'), config()),
      'public, max-age=300, stale-while-revalidate=3600, stale-if-error=86400',
    );
    assert.equal(browserCacheControl(route('list'), config()), 'public, max-age=10, stale-while-revalidate=30');
    assert.equal(browserCacheControl(route('list'), config({ CARSTREL_CACHE_LIST_TTL: '0' })), 'no-store');
    assert.equal(browserCacheControl(route('reference'), config({ CARSTREL_CACHE_TTL: '0' })), 'no-store');
    assert.equal(browserCacheControl(route('detail'), config()), 'no-store');
  });
  it('rateClass: sign-in and registration in their own strict bucket, other writes in post, reads in get', () => {
    assert.equal(rateClass(route('auth')), 'auth');
    assert.equal(rateClass(route('lead')), 'post');
    assert.equal(rateClass(route('write')), 'post');
    assert.equal(rateClass(route('detail')), 'get');
    assert.equal(rateClass(route('me')), 'get');
  });
});
