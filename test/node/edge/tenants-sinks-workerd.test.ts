/**
 * Many dealers on the edge, each with its own lead sinks: `npm run edge` (workerd) with a tenants
 * file whose `leads` blocks name one webhook per tenant (a secret inline, one from the variable its
 * `webhookSecretEnv` names). Each tenant's LeadOutbox object delivers its leads to its own webhook
 * only, exactly once, through failing webhooks, CarStrel down and a `kill -9` of workerd; a rewrite
 * of the document that changes a tenant's webhook hands its waiting leads to the new one; an ADF
 * email sink (no SMTP from a Worker) stops `npm run edge` instead of dropping leads.
 */
import assert from 'node:assert/strict';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, after } from 'node:test';
import { TENANTS_REFRESH_MS } from '../../../proxy/edge/tenants.js';
import { envelope, startFakeUpstream } from '../proxy/fake-upstream.js';
import { startWebhook, verifyCarstrelSignature, type WebhookReceiver } from '../proxy/sinks-fakes.js';
import { call, until, type TenantEntry } from '../proxy/tenants-harness.js';
import { edgeWorkDir, freePort, startEdge, type RunningEdge } from './workerd-harness.js';

const KEY_A = 'sk_test_alphasinks1';
const KEY_B = 'sk_test_bravosinks1';
const SECRET_A = 'whsec_alpha_0123456789abcdef';
const SECRET_B = 'whsec_bravo_0123456789abcdef';
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

type Entry = TenantEntry & { leads?: Record<string, string> };

interface Body {
  reference: string;
  fields: { email: string };
}

