/**
 * Many dealers, one deployment, in a real browser: the built proxy serves two tenants from its
 * tenants file in front of the standalone sandbox (dealer one as `summit`, dealer two as `savanna`).
 * A dealer's page on another origin pastes only `<script src="…/d/savanna/carstrel.js">`: the
 * loader infers its API base with the prefix, and the page shows that dealer's cars; the other
 * tenant refuses the same page's origin.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { freePort, launchChromium, startBuiltProxy, startStandaloneSandbox, type RunningProxy } from './support.js';

const DEALER_PORT = await freePort();
const DEALER = `http://localhost:${DEALER_PORT}`;

describe('a tenant page (CARSTREL_TENANTS)', () => {
  let sandbox: RunningProxy;
  let proxy: RunningProxy;
  let browser: Browser;
  let dealer: Server;
  let page = '';
  const dir = mkdtempSync(join(tmpdir(), 'e2e-tenants-'));

  before(async () => {
    dealer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
    await new Promise<void>((resolve) => dealer.listen(DEALER_PORT, '127.0.0.1', resolve));
    sandbox = await startStandaloneSandbox();
    const file = join(dir, 'tenants.json');
    writeFileSync(
      file,
      JSON.stringify({
        tenants: [
          { id: 'summit', apiKey: 'sk_test_sandbox', allowedOrigins: ['https://www.summit.example'] },
          { id: 'savanna', apiKeyEnv: 'SAVANNA_KEY', allowedOrigins: [DEALER] },
        ],
      }),
    );
    proxy = await startBuiltProxy({
      CARSTREL_TENANTS: file,
      SAVANNA_KEY: 'sk_test_sandbox2',
      CARSTREL_API_URL: sandbox.url,
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await proxy?.stop();
    await sandbox?.stop();
    await new Promise((resolve) => dealer?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const html = (tenant: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dealer</title>
    <script src="${proxy.url}/d/${tenant}/carstrel.js" async></script></head>
    <body><h1>A dealer's page</h1><main><carstrel-inventory page-size="6"></carstrel-inventory></main></body></html>`;

  test("the script tag under /d/savanna/ shows savanna's cars, every call under its prefix", async () => {
    const tab = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    const listed: string[] = [];
    tab.on('request', (r) => requests.push(r.url()));
    tab.on('pageerror', (e) => errors.push(String(e)));
    tab.on('response', async (r) => {
      if (!r.url().startsWith(`${proxy.url}/d/savanna/external/vehicles?`)) return;
      const body = (await r.json()) as { data: Array<{ id: string }> };
      listed.push(...body.data.map((v) => v.id));
    });
    page = html('savanna');
    await tab.goto(`${DEALER}/cars/`);
    await tab.locator('carstrel-inventory [part~="card"]').first().waitFor({ timeout: 20_000 });
    const api = requests.filter((u) => u.includes('/external/'));
    assert.ok(api.length > 0);
    assert.deepEqual(
      api.filter((u) => !u.startsWith(`${proxy.url}/d/savanna/external/`)),
      [],
      'the loader inferred the API base with the prefix',
    );
    assert.ok(
      requests.some((u) => u.startsWith(`${proxy.url}/d/savanna/chunks/`)),
      'chunks under the prefix too',
    );
    const summit = (await (await fetch(`${proxy.url}/d/summit/external/vehicles?limit=100`)).json()) as {
      data: Array<{ id: string }>;
    };
    assert.ok(listed.length > 0);
    assert.deepEqual(
      listed.filter((id) => summit.data.some((v) => v.id === id)),
      [],
      "none of the other dealer's cars",
    );
    assert.deepEqual(errors, []);
    await tab.close();
  });

  test("the other tenant refuses this page's origin: its widget shows no cars", async () => {
    const tab = await browser.newPage();
    const failed: string[] = [];
    tab.on('requestfailed', (r) => failed.push(r.url()));
    page = html('summit');
    await tab.goto(`${DEALER}/cars/`);
    await tab.waitForFunction(
      () => {
        const el = document.querySelector('carstrel-inventory');
        return (
          !!el?.shadowRoot && /\S/.test(el.shadowRoot.textContent ?? '') && !!customElements.get('carstrel-inventory')
        );
      },
      undefined,
      { timeout: 20_000 },
    );
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await tab.locator('carstrel-inventory [part~="card"]').count(), 0);
    assert.ok(
      failed.some((u) => u.startsWith(`${proxy.url}/d/summit/external/`)),
      'the browser blocked the answer (no CORS grant for this origin)',
    );
    await tab.close();
  });
});
