/**
 * The dealer console's lead outbox on the edge, for real: `npm run edge` (workerd) with a fake
 * CarStrel whose lead route fails (its other routes answer, so each lead keeps its own backoff)
 * and the dealer's webhook, failing too. After signing in to the console, `GET /admin/api/outbox`
 * is the `LeadOutbox` Durable Object's own view: the queued lead waits for CarStrel, its webhook is
 * pending with the error; once both recover, "retry now" delivers it at once (before either next
 * attempt was due) and the view shows it delivered. With many dealers, each tenant's console
 * (`/d/<id>/admin`) lists its own outbox only.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, before, after } from 'node:test';
import type { ConsoleReport, OutboxView } from '../../../src/admin/types.js';
import { envelope, startFakeUpstream, type FakeUpstream } from '../proxy/fake-upstream.js';
import { isEnvelope } from '../proxy/harness.js';
import { startWebhook, type WebhookReceiver } from '../proxy/sinks-fakes.js';
import { until } from '../proxy/tenants-harness.js';
import { edgeWorkDir, startEdge, type RunningEdge } from './workerd-harness.js';

const KEY = 'sk_test_edgeconsole42';
const SECRET = 'whsec_edgeconsole_0123456789abcdef';
const PASSWORD = 'console outbox on the edge';

/** A fake CarStrel: every GET answers; lead POSTs answer 503 while `down.leads` is set. */
async function fakeCarstrel(down: { leads: boolean }): Promise<FakeUpstream> {
  return startFakeUpstream((s) =>
    s.method !== 'POST'
      ? { body: envelope([]) }
      : down.leads
        ? { status: 503, body: { statusCode: 503, message: 'down', error: 'Service Unavailable' } }
        : { status: 201, body: envelope({ id: 'c-1' }, 201) },
  );
}

