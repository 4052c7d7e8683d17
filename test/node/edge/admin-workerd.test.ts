/**
 * The dealer console's password on the edge, for real: `npm run edge` (workerd, the sandbox beside
 * it) with CARSTREL_ADMIN_PASSWORD_HASH set to a scrypt hash, as `carstrel-proxy hash-password`
 * prints it (its default parameters: 32 MiB, within an isolate's memory). workerd's WebCrypto has no
 * scrypt: the worker derives it with @noble/hashes. The right password opens a session, a wrong one
 * is refused in the envelope; a hash made by Node's own scrypt is accepted as well.
 */
import assert from 'node:assert/strict';
import { scryptSync } from 'node:crypto';
import { describe, it, before, after } from 'node:test';
import { hashPassword, SCRYPT_DEFAULTS } from '../../../proxy/admin/password.js';
import { isEnvelope } from '../proxy/harness.js';
import { edgeWorkDir, startEdge, type RunningEdge } from './workerd-harness.js';

const PASSWORD = 'correct horse battery staple';

async function startConsole(hash: string): Promise<{ edge: RunningEdge; stop(): Promise<void> }> {
  const work = edgeWorkDir();
  const edge = await startEdge(
    { SANDBOX_PORT: '0', CARSTREL_DATA_DIR: work.data, CARSTREL_RATE_LIMIT: 'off', CARSTREL_ADMIN_PASSWORD_HASH: hash },
    { out: work.out },
  );
  return {
    edge,
    async stop() {
      await edge.stop();
      work.cleanup();
    },
  };
}

const signIn = (edge: RunningEdge, password: string) =>
  fetch(`${edge.url}/admin/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: edge.url },
    body: JSON.stringify({ password }),
  });

describe('edge: the console password as a scrypt hash (hash-password defaults)', () => {
  let e: Awaited<ReturnType<typeof startConsole>>;
  let hash = '';
  before(async () => {
    hash = await hashPassword(PASSWORD);
    assert.match(
      hash,
      new RegExp(`^\\$scrypt\\$ln=${SCRYPT_DEFAULTS.ln},r=${SCRYPT_DEFAULTS.r},p=${SCRYPT_DEFAULTS.p}\\$`),
    );
    e = await startConsole(hash);
  });
  after(() => e?.stop());

  it(
    'refuses a wrong password (401, envelope, no cookie) and opens a session with the right one',
    { timeout: 60_000 },
    async () => {
      const wrong = await signIn(e.edge, `${PASSWORD}!`);
      assert.equal(wrong.status, 401);
      assert.ok(isEnvelope(await wrong.json(), 401));
      assert.equal(wrong.headers.get('set-cookie'), null);
      const right = await signIn(e.edge, PASSWORD);
      assert.equal(right.status, 200, await right.clone().text());
      const cookie = (right.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      assert.match(cookie, /carstrel_admin/);
      const session = await fetch(`${e.edge.url}/admin/api/health`, { headers: { cookie } });
      assert.equal(session.status, 200);
      assert.equal((await fetch(`${e.edge.url}/admin/api/health`)).status, 401, 'no cookie, no data');
      // The console's data through the edge's upstream client: the sandbox's customers and statistics.
      const customers = await fetch(`${e.edge.url}/admin/api/customers`, { headers: { cookie } });
      assert.equal(customers.status, 200);
      const list = (await customers.json()) as { data?: { data?: unknown[] } };
      assert.ok((list.data?.data?.length ?? 0) > 0, 'a page of the sandbox’s customers');
      const stats = await fetch(`${e.edge.url}/admin/api/stats`, { headers: { cookie } });
      assert.equal(stats.status, 200);
    },
  );

  it('serves the console page and its script (the admin build) from the edge, as on Node', async () => {
    const page = await fetch(`${e.edge.url}/admin`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script type="module" src="[^"]*\/admin\/app\.js"/);
    const script = await fetch(`${e.edge.url}/admin/app.js`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /^application\/javascript/);
    assert.match(await script.text(), /carstrel-admin/);
  });
});

describe('edge: a scrypt hash made elsewhere (Node’s own scrypt, other parameters)', () => {
  let e: Awaited<ReturnType<typeof startConsole>>;
  before(async () => {
    const salt = Buffer.from('another 16 bytes');
    const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');
    const key = scryptSync(PASSWORD, salt, 32, { N: 2 ** 11, r: 4, p: 2 });
    e = await startConsole(`$scrypt$ln=11,r=4,p=2$${b64(salt)}$${b64(key)}`);
  });
  after(() => e?.stop());

  it('checks it: right password 200, wrong 401', async () => {
    assert.equal((await signIn(e.edge, 'correct horse battery stapler')).status, 401);
    assert.equal((await signIn(e.edge, PASSWORD)).status, 200);
  });
});
