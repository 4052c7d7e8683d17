/** The log (proxy/lib/logger.ts): one JSON line per request, error lines, never the key in any form. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonLogger } from '../../../proxy/lib/logger.js';
import { keyForms, leaksKey } from './key-leak.js';

const KEY = 'sk_test_logger1';

describe('jsonLogger', () => {
  it('writes one JSON line per request with what happened, and only the facts that are set', () => {
    const lines: string[] = [];
    const log = jsonLogger((l) => lines.push(l), true, KEY);
    log.request?.({ method: 'GET', path: '/external/brands', status: 200, ms: 1.5, cache: 'HIT' });
    log.request?.({ method: 'POST', path: '/external/test-drives', status: 202, ms: 3, upstream: 0, lead: 'queued' });
    const [a, b] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(Object.keys(a), ['time', 'method', 'path', 'status', 'ms', 'cache']);
    log.request?.({ method: 'GET', path: '/x', status: 200, ms: 1, cache: '', lead: '' });
    assert.deepEqual(
      Object.keys(JSON.parse(lines[2]) as object),
      ['time', 'method', 'path', 'status', 'ms'],
      'empty facts are left out',
    );
    assert.equal(a.cache, 'HIT');
    assert.equal(b.upstream, 0, 'a falsy upstream status is still reported');
    assert.equal(b.lead, 'queued');
    assert.ok(!Number.isNaN(Date.parse(a.time as string)));
  });
  it('redacts the key in every form from request and error lines', () => {
    const lines: string[] = [];
    const log = jsonLogger((l) => lines.push(l), true, KEY);
    for (const form of keyForms(KEY)) {
      log.request?.({ method: 'GET', path: `/external/vehicles/${form}`, status: 404, ms: 1 });
      log.error(`upstream said: ${form}`);
    }
    assert.equal(lines.length, keyForms(KEY).length * 2);
    for (const l of lines) assert.ok(!leaksKey(l, KEY), l);
    const error = JSON.parse(lines[1]) as Record<string, unknown>;
    assert.equal(error.level, 'error');
    assert.equal(error.message, 'upstream said: [redacted]');
  });
  it('request logging can be off; errors are still written; no sink writes nothing', () => {
    const lines: string[] = [];
    const off = jsonLogger((l) => lines.push(l), false, KEY);
    assert.equal(off.request, undefined);
    off.error('boom');
    assert.equal(lines.length, 1);
    const none = jsonLogger(undefined, true, KEY);
    assert.equal(none.request, undefined);
    none.error('nothing happens');
  });
  it('fields (a tenant id) go on every line, after the time', () => {
    const lines: string[] = [];
    const log = jsonLogger((l) => lines.push(l), true, KEY, { tenant: 'acme' });
    log.request?.({ method: 'GET', path: '/healthz', status: 200, ms: 2 });
    log.error('boom');
    const [request, error] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(Object.keys(request), ['time', 'tenant', 'method', 'path', 'status', 'ms']);
    assert.deepEqual(Object.keys(error), ['time', 'tenant', 'level', 'message']);
    assert.equal(request.tenant, 'acme');
    assert.equal(error.message, 'boom');
    assert.ok(!Number.isNaN(Date.parse(error.time as string)));
  });
});
