/** The refusal catalogue (proxy/lib/errors.ts): status, envelope, headers and a message that says what to fix. */
import assert from 'node:assert/strict';
import { STATUS_CODES } from 'node:http';
import { describe, it } from 'node:test';
import { isRefusal, reasonPhrase, refusalResponse, refuse, Refusal } from '../../../proxy/lib/errors.js';

/** Every refusal, made with arguments its message must name, and the status it must carry. */
const catalogue: [keyof typeof refuse, Refusal, number, string[]][] = [
  ['badPath', refuse.badPath(), 400, ['/external/vehicles/<id>']],
  ['queryTooLong', refuse.queryTooLong(2048), 400, ['2048']],
  ['conflictingLength', refuse.conflictingLength(), 400, ['Content-Length', 'Transfer-Encoding']],
  ['badHeaderValue', refuse.badHeaderValue('x-one'), 400, ['"x-one"', 'control character']],
  ['badHeaderName', refuse.badHeaderName('x two'), 400, ['"x two"']],
  ['tooManyHeaders', refuse.tooManyHeaders(64), 431, ['64']],
  ['headersTooLarge', refuse.headersTooLarge(8192), 431, ['8192']],
  ['dealerOnly', refuse.dealerOnly(), 403, ['dealer-only']],
  ['notAllowListed', refuse.notAllowListed('GET', '/secret'), 404, ['(GET /secret)', 'GET /healthz']],
  ['notFound', refuse.notFound('PUT', '/nowhere'), 404, ['(PUT /nowhere)']],
  [
    'methodNotAllowed',
    refuse.methodNotAllowed('DELETE', '/external/brands', ['GET', 'HEAD']),
    405,
    ['DELETE', '/external/brands', 'GET or HEAD'],
  ],
  [
    'originNotAllowed',
    refuse.originNotAllowed('https://evil.example'),
    403,
    ['https://evil.example', 'CARSTREL_ALLOWED_ORIGINS'],
  ],
  ['preflightMethod', refuse.preflightMethod('PATCH'), 403, ['PATCH']],
  ['preflightHeaders', refuse.preflightHeaders('x-api-key'), 403, ['"x-api-key"']],
  ['rateLimited', refuse.rateLimited(7), 429, ['Wait 7 seconds']],
  ['bodyTooLarge', refuse.bodyTooLarge(65536), 413, ['65536']],
  ['bodyNotJson', refuse.bodyNotJson(), 400, ['Content-Type: application/json']],
  ['bodyInvalidJson', refuse.bodyInvalidJson(), 400, ['not valid JSON']],
  ['badIdempotencyKey', refuse.badIdempotencyKey(), 400, ['Idempotency-Key', '8 to 128']],
  ['idempotencyMismatch', refuse.idempotencyMismatch(), 400, ['Idempotency-Key', 'different request']],
  ['leadQueueFull', refuse.leadQueueFull(30), 503, ['queue', 'in 30 seconds']],
  ['leadNotSaved', refuse.leadNotSaved(15), 503, ['could not save', 'in 15 seconds']],
  ['badAuthorization', refuse.badAuthorization(), 400, ['"Bearer <token>"']],
  ['upstreamUnreachable', refuse.upstreamUnreachable(), 502, ['could not be reached']],
  ['upstreamFailed', refuse.upstreamFailed(500), 502, ['(500)']],
  ['upstreamUnreadable', refuse.upstreamUnreadable(), 502, ['could not read']],
  ['requestTimeout', refuse.requestTimeout(10_000), 408, ['allowed 10 seconds']],
  ['upstreamTimeout', refuse.upstreamTimeout(), 504, ['did not answer in time']],
  ['bundleMissing', refuse.bundleMissing(), 404, ['npm run build']],
  ['unknownTenant', refuse.unknownTenant('acme'), 404, ['"acme"', 'tenants file']],
  [
    'noTenantHere',
    refuse.noTenantHere('GET', '/carstrel.js'),
    404,
    ['(GET /carstrel.js)', '/d/<dealer id>/carstrel.js'],
  ],
  ['operatorOnly', refuse.operatorOnly(), 403, ['CARSTREL_OPERATOR_TOKEN']],
  [
    'notRendered',
    refuse.notRendered('carstrel-x', ['carstrel-a', 'carstrel-b']),
    404,
    ['<carstrel-x>', 'carstrel-a, carstrel-b'],
  ],
  ['noRenderer', refuse.noRenderer(), 404, ['/render']],
  ['attributeTwice', refuse.attributeTwice('brand'), 400, ['"brand"', 'twice']],
  [
    'unknownAttribute',
    refuse.unknownAttribute('carstrel-inventory', 'colour', ['brand', 'page-size']),
    400,
    ['<carstrel-inventory>', '"colour"', '"brand", "page-size"'],
  ],
  ['badAttribute', refuse.badAttribute('page-size', 'lots', 'a number'), 400, ['"page-size"', '"lots"', 'a number']],
  [
    'badRenderParameter',
    refuse.badRenderParameter('layout', 'narrow', 'one of "wide", "compact"'),
    400,
    ['render parameter "layout"', '"narrow"', '"wide", "compact"'],
  ],
  ['vehicleRequired', refuse.vehicleRequired(), 400, ['"vehicle-id"', '"slug"']],
  ['internal', refuse.internal(), 500, ['proxy log']],
];

