/**
 * Lead routing survives `kill -9`: a lead whose sinks were still failing when the proxy was killed
 * reaches each sink once after the restart; a lead the sinks already took is not sent again by a
 * restarted proxy, nor by a repeated Idempotency-Key.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startFakeUpstream, envelope } from './fake-upstream.js';
import { until } from './lead-fakes.js';
import { startSmtp, startWebhook } from './sinks-fakes.js';

const fixture = fileURLToPath(new URL('./fixtures/run-proxy.ts', import.meta.url));
const KEY = 'sk_test_sinkskill9';

function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /URL (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`proxy child exited early (${code})`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

describe('lead routing survives kill -9', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'proxy-sinks-kill9-'));
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('each sink gets the lead exactly once across two kills and restarts', { timeout: 90_000 }, async () => {
    const upstream = await startFakeUpstream((s) =>
      s.method === 'POST' ? { status: 201, body: envelope({ id: 'c-1' }, 201) } : { body: envelope([]) },
    );
    const hook = await startWebhook();
    const smtp = await startSmtp();
    hook.fallback = 500; // both sinks fail until the proxy has been killed
    smtp.reject = Infinity;
    try {
      const env = {
        CARSTREL_API_KEY: KEY,
        CARSTREL_API_URL: upstream.url,
        CARSTREL_DATA_DIR: dataDir,
        CARSTREL_RATE_LIMIT: 'off',
        CARSTREL_LOG: 'off',
        CARSTREL_UPSTREAM_TIMEOUT_MS: '1000',
        CARSTREL_LEAD_WEBHOOK: hook.url,
        CARSTREL_LEAD_WEBHOOK_SECRET: 'whsec_kill9_0123456789',
        CARSTREL_LEAD_EMAIL: 'leads@crm.dealer.example',
        CARSTREL_SMTP_URL: smtp.url,
      };
      const lead = { name: 'Kim', email: 'kim.kill9@example.com', message: 'Call me about the Stelvio' };
      const send = (url: string) =>
        fetch(`${url}/external/contact/submit`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'sinks-kill9-0001' },
          body: JSON.stringify(lead),
        });

      const first = await startChild(env);
      children.push(first.child);
      const r = await send(first.url);
      assert.equal(r.status, 201, 'CarStrel took it; the sinks fail');
      await r.arrayBuffer();
      assert.ok(await until(() => hook.hits.length >= 2 && smtp.mails.length >= 2, 15_000, 50), 'both sinks retried');
      await killed(first.child);
      assert.equal(hook.accepted().length + smtp.accepted().length, 0);

      hook.fallback = 200;
      smtp.reject = 0;
      const second = await startChild(env);
      children.push(second.child);
      assert.ok(await until(() => hook.accepted().length === 1 && smtp.accepted().length === 1, 15_000, 50));
      // Delivered, and recorded: wait until /healthz says no sink waits for it, then kill again.
      for (let i = 0; i < 100; i++) {
        const h = await (await fetch(`${second.url}/healthz`)).json();
        if (h.data.queue.sinks.webhook.pending === 0 && h.data.queue.sinks.email.pending === 0) break;
        await sleep(50);
      }
      await killed(second.child);

      const third = await startChild(env);
      children.push(third.child);
      await sleep(3000);
      const again = await send(third.url);
      assert.equal(again.status, 201);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      await again.arrayBuffer();
      await sleep(1500);
      assert.equal(hook.accepted().length, 1, 'the webhook got it once');
      assert.equal(smtp.accepted().length, 1, 'the email went once');
      assert.equal(upstream.seen.filter((s) => s.method === 'POST').length, 1, 'CarStrel got it once');
      assert.equal(JSON.parse(hook.accepted()[0].body).fields.email, lead.email);
      const journal = readFileSync(join(dataDir, 'live', 'leads.jsonl'), 'utf8');
      assert.ok(!journal.includes('Call me about the Stelvio'), 'no body kept once every sink has settled');
      assert.ok(journal.includes('"s":"sent"'), 'the small per-sink state is kept');
      await killed(third.child);
    } finally {
      await upstream.close();
      await hook.close();
      await smtp.close();
    }
  });
});
