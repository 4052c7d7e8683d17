/**
 * The single-file build carries lead routing: nodemailer is bundled into `carstrel-proxy.mjs`, so
 * the file alone, run from a directory without node_modules, emails the ADF document and calls the
 * webhook.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, before, after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { until } from './lead-fakes.js';
import { readMail, startSmtp, startWebhook } from './sinks-fakes.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('single-file build: lead routing', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'proxy-sinks-build-'));
    const built = join(dir, 'build', 'carstrel-proxy.mjs');
    const r = spawnSync(process.execPath, [join(root, 'proxy', 'build.mjs'), '--outfile', built], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    copyFileSync(built, join(dir, 'carstrel-proxy.mjs'));
  });
  after(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('bundles nodemailer and routes a lead from a directory without node_modules', { timeout: 60_000 }, async () => {
    const bundle = readFileSync(join(dir, 'carstrel-proxy.mjs'), 'utf8');
    assert.doesNotMatch(bundle, /(from|require\()\s*["']nodemailer/, 'no import of nodemailer left to resolve');
    const smtp = await startSmtp();
    const hook = await startWebhook();
    try {
      child = spawn(process.execPath, [join(dir, 'carstrel-proxy.mjs'), '--port', '0'], {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          SANDBOX_PORT: '0',
          CARSTREL_DATA_DIR: join(dir, 'data'),
          CARSTREL_LOG: 'off',
          CARSTREL_LEAD_EMAIL: 'leads@crm.dealer.example',
          CARSTREL_SMTP_URL: smtp.url,
          CARSTREL_LEAD_WEBHOOK: hook.url,
          CARSTREL_LEAD_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child!.stdout!.on('data', (c) => {
          out += c;
          const m = /on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child!.once('exit', (code) => reject(new Error(`exited early (${code})`)));
      });
      const r = await fetch(`${url}/external/newsletter/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'sinks-build-0001' },
        body: JSON.stringify({ email: 'bundle@example.com' }),
      });
      assert.equal(r.status, 200);
      await r.arrayBuffer();
      assert.ok(await until(() => smtp.accepted().length === 1 && hook.accepted().length === 1, 10_000, 50));
      const { body } = readMail(smtp.accepted()[0].raw);
      assert.equal(XMLValidator.validate(body), true);
      assert.match(body, /<email>bundle@example\.com<\/email>/);
      assert.equal(JSON.parse(hook.accepted()[0].body).kind, 'newsletter');
    } finally {
      child?.kill('SIGKILL');
      await smtp.close();
      await hook.close();
    }
  });
});
