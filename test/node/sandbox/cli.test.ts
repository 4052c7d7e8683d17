/** `npm run sandbox` (proxy/sandbox/main.ts): where it listens, the keys and routes on its first lines; env checked. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'proxy/sandbox/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const output = (until: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; stdout: ${out} stderr: ${err}`)), 15_000);
      const check = () => until.test(out) && (clearTimeout(timer), resolve(out));
      child.stdout.on('data', check);
      check();
    });
  return { child, output, exited, stderr: () => err };
}

describe('npm run sandbox', () => {
  it('prints where it listens, the demo keys and the /_sandbox routes, then serves', async () => {
    const p = run({ SANDBOX_PORT: '0', SANDBOX_RATE_LIMIT: '100' });
    try {
      const out = await p.output(/Try: curl/);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out.split('\n')[0])?.[1];
      assert.ok(url, `first line says where: ${out}`);
      for (const s of [
        'sk_test_sandbox ',
        'sk_test_sandbox2',
        'sk_live_sandbox',
        '/_sandbox/journal',
        '/_sandbox/faults',
        '/_sandbox/reset',
        '100 requests/minute',
      ])
        assert.ok(out.includes(s), s);
      const res = await fetch(`${url}/external/engine-types`, { headers: { 'x-api-key': 'sk_test_sandbox' } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-ratelimit-limit'), '100');
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
    }
  });

  it('refuses a bad SANDBOX_RATE_LIMIT or CARSTREL_SANDBOX_KEYS with a message saying how to fix it', async () => {
    const bad = run({ SANDBOX_PORT: '0', SANDBOX_RATE_LIMIT: 'lots' });
    assert.equal(await bad.exited, 1);
    assert.match(bad.stderr(), /SANDBOX_RATE_LIMIT must be a positive integer/);
    const keys = run({ SANDBOX_PORT: '0', CARSTREL_SANDBOX_KEYS: 'oops' });
    assert.equal(await keys.exited, 1);
    assert.match(keys.stderr(), /CARSTREL_SANDBOX_KEYS: "oops" must start with sk_test_ or sk_live_/);
  });
});
