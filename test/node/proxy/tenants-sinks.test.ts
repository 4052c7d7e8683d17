/**
 * Many dealers, each with its own lead sinks (`leads` in the tenants file): a lead taken for one
 * tenant reaches that tenant's webhook only; a reload that changes a tenant's sinks keeps the
 * leads already queued for them and hands them to the new ones; the block is checked like
 * CARSTREL_LEAD_*, in the file's own words.
 */
import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { startSandbox } from '../../../proxy/sandbox/index.js';
import { parseTenants } from '../../../proxy/tenants/file.js';
import { startWebhook, verifyCarstrelSignature, type WebhookReceiver } from './sinks-fakes.js';
import {
  call,
  startTenants,
  until,
  SAVANNA,
  SUMMIT,
  type TenantEntry,
  type TenantsHarness,
} from './tenants-harness.js';

const SECRET_A = 'whsec_summit_0123456789abcdef';
const SECRET_B = 'whsec_savanna_0123456789abcdef';

type Entry = TenantEntry & { leads?: Record<string, string> };

describe('tenants: lead sinks per tenant', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let hookA: WebhookReceiver;
  let hookB: WebhookReceiver;
  let hookC: WebhookReceiver;
  let h: TenantsHarness;
  let tenants: Entry[];

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    [hookA, hookB, hookC] = await Promise.all([startWebhook(), startWebhook(), startWebhook()]);
    tenants = [
      {
        id: 'summit',
        apiKey: 'sk_test_sandbox',
        allowedOrigins: [SUMMIT],
        leads: { webhook: hookA.url, webhookSecret: SECRET_A, dealerName: 'Summit Cars' },
      },
      {
        id: 'savanna',
        apiKey: 'sk_test_sandbox2',
        allowedOrigins: [SAVANNA],
        leads: { webhook: hookB.url, webhookSecretEnv: 'SAVANNA_HOOK_SECRET' },
      },
    ];
    h = await startTenants(tenants, sandbox.url, { SAVANNA_HOOK_SECRET: SECRET_B, CARSTREL_LOG: 'off' });
  });
  after(async () => {
    await h.close();
    await Promise.all([hookA.close(), hookB.close(), hookC.close(), sandbox.close()]);
  });

  const lead = (tenant: string, origin: string, key: string, email: string) =>
    call(h.proxy.url, `/d/${tenant}/external/contact/submit`, {
      method: 'POST',
      headers: { origin, 'idempotency-key': key },
      body: { name: 'Shopper', email, message: 'Please call me back about the car.' },
    });
  const got = (hook: WebhookReceiver, email: string) => hook.accepted().filter((x) => x.body.includes(email));

  it("a lead on one tenant reaches that tenant's webhook only, signed with its own secret", async () => {
    assert.ok((await lead('summit', SUMMIT, 'tenant-sink-a-0001', 'a1@example.com')).status < 300);
    assert.ok((await lead('savanna', SAVANNA, 'tenant-sink-b-0001', 'b1@example.com')).status < 300);
    await until(() => got(hookA, 'a1@example.com').length === 1 && got(hookB, 'b1@example.com').length === 1, 8000);
    await new Promise((r) => setTimeout(r, 500)); // anything more would show now
    assert.equal(got(hookA, 'a1@example.com').length, 1);
    assert.equal(got(hookB, 'a1@example.com').length, 0, "summit's lead never reaches savanna's webhook");
    assert.equal(got(hookA, 'b1@example.com').length, 0, "savanna's lead never reaches summit's webhook");
    const a = got(hookA, 'a1@example.com')[0];
    const b = got(hookB, 'b1@example.com')[0];
    assert.ok(verifyCarstrelSignature(a.body, String(a.headers['x-carstrel-signature']), SECRET_A));
    assert.ok(verifyCarstrelSignature(b.body, String(b.headers['x-carstrel-signature']), SECRET_B));
    assert.ok(!verifyCarstrelSignature(b.body, String(b.headers['x-carstrel-signature']), SECRET_A));
    assert.doesNotMatch(a.body + b.body, /sk_test_sandbox/);
  });

  it("a reload that changes a tenant's webhook keeps its queued lead and delivers it to the new one, once", async () => {
    hookA.fallback = 503;
    assert.ok((await lead('summit', SUMMIT, 'tenant-sink-a-0002', 'a2@example.com')).status < 300);
    await until(() => hookA.hits.some((x) => x.body.includes('a2@example.com')), 8000, 'a first, failed attempt');
    tenants[0].leads = { webhook: hookC.url, webhookSecret: SECRET_A };
    h.write(tenants);
    assert.equal(await h.proxy.reload?.(), true);
    await until(() => got(hookC, 'a2@example.com').length === 1, 10_000, 'the queued lead at the new webhook');
    hookA.fallback = 200;
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(got(hookC, 'a2@example.com').length, 1, 'delivered once');
    assert.equal(got(hookA, 'a2@example.com').length, 0, 'the old webhook no longer gets it');
    assert.equal(got(hookB, 'a2@example.com').length, 0);
    // New leads go to the new webhook too.
    assert.ok((await lead('summit', SUMMIT, 'tenant-sink-a-0003', 'a3@example.com')).status < 300);
    await until(() => got(hookC, 'a3@example.com').length === 1, 8000);
  });
});

describe('tenants file: the leads block', () => {
  const file = (leads: unknown) =>
    JSON.stringify({ tenants: [{ id: 'summit', apiKey: 'sk_test_sandbox', allowedOrigins: [SUMMIT], leads }] });
  const problems = (leads: unknown, env: Record<string, string> = {}) => {
    const r = parseTenants(file(leads), env);
    return 'problems' in r ? r.problems.join('\n') : '';
  };

  it('reads the sinks, secrets from their variables', () => {
    const r = parseTenants(
      file({
        webhook: 'https://crm.summit.example/hook',
        webhookSecretEnv: 'HOOK',
        email: 'leads@crm.summit.example',
        smtpUrlEnv: 'SMTP',
        dealerName: 'Summit Cars',
      }),
      { HOOK: SECRET_A, SMTP: 'smtps://user:pass@mail.summit.example' },
    );
    assert.ok('tenants' in r);
    assert.deepEqual(r.tenants[0].leadSinks, {
      webhook: { url: 'https://crm.summit.example/hook', secret: SECRET_A },
      email: { to: 'leads@crm.summit.example', smtpUrl: 'smtps://user:pass@mail.summit.example' },
      dealerName: 'Summit Cars',
    });
  });

  it('says what is wrong, in the file’s own words, and never echoes a secret', () => {
    assert.match(problems({ webhook: 'https://crm.summit.example/hook' }), /\.leads: "webhook" needs "webhookSecret"/);
    assert.match(problems({ webhook: 'http://crm.summit.example/h', webhookSecret: SECRET_A }), /must use https/);
    assert.match(problems({ email: 'leads@crm.summit.example' }), /"email" needs "smtpUrl"/);
    assert.match(
      problems({ webhook: 'https://crm.summit.example/h', webhookSecretEnv: 'NOPE' }),
      /leads\.webhookSecretEnv: the environment variable NOPE is not set/,
    );
    assert.match(problems({ webhok: 'https://x.example' }), /leads.*webhok|webhok.*leads/);
    const smtp = problems({ email: 'leads@crm.summit.example', smtpUrl: 'ftp://user:s3cr3t-pass@mail.example' });
    assert.match(smtp, /smtp:\/\/ or smtps:\/\//);
    assert.doesNotMatch(smtp, /s3cr3t-pass/);
    assert.equal(problems(undefined), '');
  });
});
