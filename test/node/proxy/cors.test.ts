import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkOrigin, corsHeaders, ownOrigins, preflight } from '../../../proxy/lib/cors.js';
import { Refusal } from '../../../proxy/lib/errors.js';

const allowed = new Set(['https://www.dealer.example', ...ownOrigins(8787)]);

describe('phase: corsHeaders', () => {
  it('echoes a listed origin with credentials', () => {
    const h = corsHeaders('https://www.dealer.example', allowed);
    assert.equal(h['access-control-allow-origin'], 'https://www.dealer.example');
    assert.equal(h['access-control-allow-credentials'], 'true');
  });
  it('never reflects an unlisted origin, never sends a wildcard', () => {
    for (const o of [
      'https://evil.example',
      'https://www.dealer.example.evil.example',
      'null',
      'https://WWW.dealer.example',
      'http://www.dealer.example',
    ]) {
      const h = corsHeaders(o, allowed);
      assert.equal(h['access-control-allow-origin'], undefined, o);
      assert.equal(h['access-control-allow-credentials'], undefined, o);
    }
  });
  it("allows the proxy's own origins by default", () => {
    assert.deepEqual(ownOrigins(8787), ['http://127.0.0.1:8787', 'http://localhost:8787']);
    assert.equal(corsHeaders('http://localhost:8787', allowed)['access-control-allow-origin'], 'http://localhost:8787');
  });
});

describe('phase: checkOrigin (CSRF)', () => {
  it('accepts listed origins and non-browser clients without Origin', () => {
    assert.equal(checkOrigin('https://www.dealer.example', allowed), undefined);
    assert.equal(checkOrigin(undefined, allowed), undefined);
  });
  it('refuses other origins and the opaque "null" origin with 403', () => {
    assert.equal(checkOrigin('https://evil.example', allowed)?.status, 403);
    assert.equal(checkOrigin('null', allowed)?.status, 403);
  });
});

describe('phase: preflight', () => {
  it('answers 204 from the allow-list for a listed origin', () => {
    const p = preflight('https://www.dealer.example', 'POST', 'content-type, idempotency-key', ['POST'], allowed);
    assert.ok(!(p instanceof Refusal));
    assert.equal(p.status, 204);
    assert.equal(p.headers['access-control-allow-methods'], 'POST');
  });
  it('refuses an unlisted origin, a method off the list, and unexpected headers', () => {
    assert.equal((preflight('https://evil.example', 'POST', '', ['POST'], allowed) as Refusal).status, 403);
    assert.equal((preflight('https://www.dealer.example', 'DELETE', '', ['POST'], allowed) as Refusal).status, 403);
    assert.equal(
      (preflight('https://www.dealer.example', 'POST', 'x-api-key', ['POST'], allowed) as Refusal).status,
      403,
    );
  });
});

describe('phase: checkOrigin, same origin under any name', () => {
  it('accepts a page the proxy served itself, reached under an unlisted name', () => {
    assert.equal(checkOrigin('http://192.168.1.5:8787', allowed, 'http://192.168.1.5:8787'), undefined);
    assert.equal(checkOrigin('https://evil.example', allowed, 'http://192.168.1.5:8787')?.status, 403);
  });
});
