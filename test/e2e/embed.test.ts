/**
 * The script tag on a foreign dealer page (another origin, as on WordPress or Wix): proxy origin
 * inferred from the script's own URL for classic and module scripts, lazy per-element chunks,
 * double inclusion, elements added later, and a hostile theme stylesheet.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { freePort, launchChromium, startBuiltProxy, type RunningProxy } from './support.js';

/**
 * The dealer's site: another origin (other host name and port) than the proxy. It is a real
 * server on loopback, because Chromium refuses public pages loading loopback resources.
 */
const DEALER_PORT = await freePort();
const DEALER = `http://localhost:${DEALER_PORT}`;
let currentPage = '';

const HOSTILE_THEME = `
  * { box-sizing: content-box !important; line-height: 3 !important; letter-spacing: 0.2em; }
  img { width: 40px !important; max-width: none !important; border: 6px solid red !important; float: right !important; }
  button { background: red !important; font-size: 40px !important; padding: 30px !important; }
  a { color: hotpink !important; text-decoration: line-through !important; }
  div, li, ul { display: inline !important; margin: 50px !important; }
  body { font: 17px Georgia, serif; color: #222; }
`;

function dealerPage(head: string, body = '<carstrel-inventory page-size="6"></carstrel-inventory>', css = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dealer</title><style>${css}</style>${head}</head>
  <body><h1>A dealer's WordPress page</h1><main>${body}</main></body></html>`;
}

describe('carstrel.js embedded on a foreign dealer page', () => {
  let proxy: RunningProxy;
  let browser: Browser;
  let dealer: Server;

  before(async () => {
    dealer = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(currentPage),
    );
    await new Promise<void>((resolve) => dealer.listen(DEALER_PORT, '127.0.0.1', resolve));
    proxy = await startBuiltProxy({ CARSTREL_ALLOWED_ORIGINS: DEALER });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await proxy?.stop();
    await new Promise((resolve) => dealer?.close(resolve));
  });

  async function open(html: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('request', (r) => requests.push(r.url()));
    currentPage = html;
    await page.goto(`${DEALER}/cars/`);
    return { page, errors, requests };
  }

  const cards = (page: Page) => page.locator('carstrel-inventory [part~="card"]');

  test('a classic async script tag infers the proxy origin from its own URL', async () => {
    const { page, errors, requests } = await open(dealerPage(`<script src="${proxy.url}/carstrel.js" async></script>`));
    await cards(page).first().waitFor({ timeout: 15_000 });
    assert.ok(
      requests.some((u) => u.startsWith(`${proxy.url}/external/vehicles`)),
      'vehicles came from the proxy origin',
    );
    assert.ok(!requests.some((u) => u.startsWith(`${DEALER}/external`)), 'nothing was asked of the dealer origin');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a module script tag works the same (document.currentScript is null there)', async () => {
    const { page, errors } = await open(dealerPage(`<script type="module" src="${proxy.url}/carstrel.js"></script>`));
    await cards(page).first().waitFor({ timeout: 15_000 });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('only the chunks of elements on the page are loaded', async () => {
    const { page, requests } = await open(dealerPage(`<script src="${proxy.url}/carstrel.js" async></script>`));
    await cards(page).first().waitFor({ timeout: 15_000 });
    const chunks = requests.filter((u) => u.includes('/chunks/'));
    assert.ok(chunks.some((u) => /carstrel-inventory/.test(u)));
    assert.ok(
      !chunks.some((u) => /carstrel-(login|newsletter|contact-form|test-drive-form)/.test(u)),
      chunks.join('\n'),
    );
    await page.close();
  });

  test('including the script twice, classic and module, does not crash and renders once', async () => {
    const head = `<script src="${proxy.url}/carstrel.js" async></script>
      <script type="module" src="${proxy.url}/carstrel.js?ver=2"></script>
      <script src="${proxy.url}/carstrel.js"></script>`;
    const { page, errors } = await open(dealerPage(head));
    await cards(page).first().waitFor({ timeout: 15_000 });
    await page.waitForTimeout(300);
    assert.deepEqual(errors, [], 'no "already been used with this registry" or other error');
    assert.equal(await page.locator('carstrel-inventory').count(), 1);
    await page.close();
  });

  test('an element added later (client-side rendered block) is defined when it appears', async () => {
    const { page, errors } = await open(dealerPage(`<script src="${proxy.url}/carstrel.js" async></script>`));
    await cards(page).first().waitFor({ timeout: 15_000 });
    await page.evaluate(() => document.body.append(document.createElement('carstrel-newsletter')));
    await page.waitForFunction(() => customElements.get('carstrel-newsletter') !== undefined, null, {
      timeout: 10_000,
    });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a hostile theme stylesheet does not break the cards', async () => {
    const { page, errors } = await open(
      dealerPage(`<script src="${proxy.url}/carstrel.js" async></script>`, undefined, HOSTILE_THEME),
    );
    await cards(page).first().waitFor({ timeout: 15_000 });
    const first = cards(page).first();
    const img = first.locator('img').first();
    const box = await first.boundingBox();
    const imgBox = await img.boundingBox();
    assert.ok(box && imgBox, 'card and photo are laid out');
    assert.ok(imgBox.width > 100, `photo keeps its size (is ${imgBox.width}px wide)`);
    const imgBorder = await img.evaluate((el) => getComputedStyle(el).borderTopWidth);
    assert.equal(imgBorder, '0px', 'page img rules do not reach the photo');
    const second = await cards(page).nth(1).boundingBox();
    assert.ok(second && Math.abs(second.y - box.y) < 5, 'cards sit side by side in a grid at 1200px');
    await page.screenshot({ path: 'dist/e2e-hostile-theme.png', fullPage: false });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
