import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchRoute, allowedMethods, ROUTES } from '../../../proxy/lib/routes.js';
import { Refusal } from '../../../proxy/lib/errors.js';

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
      const r = matchRoute(m!, p!);
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
  it('answers 404 for anything not on the list', () => {
    for (const p of [
      '/external',
      '/external/admin',
      '/external/vehicles/a/b',
      '/external/brands/x/models/y',
      '/_sandbox/journal',
      '/external/vehicles/a.b',
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
