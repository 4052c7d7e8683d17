/**
 * The dealer console (`/admin`) against the proxy in sandbox mode: off (404) without a password;
 * every data route 401 without its own session; sign-in rate-limited, wrong password 401; writes
 * from another origin 403; customer edits validated (400 in the envelope) and stored upstream;
 * the outbox lists a lead failing at the dealer's webhook and "retry now" delivers it; the health
 * view never shows the key; and none of it is reachable through `/external`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, before, after } from 'node:test';
import { checkPassword, hashPasswordPbkdf2, isPasswordHash } from '../../../proxy/admin/password.js';
import { type ConfigError, loadConfig } from '../../../proxy/lib/config.js';
import { startProxy, type RunningProxy } from '../../../proxy/server.js';
import { isEnvelope } from './harness.js';
import { startWebhook, type WebhookReceiver } from './sinks-fakes.js';

const PASSWORD = 'correct horse battery staple';
const JANE = 'jane.doe@example.com';

async function start(env: Record<string, string>): Promise<{ proxy: RunningProxy; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'proxy-admin-'));
  const proxy = await startProxy(
    { CARSTREL_DATA_DIR: dataDir, SANDBOX_PORT: '0', CARSTREL_LOG: 'off', ...env },
    { port: 0, log: () => {} },
  );
  return {
    proxy,
    async close() {
      await proxy.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const DATA_ROUTES: Array<[string, string, unknown?]> = [
  ['GET', '/admin/api/customers'],
  ['GET', '/admin/api/customers/3599cb31-0fa7-5d0e-b4a4-2049e5476124'],
  ['PATCH', '/admin/api/customers/3599cb31-0fa7-5d0e-b4a4-2049e5476124', { isVip: true }],
  ['GET', '/admin/api/stats'],
  ['GET', '/admin/api/outbox'],
  ['POST', '/admin/api/outbox/retry', {}],
  ['GET', '/admin/api/health'],
  ['GET', '/admin/api/nothing-here'],
  ['GET', '/admin/session'],
];

describe('/admin when no console password is set', () => {
  let s: Awaited<ReturnType<typeof start>>;
  before(async () => (s = await start({})));
  after(() => s.close());

  it('answers 404 in the envelope on every console path, and says how to turn it on', async () => {
    for (const [method, path] of [
      ['GET', '/admin'],
      ['GET', '/admin/app.js'],
      ['POST', '/admin/session'],
      ...DATA_ROUTES,
    ]) {
      const res = await fetch(`${s.proxy.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', origin: s.proxy.url },
        body: method === 'GET' ? undefined : JSON.stringify({ password: PASSWORD }),
      });
      assert.equal(res.status, 404, `${method} ${path}`);
      const body = await res.json();
      assert.ok(isEnvelope(body, 404), `${method} ${path} in the envelope`);
      assert.match(body.message, /CARSTREL_ADMIN_PASSWORD/);
    }
  });
});

describe('/admin with a console password', () => {
  let s: Awaited<ReturnType<typeof start>>;
  let hook: WebhookReceiver;
  let url: string;

  const signIn = (password: string, headers: Record<string, string> = {}) =>
    fetch(`${url}/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url, ...headers },
      body: JSON.stringify({ password }),
    });
  const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0];
  let cookie = '';
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, {
      method,
      headers: {
        cookie,
        origin: url,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  before(async () => {
    hook = await startWebhook();
    s = await start({
      CARSTREL_ADMIN_PASSWORD: PASSWORD,
      CARSTREL_RATE_LIMIT: 'off',
      CARSTREL_LEAD_WEBHOOK: hook.url,
      CARSTREL_LEAD_WEBHOOK_SECRET: 'whsec_test_0123456789abcdef',
    });
    url = s.proxy.url;
    const res = await signIn(PASSWORD);
    assert.equal(res.status, 200);
    cookie = cookieOf(res);
  });
  after(async () => {
    await s.close();
    await hook.close();
  });

  it('serves the sign-in page without a session: no data, strict CSP, no framing, not cached', async () => {
    const res = await fetch(`${url}/admin`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const page = await res.text();
    assert.match(page, /<carstrel-admin base="\/admin">/);
    assert.match(page, /src="\/admin\/app\.js"/);
    assert.doesNotMatch(page, /carstrel\.js|jane|sk_test/i);
    const fr = await fetch(`${url}/admin`, { headers: { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' } });
    assert.match(await fr.text(), /<html lang="fr">/);
  });

  it('answers 401 on every data route without the session, with a forged one, and with the customer session', async () => {
    for (const c of ['', 'carstrel_admin=forged.value.here', 'carstrel_session=anything']) {
      for (const [method, path, body] of DATA_ROUTES) {
        const res = await fetch(`${url}${path}`, {
          method,
          headers: { origin: url, ...(c ? { cookie: c } : {}), 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        assert.equal(res.status, 401, `${method} ${path} with cookie "${c}"`);
        assert.ok(isEnvelope(await res.json(), 401));
      }
    }
  });

  it('signs in with the right password only: the cookie is httpOnly, SameSite=Strict, and its own', async () => {
    const wrong = await signIn('not the password at all');
    assert.equal(wrong.status, 401);
    const body = await wrong.json();
    assert.ok(isEnvelope(body, 401));
    assert.match(body.message, /Wrong password/);
    assert.equal(wrong.headers.get('set-cookie'), null);
    const right = await signIn(PASSWORD);
    assert.equal(right.status, 200);
    const set = right.headers.get('set-cookie') ?? '';
    assert.match(set, /^carstrel_admin=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28800$/);
    const empty = await fetch(`${url}/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: '{}',
    });
    assert.equal(empty.status, 400);
    assert.ok(isEnvelope(await empty.json(), 400));
  });

  it('refuses writes from another origin with 403 (sign-in, edits, retry), with or without the session', async () => {
    const evil = { origin: 'https://evil.example' };
    const a = await signIn(PASSWORD, evil);
    assert.equal(a.status, 403);
    assert.ok(isEnvelope(await a.json(), 403));
    assert.equal(a.headers.get('set-cookie'), null);
    const b = await call('PATCH', '/admin/api/customers/3599cb31-0fa7-5d0e-b4a4-2049e5476124', { isVip: true }, evil);
    assert.equal(b.status, 403);
    const c = await call('POST', '/admin/api/outbox/retry', {}, { origin: '', 'sec-fetch-site': 'cross-site' });
    assert.equal(c.status, 403);
    assert.ok(isEnvelope(await c.json(), 403));
    // A dealer site allowed by CORS is still another origin for the console.
    const d = await call('DELETE', '/admin/session', undefined, { origin: 'http://127.0.0.1:1' });
    assert.equal(d.status, 403);
  });

  it('lists, searches, filters and sorts customers from CarStrel; bad queries are 400', async () => {
    const res = await call('GET', '/admin/api/customers?search=jane&limit=5');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const page = (await res.json()).data;
    assert.ok(page.data.some((c: { user: { email: string } }) => c.user.email === JANE));
    assert.equal(page.limit, 5);
    const vip = (await (await call('GET', '/admin/api/customers?segment=vip&sortBy=totalSpent&sortOrder=DESC')).json())
      .data;
    assert.ok(vip.data.length > 1);
    assert.ok(
      vip.data.every(
        (c: { classification: { customerSegment: string } }) => c.classification.customerSegment === 'vip',
      ),
    );
    const spent = vip.data.map((c: { stats: { totalSpent: number } }) => c.stats.totalSpent);
    assert.deepEqual(
      spent,
      [...spent].sort((x: number, y: number) => y - x),
    );
    for (const q of ['segment=gold', 'limit=1000', 'page=0', 'sortBy=name', 'x=1']) {
      const bad = await call('GET', `/admin/api/customers?${q}`);
      assert.equal(bad.status, 400, q);
      assert.ok(isEnvelope(await bad.json(), 400), q);
    }
  });

  it('edits notes, tags and VIP (stored upstream); invalid edits are 400 in the envelope', async () => {
    const list = (await (await call('GET', `/admin/api/customers?search=${JANE}`)).json()).data;
    const id: string = list.data[0].id;
    const bad: unknown[] = [
      {},
      { tags: 'vip' },
      { isVip: 'yes' },
      { notes: 'x'.repeat(5001) },
      { tags: [''] },
      { owner: 'me' },
    ];
    for (const body of bad) {
      const res = await call('PATCH', `/admin/api/customers/${id}`, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      const env = await res.json();
      assert.ok(isEnvelope(env, 400), JSON.stringify(body));
    }
    const notJson = await fetch(`${url}/admin/api/customers/${id}`, {
      method: 'PATCH',
      headers: { cookie, origin: url, 'content-type': 'application/json' },
      body: '{"isVip": tru',
    });
    assert.equal(notJson.status, 400);
    assert.equal((await call('PATCH', '/admin/api/customers/not-an-id', { isVip: true })).status, 400);
    const missing = await call('PATCH', '/admin/api/customers/00000000-0000-4000-8000-000000000000', { isVip: true });
    assert.equal(missing.status, 404);
    assert.ok(isEnvelope(await missing.json(), 404));

    const ok = await call('PATCH', `/admin/api/customers/${id}`, {
      notes: 'Wants <b>a</b> hybrid',
      tags: ['hybrid', 'test-drive'],
      isVip: true,
    });
    assert.equal(ok.status, 200);
    const after = (await (await call('GET', `/admin/api/customers/${id}`)).json()).data;
    assert.equal(after.notes, 'Wants <b>a</b> hybrid');
    assert.deepEqual(after.tags, ['hybrid', 'test-drive']);
    assert.equal(after.classification.isVip, true);
  });

  it('shows customer and vehicle statistics, and the health and configuration check without the key', async () => {
    const stats = (await (await call('GET', '/admin/api/stats')).json()).data;
    assert.equal(typeof stats.customers.totalCustomers, 'number');
    assert.equal(typeof stats.vehicles.totalVehicles, 'number');
    const res = await call('GET', '/admin/api/health');
    const text = await res.text();
    assert.equal(res.status, 200);
    assert.doesNotMatch(text, /sk_test_sandbox|whsec_test/);
    const report = JSON.parse(text).data;
    assert.equal(report.health.status, 'ok');
    assert.equal(report.config.apiKey, 'test key set');
    assert.equal(report.config.leadSinks.webhook, new URL(hook.url).host);
    assert.ok(report.checks.some((c: { message: string }) => /CARSTREL_SESSION_SECRET/.test(c.message)));
  });

  it('lists a lead failing at the webhook, and "retry now" delivers it', { timeout: 30_000 }, async () => {
    hook.fallback = 500;
    const lead = await fetch(`${url}/external/contact/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'admin-outbox-0001', origin: url },
      body: JSON.stringify({ name: 'Grace Hopper', email: 'grace@example.com', message: 'Call me back' }),
    });
    assert.ok(lead.status < 300, `lead status ${lead.status}`);
    type Sink = { state: string; error: string | null; next: string | null };
    const webhookOf = async (): Promise<Sink | undefined> => {
      const view = (await (await call('GET', '/admin/api/outbox')).json()).data;
      return view.leads.find((l: { kind: string }) => l.kind === 'contact')?.sinks.webhook;
    };
    // Wait until the lead's next attempt is more than 3 s away: only "retry now" can deliver it sooner.
    let sink: Sink | undefined;
    for (let i = 0; i < 150; i++) {
      sink = await webhookOf();
      if (sink?.next && Date.parse(sink.next) - Date.now() > 3000) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(sink, 'the lead is listed');
    assert.equal(sink.state, 'pending');
    assert.match(sink.error ?? '', /500/);
    assert.ok(sink.next && Date.parse(sink.next) - Date.now() > 3000, 'backed off for a while');
    hook.fallback = 200;
    const before = hook.accepted().length;
    const retry = await call('POST', '/admin/api/outbox/retry', {});
    assert.equal(retry.status, 200);
    let state = '';
    for (let i = 0; i < 20 && state !== 'delivered'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await webhookOf())?.state ?? '';
    }
    assert.equal(state, 'delivered', 'delivered within 2 s of "retry now", before its next attempt was due');
    assert.equal(hook.accepted().length, before + 1);
  });

  it('is never reachable through /external, even with the console session', async () => {
    for (const path of ['/external/customers', '/external/customers/stats/summary', '/external/admin/api/customers']) {
      const res = await call('GET', path);
      assert.ok(res.status === 403 || res.status === 404, `${path}: ${res.status}`);
      assert.doesNotMatch(await res.text(), /jane/i);
    }
  });

  it('signs out: the cookie is cleared and the old one no longer opens anything', async () => {
    const own = cookieOf(await signIn(PASSWORD));
    const out = await fetch(`${url}/admin/session`, { method: 'DELETE', headers: { cookie: own, origin: url } });
    assert.equal(out.status, 200);
    assert.match(out.headers.get('set-cookie') ?? '', /Max-Age=0/);
    const res = await fetch(`${url}/admin/api/stats`, { headers: { cookie: own } });
    assert.equal(res.status, 401);
  });
});

describe('/admin sign-in rate limit and password hash', () => {
  let s: Awaited<ReturnType<typeof start>>;
  const hash = hashPasswordPbkdf2(PASSWORD, 1000);
  before(async () => (s = await start({ CARSTREL_ADMIN_PASSWORD_HASH: await hash })));
  after(() => s.close());

  it('takes the hashed password, and answers 429 with Retry-After after 10 attempts a minute, the right password included', async () => {
    const attempt = (password: string) =>
      fetch(`${s.proxy.url}/admin/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ password }),
      });
    assert.equal((await attempt(PASSWORD)).status, 200);
    for (let i = 0; i < 9; i++) assert.equal((await attempt(`guess-${i}-guess-guess`)).status, 401);
    const limited = await attempt(PASSWORD);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.ok(isEnvelope(await limited.json(), 429));
  });

  it('checks hashes and clear passwords; bad settings are start-up errors that say how to fix them', async () => {
    const h = await hash;
    assert.match(h, /^pbkdf2-sha256\$1000\$[\w-]{22}\$[\w-]{43}$/);
    assert.equal(await checkPassword(PASSWORD, { passwordHash: h }), true);
    assert.equal(await checkPassword(`${PASSWORD}!`, { passwordHash: h }), false);
    assert.equal(await checkPassword(PASSWORD, { password: PASSWORD }), true);
    assert.equal(await checkPassword('correct horse', { password: PASSWORD }), false);
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return '';
      } catch (err) {
        return (err as ConfigError).problems.join('\n');
      }
    };
    assert.match(problems({ CARSTREL_ADMIN_PASSWORD: 'short' }), /at least 12 characters/);
    assert.match(problems({ CARSTREL_ADMIN_PASSWORD_HASH: 'scrypt$1$2' }), /hash-password/);
    assert.match(problems({ CARSTREL_ADMIN_PASSWORD: PASSWORD, CARSTREL_ADMIN_PASSWORD_HASH: h }), /both set/);
    assert.equal(loadConfig({}).admin, undefined);
  });

  it('`carstrel-proxy hash-password` prints a scrypt hash (or with --pbkdf2 a PBKDF2 one) of the password read on stdin', async () => {
    const run = (input: string, ...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'proxy/main.ts', 'hash-password', ...args], {
        input,
        encoding: 'utf8',
      });
    const ok = run(`${PASSWORD}\n`);
    assert.equal(ok.status, 0, ok.stderr);
    const printed = ok.stdout.trim();
    assert.match(printed, /^\$scrypt\$ln=15,r=8,p=3\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.equal(loadConfig({ CARSTREL_ADMIN_PASSWORD_HASH: printed }).admin?.passwordHash, printed);
    assert.equal(await checkPassword(PASSWORD, { passwordHash: printed }), true);
    const pbkdf2 = run(`${PASSWORD}\n`, '--pbkdf2');
    assert.equal(pbkdf2.status, 0, pbkdf2.stderr);
    assert.match(pbkdf2.stdout.trim(), /^pbkdf2-sha256\$600000\$/);
    assert.ok(isPasswordHash(pbkdf2.stdout.trim()));
    const short = run('too short\n');
    assert.equal(short.status, 2);
    assert.match(short.stdout, /at least 12 characters/);
    const unknown = run(`${PASSWORD}\n`, '--bcrypt');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stdout, /--bcrypt/);
  });
});

/** A scrypt PHC string made by Node's own scrypt (not the proxy's code), cheap enough for tests. */
function nodeScryptHash(password: string, ln = 10, r = 8, p = 1): string {
  const salt = Buffer.from('a salt of 16 b..');
  const hash = scryptSync(password, salt, 32, { N: 2 ** ln, r, p });
  const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');
  return `$scrypt$ln=${ln},r=${r},p=${p}$${b64(salt)}$${b64(hash)}`;
}

