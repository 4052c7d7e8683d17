/**
 * Lead sinks on the edge, for real: workerd (`npm run edge`) with the dealer's webhook, a receiver
 * started here. Two leads (one CarStrel took, one queued while CarStrel is down) meet a failing
 * webhook, workerd is killed with SIGKILL, `npm run edge` starts again on the same data directory,
 * the webhook and CarStrel recover: each lead reaches the webhook exactly once, signed, delivered by
 * the LeadOutbox object (its alarm after the restart). And the sink the edge cannot run (ADF email:
 * no SMTP from a Worker) stops `npm run edge` with a clear error instead of dropping leads.
 */
import assert from 'node:assert/strict';
import { describe, it, after } from 'node:test';
import { edgeConfig } from '../../../proxy/edge/config.js';
import type { DurableObjectNamespace } from '../../../proxy/edge/platform.js';
import { ConfigError } from '../../../proxy/lib/config.js';
import { envelope, startFakeUpstream } from '../proxy/fake-upstream.js';
import { eventually, startWebhook, verifyCarstrelSignature } from '../proxy/sinks-fakes.js';
import { edgeWorkDir, freePort, startEdge, type RunningEdge } from './workerd-harness.js';

const KEY = 'sk_test_edgesinks42';
const SECRET = 'whsec_edge_0123456789abcdef';
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const unused: DurableObjectNamespace = {
  idFromName: () => assert.fail('unused'),
  get: () => assert.fail('unused'),
};

describe('edge: lead sinks', () => {
  const work = edgeWorkDir();
  let edge: RunningEdge | undefined;
  after(async () => {
    await edge?.stop();
    work.cleanup();
  });

  it('webhook: each lead once, through a failing sink and a kill -9 of workerd', { timeout: 120_000 }, async () => {
    let down = false;
    const upstream = await startFakeUpstream((s) =>
      s.method !== 'POST'
        ? { body: envelope([]) }
        : down
          ? { status: 503, body: { statusCode: 503, message: 'down', error: 'Service Unavailable' } }
          : { status: 201, body: envelope({ id: 'c-1' }, 201) },
    );
    const hook = await startWebhook();
    hook.fallback = 500; // the webhook fails until workerd has been killed
    try {
      const env = {
        CARSTREL_API_KEY: KEY,
        CARSTREL_API_URL: upstream.url,
        CARSTREL_DATA_DIR: work.data,
        CARSTREL_RATE_LIMIT: 'off',
        CARSTREL_UPSTREAM_TIMEOUT_MS: '1000',
        CARSTREL_LEAD_WEBHOOK: hook.url,
        CARSTREL_LEAD_WEBHOOK_SECRET: SECRET,
      };
      const port = await freePort();
      edge = await startEdge(env, { out: work.out, port });
      const send = (email: string) =>
        fetch(`${edge?.url}/external/contact/submit`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': `edge-sinks-${email}`,
            referer: 'https://www.dealer.example/cars/stelvio#top',
          },
          body: JSON.stringify({ name: 'Kim', email, message: 'Call me about the Stelvio' }),
        });
      const taken = await send('taken@example.com');
      assert.equal(taken.status, 201, 'CarStrel took the first lead');
      await taken.arrayBuffer();
      down = true;
      const queued = await send('queued@example.com');
      assert.equal(queued.status, 202, 'the second is queued while CarStrel is down');
      const { reference } = (await queued.json()).data as { reference: string };

      const emailsTried = () => new Set(hook.hits.map((h) => JSON.parse(h.body).fields.email as string));
      assert.ok(
        await eventually(() => Promise.resolve(emailsTried().size === 2 && hook.hits.length >= 3), 20_000),
        `the webhook was tried for both leads, and retried (${hook.hits.length} tries)`,
      );
      assert.equal(hook.accepted().length, 0);
      await edge.kill9();
      edge = undefined;

      hook.fallback = 200;
      down = false;
      edge = await startEdge(env, { out: work.out, port });
      assert.ok(
        await eventually(() => Promise.resolve(hook.accepted().length >= 2), 30_000),
        'both delivered after the restart, with no request to the proxy',
      );
      await sleep(3000);
      const accepted = hook
        .accepted()
        .map((h) => JSON.parse(h.body) as { fields: { email: string }; reference: string });
      assert.deepEqual(accepted.map((b) => b.fields.email).sort(), ['queued@example.com', 'taken@example.com']);
      assert.equal(accepted.find((b) => b.fields.email === 'queued@example.com')?.reference, reference);
      for (const h of hook.hits) {
        assert.ok(verifyCarstrelSignature(h.body, h.headers['x-carstrel-signature'] as string, SECRET), 'signed');
        assert.equal(h.headers['idempotency-key'], JSON.parse(h.body).reference);
      }
      assert.equal(JSON.parse(hook.accepted()[0].body).page, 'https://www.dealer.example/cars/stelvio');
      const posts = upstream.seen.filter((s) => s.method === 'POST' && s.url === '/external/contact/submit');
      assert.equal(
        posts.filter((s) => s.headers['idempotency-key'] === 'edge-sinks-queued@example.com').length >= 2,
        true,
      );

      const health = (await (await fetch(`${edge.url}/healthz`)).json()) as {
        data: { queue: { depth: number; sinks: { webhook: { pending: number; failed: number } } } };
      };
      assert.equal(health.data.queue.depth, 0, 'CarStrel has the queued lead');
      assert.deepEqual(
        [health.data.queue.sinks.webhook.pending, health.data.queue.sinks.webhook.failed],
        [0, 0],
        'no sink waits',
      );
      const again = await send('taken@example.com');
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      await again.arrayBuffer();
      await sleep(1500);
      assert.equal(hook.accepted().length, 2, 'a repeated key is routed nowhere again');
    } finally {
      await upstream.close();
      await hook.close();
    }
  });

  it('ADF email: the worker refuses the setting, naming the webhook instead', () => {
    assert.throws(
      () =>
        edgeConfig({
          LEADS: unused,
          RATE_LIMITS: unused,
          CARSTREL_API_KEY: KEY,
          CARSTREL_API_URL: 'https://api.carstrel.example',
          CARSTREL_SESSION_SECRET: 'x'.repeat(32),
          CARSTREL_LEAD_EMAIL: 'leads@crm.dealer.example',
          CARSTREL_SMTP_URL: 'smtp://127.0.0.1:2525',
        }),
      (err: unknown) =>
        err instanceof ConfigError &&
        /CARSTREL_LEAD_EMAIL \(ADF email\) is not available on the edge/.test(err.message) &&
        /CARSTREL_LEAD_WEBHOOK/.test(err.message),
    );
  });

  it('ADF email: `npm run edge` stops at start-up with the reason (exit 2), never serving without it', async () => {
    const other = edgeWorkDir();
    try {
      await assert.rejects(
        startEdge(
          {
            CARSTREL_API_KEY: KEY,
            CARSTREL_API_URL: 'http://127.0.0.1:9',
            CARSTREL_DATA_DIR: other.data,
            CARSTREL_LEAD_EMAIL: 'leads@crm.dealer.example',
            CARSTREL_SMTP_URL: 'smtp://127.0.0.1:2525',
          },
          { out: other.out },
        ),
        (err: Error) =>
          /exited \(code 2\) before workerd served/.test(err.message) && /Workers cannot speak SMTP/.test(err.message),
      );
    } finally {
      other.cleanup();
    }
  });
});
