/**
 * Zero-downtime changes of the tenants file: re-read when it changes (an editor's rename-write
 * included) and on SIGHUP; added, removed and re-keyed tenants and new origins take effect without
 * a restart and without failing a request already running; a broken file keeps the running set.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, before, after } from 'node:test';
import { startFakeUpstream, envelope, type FakeUpstream } from './fake-upstream.js';
import { isEnvelope } from './harness.js';
import { call, logLines, startTenants, until, type TenantEntry, type TenantsHarness } from './tenants-harness.js';

const ALPHA: TenantEntry = { id: 'alpha', apiKey: 'sk_test_alphaone', allowedOrigins: ['https://alpha.example'] };
const BRAVO: TenantEntry = { id: 'bravo', apiKey: 'sk_test_bravoone', allowedOrigins: ['https://bravo.example'] };
const DETAIL = '/external/vehicles/00000000-0000-4000-8000-000000000001';

describe('tenants: reload when the file changes', () => {
  let fake: FakeUpstream;
  let h: TenantsHarness;

  before(async () => {
    fake = await startFakeUpstream((s) => ({
      body: envelope({ path: s.url }),
      delay: s.url.startsWith('/external/vehicles/') ? 400 : 0,
    }));
    h = await startTenants([ALPHA], fake.url, {}, { watch: true });
  });
  after(async () => {
    await h.close();
    await fake.close();
  });

  const status = async (path: string) => (await call(h.proxy.url, path)).status;

  it('a tenant added to the file is served without a restart (rename-write, as editors save)', async () => {
    assert.equal(await status('/d/bravo/healthz'), 404);
    h.write([ALPHA, BRAVO]);
    await until(async () => (await status('/d/bravo/healthz')) === 200, 5000, 'bravo served');
    const line = logLines(h.logs).find((l) => String(l.message).includes('reloaded on change'));
    assert.deepEqual(line?.added, ['bravo']);
  });

  it('a rotated key and a new origin take effect at once (the next upstream call carries the new key)', async () => {
    h.write([{ ...ALPHA, apiKey: 'sk_test_alphanew', allowedOrigins: ['https://shop.alpha.example'] }, BRAVO]);
    await until(
      async () =>
        (await call(h.proxy.url, '/d/alpha/external/brands', { headers: { origin: 'https://shop.alpha.example' } }))
          .headers['access-control-allow-origin'] === 'https://shop.alpha.example',
      5000,
      'the new origin',
    );
    const old = await call(h.proxy.url, '/d/alpha/external/brands', { headers: { origin: 'https://alpha.example' } });
    assert.equal(old.headers['access-control-allow-origin'], undefined, 'the removed origin is refused');
    await call(h.proxy.url, '/d/alpha/external/models?rotated=1');
    assert.equal(fake.seen.at(-1)?.headers['x-api-key'], 'sk_test_alphanew');
  });

  it('a broken file keeps the running configuration and logs why', async () => {
    h.logs.length = 0;
    h.write('{ "tenants": [ { "id": "alpha", "apiKey": "sk_test_alphanew" ');
    await until(() => h.logs.some((l) => l.includes('refused on change')), 5000, 'the refusal in the log');
    const line = logLines(h.logs).find((l) => String(l.message).includes('refused on change'));
    assert.equal(line?.level, 'error');
    assert.match(String(line?.message), /is not valid JSON/);
    assert.match(String(line?.message), /keeping the running configuration \(2 tenants\)/);
    assert.equal(await status('/d/alpha/healthz'), 200);
    assert.equal(await status('/d/bravo/healthz'), 200);
    h.write([
      { ...ALPHA, apiKey: 'sk_test_alphanew', allowedOrigins: ['https://shop.alpha.example'], hosts: ['BAD HOST'] },
    ]);
    await until(() => h.logs.filter((l) => l.includes('refused on change')).length === 2, 5000, 'second refusal');
    assert.match(h.logs.at(-1) ?? '', /tenants\[0\] \(\\"alpha\\"\)\.hosts\[0\]: must be a host name/);
    assert.equal(await status('/d/bravo/healthz'), 200, 'the refused file removed nothing');
    assert.ok(!h.logs.some((l) => l.includes('sk_test_alphanew')), 'no key in the log');
    const health = (await call(h.proxy.url, '/healthz')).json().data as { reloads: { refused: number } };
    assert.equal(health.reloads.refused, 2);
  });

  it('a removed tenant is a 404 at once, and a request it was running still completes', async () => {
    h.write([ALPHA, BRAVO]);
    await until(async () => (await status('/d/bravo/healthz')) === 200, 5000);
    const running = call(h.proxy.url, `/d/bravo${DETAIL}`);
    await until(() => fake.seen.some((s) => s.url === DETAIL), 3000, 'the slow call upstream');
    h.write([ALPHA]);
    await until(async () => (await status('/d/bravo/healthz')) === 404, 5000, 'bravo removed');
    const answer = await running;
    assert.equal(answer.status, 200, 'the in-flight request was not failed');
    const gone = await call(h.proxy.url, `/d/bravo${DETAIL}`);
    assert.equal(gone.status, 404);
    assert.ok(isEnvelope(gone.json(), 404));
  });
});

describe('tenants: SIGHUP re-reads the file (the CLI)', () => {
  it('reloads on SIGHUP and serves the new set', async () => {
    const fake = await startFakeUpstream();
    const dir = mkdtempSync(join(tmpdir(), 'proxy-sighup-'));
    const file = join(dir, 'tenants.json');
    writeFileSync(file, JSON.stringify({ tenants: [ALPHA] }));
    const child = spawn(process.execPath, ['--import', 'tsx', 'proxy/main.ts'], {
      env: {
        ...process.env,
        PORT: '0',
        CARSTREL_TENANTS: file,
        CARSTREL_API_URL: fake.url,
        CARSTREL_DATA_DIR: join(dir, 'data'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await until(() => /TENANTS mode, 1 dealers/.test(out), 20_000, `the start line (${out})`);
      const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? '';
      assert.equal((await call(url, '/d/alpha/healthz')).status, 200);
      child.kill('SIGHUP');
      await until(() => out.includes('reloaded on SIGHUP: 1 tenants'), 5000, 'the SIGHUP reload line');
      assert.equal((await call(url, '/d/alpha/healthz')).status, 200, 'still serving after the reload');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