/** Signs in to the console under `base` (`/admin` or `/d/<id>/admin`) and answers its cookie. */
async function signIn(edge: RunningEdge, base: string): Promise<string> {
  const res = await fetch(`${edge.url}${base}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: edge.url },
    body: JSON.stringify({ password: PASSWORD }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

function sendLead(edge: RunningEdge, prefix: string, email: string, origin?: string): Promise<Response> {
  return fetch(`${edge.url}${prefix}/external/contact/submit`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': `edge-console-${email}`,
      ...(origin ? { origin } : {}),
    },
    body: JSON.stringify({ name: 'Ada', email, message: 'Call me about the Giulia' }),
  });
}

async function outbox(edge: RunningEdge, base: string, cookie: string): Promise<{ view: OutboxView; text: string }> {
  const res = await fetch(`${edge.url}${base}/api/outbox`, { headers: { cookie } });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  return { view: (JSON.parse(text) as { data: OutboxView }).data, text };
}

describe('edge console: the lead outbox of the dealer (workerd)', () => {
  const work = edgeWorkDir();
  const down = { leads: true };
  let edge: RunningEdge | undefined;
  let upstream: FakeUpstream | undefined;
  let hook: WebhookReceiver | undefined;
  after(async () => {
    await edge?.stop();
    await upstream?.close();
    await hook?.close();
    work.cleanup();
  });

  it(
    'lists a queued lead waiting, its failing webhook pending with the error; "retry now" delivers both at once',
    { timeout: 120_000 },
    async () => {
      upstream = await fakeCarstrel(down);
      hook = await startWebhook();
      hook.fallback = 500;
      edge = await startEdge(
        {
          CARSTREL_API_KEY: KEY,
          CARSTREL_API_URL: upstream.url,
          CARSTREL_DATA_DIR: work.data,
          CARSTREL_RATE_LIMIT: 'off',
          CARSTREL_UPSTREAM_TIMEOUT_MS: '1000',
          CARSTREL_LEAD_WEBHOOK: hook.url,
          CARSTREL_LEAD_WEBHOOK_SECRET: SECRET,
          CARSTREL_ADMIN_PASSWORD: PASSWORD,
        },
        { out: work.out },
      );
      const refused = await fetch(`${edge.url}/admin/api/outbox`);
      assert.equal(refused.status, 401, 'no session, no outbox');
      assert.ok(isEnvelope(await refused.json(), 401));
      const retryRefused = await fetch(`${edge.url}/admin/api/outbox/retry`, {
        method: 'POST',
        headers: { origin: edge.url },
      });
      assert.equal(retryRefused.status, 401);
      await retryRefused.arrayBuffer();
      const cookie = await signIn(edge, '/admin');

      const queued = await sendLead(edge, '', 'ada@example.com');
      assert.equal(queued.status, 202, 'queued while CarStrel refuses leads');
      const { reference } = ((await queued.json()) as { data: { reference: string } }).data;

      // Wait until both the lead's next attempt at CarStrel and its webhook's are more than 3 s
      // away: from then on only "retry now" can deliver it within 2 s.
      const farOff = (iso: string | null | undefined) => !!iso && Date.parse(iso) - Date.now() > 3000;
      let seen: OutboxView | undefined;
      let text = '';
      await until(
        async () => {
          ({ view: seen, text } = await outbox(edge!, '/admin', cookie));
          const waiting = seen.waiting.find((w) => w.reference === reference);
          const sink = seen.leads.find((l) => l.reference === reference)?.sinks.webhook;
          return farOff(waiting?.nextAttempt) && sink?.state === 'pending' && !!sink.error && farOff(sink.next);
        },
        60_000,
        'the lead and its webhook both backed off for more than 3 s',
      );
      assert.ok(seen);
      const waiting = seen.waiting.find((w) => w.reference === reference);
      assert.equal(waiting?.kind, 'contact');
      assert.ok((waiting?.attempts ?? 0) >= 2, 'tried again since it was queued (the first attempt counts 1)');
      assert.equal(seen.queue.depth, 1);
      const lead = seen.leads.find((l) => l.reference === reference);
      assert.equal(lead?.kind, 'contact');
      assert.equal(lead?.sinks.webhook?.state, 'pending');
      assert.match(lead?.sinks.webhook?.error ?? '', /500/);
      assert.equal(seen.queue.sinks?.webhook?.pending, 1);
      assert.doesNotMatch(text, new RegExp(`${KEY}|${SECRET}|ada@example\\.com`), 'no key, secret or shopper field');
      assert.equal(hook.accepted().length, 0);

      down.leads = false;
      hook.fallback = 200;
      const retry = await fetch(`${edge.url}/admin/api/outbox/retry`, {
        method: 'POST',
        headers: { cookie, origin: edge.url },
      });
      assert.equal(retry.status, 200, await retry.clone().text());
      await retry.arrayBuffer();
      await until(
        async () => {
          ({ view: seen } = await outbox(edge!, '/admin', cookie));
          const sink = seen.leads.find((l) => l.reference === reference)?.sinks.webhook;
          return seen.waiting.length === 0 && sink?.state === 'delivered';
        },
        2000,
        'CarStrel and the webhook have the lead within 2 s of "retry now"',
      );
      assert.equal(seen.queue.depth, 0);
      assert.equal(seen.queue.sinks?.webhook?.pending, 0);
      const delivered = hook.accepted().map((h) => (JSON.parse(h.body) as { reference: string }).reference);
      assert.deepEqual(delivered, [reference], 'the webhook has it once');
      const taken = upstream.seen.filter(
        (s) => s.method === 'POST' && s.headers['idempotency-key'] === 'edge-console-ada@example.com',
      );
      assert.ok(taken.length >= 2, 'CarStrel was tried again and took it');
    },
  );

  it('the console’s health shows the outbox’s queue as it is now, not as the worker last heard it', async () => {
    assert.ok(edge && upstream);
    const cookie = await signIn(edge, '/admin');
    const depth = async () => {
      const res = await fetch(`${edge!.url}/admin/api/health`, { headers: { cookie } });
      const text = await res.text();
      assert.equal(res.status, 200, text);
      return (JSON.parse(text) as { data: ConsoleReport }).data.health.queue.depth;
    };
    down.leads = true;
    const queued = await sendLead(edge, '', 'grace@example.com');
    assert.equal(queued.status, 202);
    await queued.arrayBuffer();
    assert.equal(await depth(), 1, 'the queued lead');
    // CarStrel is back and "retry now" hands the lead over: the outbox object delivers it on its own
    // alarm, after the worker last heard from it. Only the console's health is asked from here on.
    const sent = () =>
      upstream!.seen.filter(
        (s) => s.method === 'POST' && s.headers['idempotency-key'] === 'edge-console-grace@example.com',
      ).length;
    const tries = sent();
    down.leads = false;
    const retry = await fetch(`${edge.url}/admin/api/outbox/retry`, {
      method: 'POST',
      headers: { cookie, origin: edge.url },
    });
    assert.equal(retry.status, 200);
    await retry.arrayBuffer();
    await until(async () => sent() > tries, 3000, 'CarStrel was sent the lead again, and took it');
    await until(async () => (await depth()) === 0, 3000, 'the console’s health shows the queue empty');
  });

  it('a retry from another origin is refused (403), even with the session', async () => {
    assert.ok(edge);
    const cookie = await signIn(edge, '/admin');
    const res = await fetch(`${edge.url}/admin/api/outbox/retry`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example' },
    });
    assert.equal(res.status, 403);
    assert.ok(isEnvelope(await res.json(), 403));
  });
});

describe('edge console: each tenant’s console lists its own outbox (workerd)', () => {
  const work = edgeWorkDir();
  const down = { leads: true };
  let edge: RunningEdge | undefined;
  let upstream: FakeUpstream | undefined;
  before(async () => {
    upstream = await fakeCarstrel(down);
    const file = join(work.data, '..', 'tenants.json');
    writeFileSync(
      file,
      JSON.stringify({
        tenants: [
          { id: 'alpha', apiKey: 'sk_test_alphaconsole1', allowedOrigins: ['https://alpha.example'] },
          { id: 'bravo', apiKey: 'sk_test_bravoconsole1', allowedOrigins: ['https://bravo.example'] },
        ],
      }),
    );
    edge = await startEdge(
      {
        CARSTREL_TENANTS: file,
        CARSTREL_API_URL: upstream.url,
        CARSTREL_DATA_DIR: work.data,
        CARSTREL_RATE_LIMIT: 'off',
        CARSTREL_UPSTREAM_TIMEOUT_MS: '1000',
        CARSTREL_ADMIN_PASSWORD: PASSWORD,
      },
      { out: work.out },
    );
  });
  after(async () => {
    await edge?.stop();
    await upstream?.close();
    work.cleanup();
  });

  it('shows a tenant only its own waiting leads, and its session opens no other tenant’s', async () => {
    assert.ok(edge);
    const refs: Record<string, string> = {};
    for (const t of ['alpha', 'bravo']) {
      const res = await sendLead(edge, `/d/${t}`, `${t}@example.com`, `https://${t}.example`);
      assert.equal(res.status, 202, `${t}: queued`);
      refs[t] = ((await res.json()) as { data: { reference: string } }).data.reference;
    }
    const root = await fetch(`${edge.url}/admin/api/outbox`);
    assert.equal(root.status, 404, 'no console at the root of a multi-dealer edge');
    assert.ok(isEnvelope(await root.json(), 404));
    for (const [t, other] of [
      ['alpha', 'bravo'],
      ['bravo', 'alpha'],
    ] as const) {
      const cookie = await signIn(edge, `/d/${t}/admin`);
      const { view, text } = await outbox(edge, `/d/${t}/admin`, cookie);
      assert.deepEqual(
        view.waiting.map((w) => w.reference),
        [refs[t]],
        `${t}: its own lead only`,
      );
      assert.equal(view.queue.depth, 1);
      assert.doesNotMatch(text, /sk_test_/);
      const foreign: Response = await fetch(`${edge.url}/d/${other}/admin/api/outbox`, { headers: { cookie } });
      assert.equal(foreign.status, 401, `${t}'s session is not ${other}'s`);
      await foreign.arrayBuffer();
    }
    // "Retry now" in a tenant's console: its outbox object sends its lead, with the tenant's key.
    down.leads = false;
    const cookie = await signIn(edge, '/d/alpha/admin');
    const retry = await fetch(`${edge.url}/d/alpha/admin/api/outbox/retry`, {
      method: 'POST',
      headers: { cookie, origin: edge.url },
    });
    assert.equal(retry.status, 200);
    await retry.arrayBuffer();
    await until(
      async () => (await outbox(edge!, '/d/alpha/admin', cookie)).view.waiting.length === 0,
      8000, // a busy machine: the tenant's key is what this checks, the promptness is the test above
      'alpha’s lead delivered after "retry now"',
    );
    const alphaPosts = upstream!.seen.filter(
      (s) => s.method === 'POST' && s.headers['idempotency-key'] === 'edge-console-alpha@example.com',
    );
    assert.equal(alphaPosts.at(-1)?.headers['x-api-key'], 'sk_test_alphaconsole1');
  });
});