describe('the refusal catalogue', () => {
  it('covers every refusal', () => {
    assert.deepEqual(catalogue.map(([name]) => name).sort(), Object.keys(refuse).sort());
  });
  for (const [name, refusal, status, names] of catalogue) {
    it(`${name}: ${status}, the standard reason, a message naming what to fix`, () => {
      assert.ok(isRefusal(refusal));
      assert.equal(refusal.name, 'Refusal');
      assert.equal(refusal.status, status);
      assert.equal(refusal.error, STATUS_CODES[status], 'the HTTP reason phrase');
      assert.match(refusal.message, /^[A-Z<].{20,}[.)]$/s, 'a sentence');
      for (const part of names)
        assert.ok(refusal.message.includes(part), `${JSON.stringify(refusal.message)} names ${part}`);
    });
  }
  it('headers a client needs: Retry-After, Allow', () => {
    assert.deepEqual(refuse.rateLimited(7).headers, { 'retry-after': '7' });
    assert.deepEqual(refuse.leadQueueFull(30).headers, { 'retry-after': '30' });
    assert.deepEqual(refuse.leadNotSaved(15).headers, { 'retry-after': '15' });
    assert.deepEqual(refuse.methodNotAllowed('PUT', '/x', ['GET', 'HEAD']).headers, { allow: 'GET, HEAD' });
    assert.deepEqual(refuse.badPath().headers, {});
  });
  it('one second is singular; the tenant hint keeps a bare / as it is', () => {
    assert.match(refuse.rateLimited(1).message, /Wait 1 second and/);
    assert.ok(refuse.noTenantHere('GET', '/').message.includes('use /d/<dealer id>/, or'));
  });
});

describe('Refusal, reasonPhrase, refusalResponse', () => {
  it('reasonPhrase is the standard phrase, or "Error" for a status it does not know', () => {
    for (const status of [400, 401, 403, 404, 405, 408, 409, 413, 415, 429, 431, 500, 502, 503, 504])
      assert.equal(reasonPhrase(status), STATUS_CODES[status], String(status));
    assert.equal(reasonPhrase(418), 'Error');
  });
  it('an API may name its own error; the envelope carries the time given', () => {
    const r = new Refusal(422, 'Fix the email.', {}, 'Unprocessable Entity');
    assert.deepEqual(r.envelope(new Date(Date.UTC(2026, 0, 2, 3, 4, 5))), {
      statusCode: 422,
      message: 'Fix the email.',
      error: 'Unprocessable Entity',
      timestamp: '2026-01-02T03:04:05.000Z',
    });
    assert.equal(isRefusal(new Error('x')), false);
    assert.equal(isRefusal({ status: 400, message: 'x' }), false);
  });
  it('refusalResponse: the envelope as uncached JSON, with the refusal and extra headers', async () => {
    const before = Date.now();
    const res = refusalResponse(refuse.rateLimited(3), { 'x-extra': '1', 'cache-control': 'private, no-store' });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(res.headers.get('retry-after'), '3');
    assert.equal(res.headers.get('x-extra'), '1');
    assert.equal(res.headers.get('cache-control'), 'private, no-store', 'extra headers win');
    const body = (await res.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), ['statusCode', 'message', 'error', 'timestamp']);
    assert.equal(body.statusCode, 429);
    assert.equal(body.error, 'Too Many Requests');
    assert.ok(Date.parse(body.timestamp as string) >= before - 1000);
    assert.equal(refusalResponse(refuse.internal()).headers.get('cache-control'), 'no-store');
  });
});
