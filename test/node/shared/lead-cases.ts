/** The lead half of the shared proxy contract (both runtimes run it). */
import assert from 'node:assert/strict';
import { isEnvelope } from '../proxy/harness.js';
import {
  answeredDown,
  CONTRACT_KEY,
  json,
  key,
  ORIGIN,
  until,
  upstreamState,
  type ContractCase,
  type ContractTarget,
} from './proxy-contract.js';
/** A lead POST as a widget sends it. */
function sendLead(t: ContractTarget, path: string, idempotencyKey: string | undefined, body: unknown) {
  return fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { ...json, origin: ORIGIN, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body: JSON.stringify(body),
  });
}

/** Upstream answers that stored a lead with this key. */
const storedWith = (t: ContractTarget, k: string) =>
  t.fake.seen.filter((s) => s.headers['idempotency-key'] === k && !answeredDown.has(s));

export const leadCases: ContractCase[] = [
  {
    rule: 'a lead is forwarded with its Idempotency-Key; a repeated key is answered from the first result, not sent again',
    async run(t) {
      const k = key('lead-fwd');
      const a = await sendLead(t, '/external/contact/submit', k, { name: 'Ann', email: 'ann@example.com' });
      assert.equal(a.status, 201);
      assert.equal(a.headers.get('idempotency-key'), k);
      const b = await sendLead(t, '/external/contact/submit', k, { name: 'Ann', email: 'ann@example.com' });
      assert.equal(b.status, 201);
      assert.equal(b.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(await b.json(), await a.json());
      assert.equal(t.fake.seen.filter((s) => s.headers['idempotency-key'] === k).length, 1);
      assert.equal(t.fake.seen.find((s) => s.headers['idempotency-key'] === k)?.headers['x-api-key'], CONTRACT_KEY);
    },
  },
  {
    rule: 'the same key with another body is refused (400); a malformed key is refused; a missing one is made',
    async run(t) {
      const k = key('lead-mis');
      assert.equal(
        (await sendLead(t, '/external/contact/submit', k, { name: 'A', email: 'a@example.com' })).status,
        201,
      );
      const other = await sendLead(t, '/external/contact/submit', k, { name: 'B', email: 'b@example.com' });
      assert.equal(other.status, 400);
      assert.ok(isEnvelope(await other.json(), 400));
      const bad = await sendLead(t, '/external/contact/submit', 'short', { name: 'A', email: 'a@example.com' });
      assert.equal(bad.status, 400);
      await bad.arrayBuffer();
      const made = await sendLead(t, '/external/newsletter/subscribe', undefined, { email: 'm@example.com' });
      assert.equal(made.status, 201);
      assert.match(made.headers.get('idempotency-key') ?? '', /^gen-/);
    },
  },
  {
    rule: 'a concurrent double submit makes one upstream call',
    async run(t) {
      const k = key('lead-dbl');
      const [a, b] = await Promise.all([
        sendLead(t, '/external/test-drives', k, { vehicleId: 'v1', email: 'd@example.com' }),
        sendLead(t, '/external/test-drives', k, { vehicleId: 'v1', email: 'd@example.com' }),
      ]);
      assert.equal(a.status, 201);
      assert.equal(b.status, 201);
      assert.equal(t.fake.seen.filter((s) => s.headers['idempotency-key'] === k).length, 1);
    },
  },
  {
    rule: 'a lead taken while CarStrel is down is stored (202 + reference), replayed for its key, and delivered once when it returns',
    async run(t) {
      const k = key('lead-down');
      upstreamState.down = true;
      try {
        const a = await sendLead(t, '/external/newsletter/subscribe', k, { email: 'queued@example.com' });
        assert.equal(a.status, 202);
        const first = await a.json();
        assert.equal(first.statusCode, 202);
        assert.equal(first.data.queued, true);
        assert.match(first.data.reference, /^lead_/);
        const again = await sendLead(t, '/external/newsletter/subscribe', k, { email: 'queued@example.com' });
        assert.equal(again.status, 202);
        assert.equal(again.headers.get('idempotent-replayed'), 'true');
        assert.equal((await again.json()).data.reference, first.data.reference);
        const health = await (await fetch(`${t.url}/healthz`)).json();
        assert.ok(health.data.queue.depth >= 1, 'the queue shows it');
      } finally {
        upstreamState.down = false;
      }
      assert.ok(await until(() => storedWith(t, k).length > 0, 15_000), 'delivered after CarStrel returned');
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(storedWith(t, k).length, 1, 'exactly once');
      assert.ok(
        await until(async () => (await (await fetch(`${t.url}/healthz`)).json()).data.queue.depth === 0, 5000),
        'the queue is empty again',
      );
    },
  },
  {
    rule: 'a full queue refuses a new lead visibly (503 + Retry-After, in the envelope); the leads it holds are all delivered',
    async run(t) {
      const keys = [key('lead-full-a'), key('lead-full-b'), key('lead-full-c')];
      upstreamState.down = true;
      try {
        for (const k of keys.slice(0, 2))
          assert.equal(
            (await sendLead(t, '/external/contact/submit', k, { name: k, email: 'f@example.com' })).status,
            202,
          );
        const refused = await sendLead(t, '/external/contact/submit', keys[2], { name: 'c', email: 'f@example.com' });
        assert.equal(refused.status, 503);
        assert.ok(Number(refused.headers.get('retry-after')) > 0);
        assert.ok(isEnvelope(await refused.json(), 503));
      } finally {
        upstreamState.down = false;
      }
      assert.ok(
        await until(() => keys.slice(0, 2).every((k) => storedWith(t, k).length === 1), 15_000),
        'both queued leads delivered',
      );
      assert.equal(storedWith(t, keys[2] ?? '').length, 0, 'the refused one was not stored');
    },
  },
];