describe('/admin with a scrypt hash of the password (CARSTREL_ADMIN_PASSWORD_HASH)', () => {
  let s: Awaited<ReturnType<typeof start>>;
  const hash = nodeScryptHash(PASSWORD);
  before(async () => (s = await start({ CARSTREL_ADMIN_PASSWORD_HASH: hash, CARSTREL_RATE_LIMIT: 'off' })));
  after(() => s.close());

  const signIn = (password: string) =>
    fetch(`${s.proxy.url}/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: s.proxy.url },
      body: JSON.stringify({ password }),
    });

  it('signs in with the right password (the session then opens the data routes) and refuses a wrong one', async () => {
    const wrong = await signIn(`${PASSWORD}.`);
    assert.equal(wrong.status, 401);
    assert.ok(isEnvelope(await wrong.json(), 401));
    assert.equal(wrong.headers.get('set-cookie'), null);
    const right = await signIn(PASSWORD);
    assert.equal(right.status, 200);
    const cookie = (right.headers.get('set-cookie') ?? '').split(';')[0];
    assert.match(cookie, /carstrel_admin/);
    const health = await fetch(`${s.proxy.url}/admin/api/health`, { headers: { cookie } });
    assert.equal(health.status, 200);
    assert.doesNotMatch(await health.text(), /a salt of|\$scrypt\$/, 'the hash is not shown');
  });

  it('checks PHC strings made elsewhere and refuses parameters it will not run', async () => {
    assert.equal(
      await checkPassword('another password 42', { passwordHash: nodeScryptHash('another password 42', 11, 4, 2) }),
      true,
    );
    assert.equal(
      await checkPassword('another password 43', { passwordHash: nodeScryptHash('another password 42', 11, 4, 2) }),
      false,
    );
    const problems = (value: string) => {
      try {
        loadConfig({ CARSTREL_ADMIN_PASSWORD_HASH: value });
        return '';
      } catch (err) {
        return (err as ConfigError).problems.join('\n');
      }
    };
    assert.equal(problems(hash), '');
    assert.match(problems(hash.replace('ln=10', 'ln=17')), /\$scrypt\$ln=.*hash-password/, 'N=2^17 with r=8: 128 MiB');
    assert.match(problems(hash.replace('ln=10', 'ln=4')), /hash-password/, 'too weak');
    assert.match(problems(hash.replace('r=8', 'r=0')), /hash-password/);
    assert.match(problems(`${hash.slice(0, -10)}`), /hash-password/, 'a truncated hash');
    assert.match(problems(hash.replace('$scrypt$', '$scrypt$v=1$')), /hash-password/);
  });
});
