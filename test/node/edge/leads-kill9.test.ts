/**
 * No lead lost on the edge, for real: workerd serves the proxy in front of the sandbox; while the
 * sandbox is down a lead is answered 202 (stored in the LeadOutbox Durable Object first); workerd
 * is killed with SIGKILL; `npm run edge` starts again on the same data directory; the sandbox comes
 * back, and the lead arrives in its journal exactly once, delivered by the object's alarm alone
 * (no request reaches the proxy between the restart and the delivery).
 */
import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { startSandbox } from '../../../proxy/sandbox/index.js';
import { edgeWorkDir, freePort, startEdge, type RunningEdge } from './workerd-harness.js';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

async function journalEmails(sandbox: Sandbox): Promise<string[]> {
  const j = (await (await fetch(`${sandbox.url}/_sandbox/journal`)).json()) as { newsletter: { email: string }[] };
  return j.newsletter.map((n) => n.email);
}

async function faults(sandbox: Sandbox, down: boolean): Promise<void> {
  const r = await fetch(`${sandbox.url}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ down }),
  });
  assert.equal(r.status, 200);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('edge: a queued lead survives kill -9 of workerd', () => {
  let sandbox: Sandbox;
  let edge: RunningEdge | undefined;
  const work = edgeWorkDir();
  const env = () => ({
    CARSTREL_API_KEY: 'sk_test_sandbox',
    CARSTREL_API_URL: sandbox.url,
    CARSTREL_DATA_DIR: work.data,
    CARSTREL_RATE_LIMIT: 'off',
    CARSTREL_UPSTREAM_TIMEOUT_MS: '2000',
  });

  before(async () => {
    sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await edge?.stop();
    await sandbox?.close();
    work.cleanup();
  });

  it('202 while the sandbox is down, kill -9, restart, sandbox up: in the journal exactly once', async () => {
    const port = await freePort();
    edge = await startEdge(env(), { out: work.out, port });
    await faults(sandbox, true);
    const email = `kill9-${Date.now()}@example.com`;
    const lead = () =>
      fetch(`${edge?.url}/external/newsletter/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `kill9-${email}` },
        body: JSON.stringify({ email }),
      });
    const first = await lead();
    assert.equal(first.status, 202);
    const { data } = await first.json();
    assert.equal(data.queued, true);

    const pid = edge.workerdPid;
    await edge.kill9();
    assert.equal(alive(pid), false, 'workerd is gone');
    edge = undefined;
    assert.deepEqual(await journalEmails(sandbox), [], 'not delivered while down');

    edge = await startEdge(env(), { out: work.out, port });
    await faults(sandbox, false);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !(await journalEmails(sandbox)).includes(email))
      await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(await journalEmails(sandbox), [email], 'delivered by the alarm after the restart');

    await new Promise((r) => setTimeout(r, 2000));
    assert.deepEqual(await journalEmails(sandbox), [email], 'exactly once');
    const again = await lead();
    assert.equal(again.headers.get('idempotent-replayed'), 'true', 'its key is remembered across the restart');
    assert.ok(again.status >= 200 && again.status < 300);
    assert.deepEqual(await journalEmails(sandbox), [email]);
    const health = await (await fetch(`${edge.url}/healthz`)).json();
    assert.equal(health.data.queue.depth, 0);
  });
});