describe('edge tenants: each tenant its own webhook, exactly once (workerd)', () => {
  const work = edgeWorkDir();
  const file = join(work.data, '..', 'tenants.json');
  const write = (t: Entry[]) => {
    writeFileSync(`${file}.tmp`, JSON.stringify({ tenants: t }, null, 2));
    renameSync(`${file}.tmp`, file);
  };
  let edge: RunningEdge | undefined;
  const hooks: WebhookReceiver[] = [];
  let down = false;
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>> | undefined;
  after(async () => {
    await edge?.stop();
    await upstream?.close();
    await Promise.all(hooks.map((h) => h.close()));
    work.cleanup();
  });

  const bodies = (hook: WebhookReceiver) => hook.accepted().map((h) => JSON.parse(h.body) as Body);
  const emails = (hook: WebhookReceiver) => bodies(hook).map((b) => b.fields.email);
  const tried = (hook: WebhookReceiver) => new Set(hook.hits.map((h) => (JSON.parse(h.body) as Body).fields.email));

  it(
    'delivers each lead to its tenant’s webhook once, through failing webhooks, CarStrel down and a kill -9',
    { timeout: 150_000 },
    async () => {
      upstream = await startFakeUpstream((s) =>
        s.method !== 'POST'
          ? { body: envelope([]) }
          : down
            ? { status: 503, body: { statusCode: 503, message: 'down', error: 'Service Unavailable' } }
            : { status: 201, body: envelope({ id: 'c-1' }, 201) },
      );
      const [hookA, hookB] = await Promise.all([startWebhook(), startWebhook()]);
      hooks.push(hookA, hookB);
      hookA.fallback = 500;
      hookB.fallback = 503;
      const tenants: Entry[] = [
        {
          id: 'alpha',
          apiKey: KEY_A,
          allowedOrigins: ['https://alpha.example'],
          leads: { webhook: hookA.url, webhookSecret: SECRET_A },
        },
        {
          id: 'bravo',
          apiKey: KEY_B,
          allowedOrigins: ['https://bravo.example'],
          leads: { webhook: hookB.url, webhookSecretEnv: 'BRAVO_HOOK_SECRET' },
        },
      ];
      write(tenants);
      const env = {
        CARSTREL_TENANTS: file,
        CARSTREL_API_URL: upstream.url,
        CARSTREL_DATA_DIR: work.data,
        CARSTREL_RATE_LIMIT: 'off',
        CARSTREL_UPSTREAM_TIMEOUT_MS: '1000',
        BRAVO_HOOK_SECRET: SECRET_B,
      };
      const port = await freePort();
      edge = await startEdge(env, { out: work.out, port });
      const send = (tenant: string, email: string) =>
        call(edge?.url ?? '', `/d/${tenant}/external/contact/submit`, {
          method: 'POST',
          headers: {
            origin: `https://${tenant}.example`,
            'idempotency-key': `edge-tenant-sinks-${email}`,
            referer: `https://${tenant}.example/cars/stelvio`,
          },
          body: { name: 'Kim', email, message: 'Call me about the Stelvio' },
        });
      for (const t of ['alpha', 'bravo']) assert.equal((await send(t, `taken-${t}@example.com`)).status, 201);
      down = true;
      const queued: Record<string, string> = {};
      for (const t of ['alpha', 'bravo']) {
        const res = await send(t, `queued-${t}@example.com`);
        assert.equal(res.status, 202, `${t}: queued while CarStrel is down`);
        queued[t] = (res.json().data as { reference: string }).reference;
      }
      await until(
        () => [hookA, hookB].every((h) => tried(h).size === 2 && h.hits.length >= 3),
        20_000,
        'each webhook tried for both of its leads, and retried',
      );
      assert.equal(hookA.accepted().length + hookB.accepted().length, 0);
      await edge.kill9();
      edge = undefined;

      hookA.fallback = 200;
      hookB.fallback = 200;
      down = false;
      edge = await startEdge(env, { out: work.out, port });
      await until(
        () => hookA.accepted().length >= 2 && hookB.accepted().length >= 2,
        30_000,
        'both tenants’ leads delivered after the restart',
      );
      await sleep(3000);
      assert.deepEqual(
        emails(hookA).sort(),
        ['queued-alpha@example.com', 'taken-alpha@example.com'],
        'alpha: once each',
      );
      assert.deepEqual(
        emails(hookB).sort(),
        ['queued-bravo@example.com', 'taken-bravo@example.com'],
        'bravo: once each',
      );
      assert.equal(bodies(hookA).find((b) => b.fields.email === 'queued-alpha@example.com')?.reference, queued.alpha);
      assert.equal(bodies(hookB).find((b) => b.fields.email === 'queued-bravo@example.com')?.reference, queued.bravo);
      for (const [hook, secret, other] of [
        [hookA, SECRET_A, SECRET_B],
        [hookB, SECRET_B, SECRET_A],
      ] as const)
        for (const h of hook.hits) {
          const sig = String(h.headers['x-carstrel-signature']);
          assert.ok(verifyCarstrelSignature(h.body, sig, secret), 'signed with its tenant’s secret');
          assert.ok(!verifyCarstrelSignature(h.body, sig, other));
          assert.doesNotMatch(h.body, /sk_test_/, 'no API key in what is sent');
        }

      for (const t of ['alpha', 'bravo']) {
        const health = await call(edge.url, `/d/${t}/healthz`, { headers: { 'cf-connecting-ip': '127.0.0.1' } });
        const queue = (health.json().data as { queue: { depth: number; sinks?: Record<string, { pending: number }> } })
          .queue;
        assert.deepEqual(
          [queue.depth, queue.sinks?.webhook?.pending],
          [0, 0],
          `${t}: nothing waits, and its own webhook is reported (${health.text})`,
        );
      }
      const again = await send('alpha', 'taken-alpha@example.com');
      assert.equal(again.headers['idempotent-replayed'], 'true');
      await sleep(1500);
      assert.equal(hookA.accepted().length, 2, 'a repeated key is routed nowhere again');
      assert.equal(hookB.accepted().length, 2);
    },
  );

  it(
    'a rewrite that changes a tenant’s webhook hands its waiting lead to the new one, once',
    { timeout: 60_000 },
    async () => {
      assert.ok(edge && upstream);
      const [hookA, hookB] = hooks;
      const hookC = await startWebhook();
      hooks.push(hookC);
      hookA.fallback = 503;
      const res = await call(edge.url, '/d/alpha/external/contact/submit', {
        method: 'POST',
        headers: { origin: 'https://alpha.example', 'idempotency-key': 'edge-tenant-sinks-moved' },
        body: { name: 'Kim', email: 'moved@example.com', message: 'Call me about the Stelvio' },
      });
      assert.equal(res.status, 201);
      await until(() => tried(hookA).has('moved@example.com'), 10_000, 'a first, failed attempt at the old webhook');
      write([
        {
          id: 'alpha',
          apiKey: KEY_A,
          allowedOrigins: ['https://alpha.example'],
          leads: { webhook: hookC.url, webhookSecret: SECRET_A },
        },
        {
          id: 'bravo',
          apiKey: KEY_B,
          allowedOrigins: ['https://bravo.example'],
          leads: { webhook: hookB.url, webhookSecretEnv: 'BRAVO_HOOK_SECRET' },
        },
      ]);
      await until(() => emails(hookC).includes('moved@example.com'), 20_000 + TENANTS_REFRESH_MS, 'the new webhook');
      hookA.fallback = 200;
      await sleep(2000);
      assert.deepEqual(emails(hookC), ['moved@example.com'], 'delivered once, at the new webhook');
      assert.ok(!emails(hookA).includes('moved@example.com'), 'the old webhook no longer gets it');
      assert.ok(!tried(hookB).has('moved@example.com'));
    },
  );

  it('a tenant with an ADF email sink: `npm run edge` stops at start-up with the reason (exit 2)', async () => {
    const other = edgeWorkDir();
    const doc = join(other.data, '..', 'tenants.json');
    writeFileSync(
      doc,
      JSON.stringify({
        tenants: [
          {
            id: 'alpha',
            apiKey: KEY_A,
            allowedOrigins: ['https://alpha.example'],
            leads: { email: 'leads@crm.alpha.example', smtpUrl: 'smtp://127.0.0.1:2525' },
          },
        ],
      }),
    );
    try {
      await assert.rejects(
        startEdge(
          { CARSTREL_TENANTS: doc, CARSTREL_API_URL: 'http://127.0.0.1:9', CARSTREL_DATA_DIR: other.data },
          { out: other.out },
        ),
        (err: Error) =>
          /exited \(code 2\) before workerd served/.test(err.message) &&
          /tenant "alpha": "leads\.email".*not available on the edge/.test(err.message),
      );
    } finally {
      other.cleanup();
    }
  });
});
