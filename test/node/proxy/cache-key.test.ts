/**
 * Cache key = what varies: only the query parameters CarStrel reads on a route go upstream and
 * into the key (normalized, each once), so random query strings neither bypass the cache nor spend
 * the dealer's quota; and no client header that could change the answer goes upstream, so none
 * needs to be in the key or in `Vary`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { createProxyApp } from '../../../proxy/app.js';
import { loadConfig } from '../../../proxy/lib/config.js';
import { ROUTES, normalizeQuery, type Route } from '../../../proxy/lib/routes.js';
import { fetchUpstream } from '../../../proxy/lib/upstream.js';

const route = (pattern: string): Route => {
  const r = ROUTES.find((x) => x.pattern === pattern && x.method === 'GET');
  assert.ok(r, pattern);
  return r;
};
const vehicles = route('/external/vehicles');

describe('normalizeQuery', () => {
  it('keeps the parameters CarStrel reads, in the contract order, each once (the first), canonically encoded', () => {
    assert.deepEqual(normalizeQuery(vehicles, '?order=desc&brandId=b1&page=2&brandId=b2&limit=12'), {
      search: '?page=2&limit=12&brandId=b1&order=desc',
      dropped: ['brandId'],
    });
    assert.deepEqual(normalizeQuery(vehicles, 'listingType=for+sale&sort=a%2Fb'), {
      search: '?listingType=for%20sale&sort=a%2Fb',
      dropped: [],
    });
  });
  it('drops every other parameter (cache busters, unknown filters), and an empty query stays empty', () => {
    assert.deepEqual(normalizeQuery(vehicles, '?_=1712&utm_source=x&page=1'), {
      search: '?page=1',
      dropped: ['_', 'utm_source'],
    });
    assert.deepEqual(normalizeQuery(vehicles, '?cb=1'), { search: '', dropped: ['cb'] });
    assert.deepEqual(normalizeQuery(vehicles, ''), { search: '', dropped: [] });
    assert.deepEqual(normalizeQuery(vehicles, '?'), { search: '', dropped: [] });
    assert.deepEqual(normalizeQuery(route('/external/body-types'), '?page=1&limit=100'), {
      search: '',
      dropped: ['page', 'limit'],
    });
    assert.deepEqual(normalizeQuery(route('/external/vehicles/:id'), '?x=1'), { search: '', dropped: ['x'] });
  });
  it('keeps an empty value as given (it means something to CarStrel: "any")', () => {
    assert.equal(normalizeQuery(vehicles, '?brandId=&page=1').search, '?page=1&brandId=');
  });
  it('never lets a prototype name through', () => {
    assert.equal(normalizeQuery(vehicles, '?__proto__=x&constructor=y&toString=z').search, '');
  });
});

describe('the query allow-list is the contract', () => {
  it("each GET route reads exactly the contract's query parameters", () => {
    const doc = parse(readFileSync('proxy/contract/carstrel.openapi.yaml', 'utf8')) as {
      paths: Record<string, Record<string, { parameters?: Array<{ $ref?: string; name?: string; in?: string }> }>>;
      components: { parameters: Record<string, { name: string; in: string }> };
    };
    const resolve = (p: { $ref?: string; name?: string; in?: string }) =>
      p.$ref ? doc.components.parameters[p.$ref.split('/').at(-1)!] : p;
    for (const r of ROUTES.filter((x) => x.method === 'GET')) {
      const item = doc.paths[r.pattern.replace(/:(\w+)/g, '{$1}')] ?? doc.paths[r.pattern.replace(/:id/, '{brandId}')];
      assert.ok(item, r.pattern);
      const op = item.get;
      assert.ok(op, r.pattern);
      const names = (op.parameters ?? [])
        .map(resolve)
        .filter((p) => p.in === 'query')
        .map((p) => p.name);
      assert.deepEqual([...(r.query ?? [])].sort(), names.sort(), r.pattern);
    }
  });
});

describe('cache key through the app', () => {
  function app() {
    const seen: Request[] = [];
    const config = loadConfig({
      CARSTREL_API_KEY: 'sk_test_cachekey1',
      CARSTREL_API_URL: 'https://api.carstrel.com',
      CARSTREL_RATE_LIMIT: 'off',
      CARSTREL_LOG: 'off',
    });
    const upstream = fetchUpstream('https://api.carstrel.com', (req) => {
      seen.push(req);
      const u = new URL(req.url);
      return Promise.resolve(
        Response.json(
          {
            statusCode: 200,
            message: 'ok',
            data: { path: u.pathname + u.search, lang: req.headers.get('accept-language') },
          },
          { headers: { 'content-language': 'en' } },
        ),
      );
    });
    return { app: createProxyApp(config, { upstream }), seen };
  }
  const get = (path: string, headers: Record<string, string> = {}) =>
    new Request(`http://127.0.0.1:8787${path}`, { headers });

  it('random query strings are served from one cache entry: one upstream call for all of them', async () => {
    const { app: a, seen } = app();
    const states: Array<string | null> = [];
    for (const q of ['', '?cb=1', '?cb=2', '?_=3&utm=4']) {
      const res = await a.fetch(get(`/external/brands${q}`));
      assert.equal(res.status, 200, q);
      states.push(res.headers.get('x-carstrel-cache'));
    }
    assert.equal(
      seen.filter((r) => new URL(r.url).pathname === '/external/brands' && !new URL(r.url).search).length,
      1,
    );
    assert.deepEqual(states, ['MISS', 'HIT', 'HIT', 'HIT']);
    assert.equal(seen.length, 1);
    await a.close();
  });

  it('the same filters in another order or with extras are one entry, forwarded in the normalized form', async () => {
    const { app: a, seen } = app();
    const r1 = await a.fetch(get('/external/vehicles?limit=12&listingType=sale&page=1'));
    const r2 = await a.fetch(get('/external/vehicles?page=1&listingType=sale&limit=12&ref=newsletter'));
    assert.equal(r1.headers.get('x-carstrel-cache'), 'MISS');
    assert.equal(r2.headers.get('x-carstrel-cache'), 'HIT');
    assert.equal(seen.length, 1);
    assert.equal(new URL(seen[0].url).search, '?page=1&limit=12&listingType=sale');
    await a.close();
  });

  it('accept-language, accept and user-agent do not go upstream, so one cached answer serves every client', async () => {
    const { app: a, seen } = app();
    const fr = await a.fetch(
      get('/external/engines', { 'accept-language': 'fr', 'user-agent': 'A', accept: 'text/html' }),
    );
    const de = await a.fetch(get('/external/engines', { 'accept-language': 'de', 'user-agent': 'B' }));
    assert.equal(fr.headers.get('x-carstrel-cache'), 'MISS');
    assert.equal(de.headers.get('x-carstrel-cache'), 'HIT');
    assert.equal(seen.length, 1);
    assert.equal(seen[0].headers.get('accept-language'), null);
    assert.equal(seen[0].headers.get('user-agent'), null);
    assert.equal(seen[0].headers.get('accept'), 'application/json');
    assert.equal(seen[0].headers.get('accept-encoding'), 'identity');
    assert.deepEqual(await fr.json(), await de.json());
    assert.doesNotMatch(fr.headers.get('vary') ?? '', /accept-language|user-agent/i);
    assert.equal(fr.headers.get('content-language'), 'en', "upstream's own language is passed on");
    await a.close();
  });

  it('non-cached routes forward the normalized query too (a detail takes none)', async () => {
    const { app: a, seen } = app();
    await (await a.fetch(get('/external/vehicles/v1?utm=1&page=2'))).arrayBuffer();
    assert.equal(new URL(seen[0].url).pathname + new URL(seen[0].url).search, '/external/vehicles/v1');
    await a.close();
  });
});
