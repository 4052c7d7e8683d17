/**
 * A strict host page: every element runs on a dealer page whose Content-Security-Policy allows
 * scripts only from the proxy's origin, no inline styles (`'unsafe-inline'` absent: constructable
 * stylesheets only, the light-DOM forms included) and requires Trusted Types for script sinks.
 * Violations are reported to a collector on the dealer's server (report-uri) and counted in the
 * page: there must be none.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { ELEMENT_MODULES } from '../../src/elements.js';
import { freePort, launchChromium, startBuiltProxy, type RunningProxy } from './support.js';

const DEALER_PORT = await freePort();
const DEALER = `http://localhost:${DEALER_PORT}`;

/** The policy README documents for dealers (their proxy's origin, and where vehicle photos come from). */
export function dealerPolicy(proxy: string, media: string[] = []): string {
  return [
    "default-src 'none'",
    `script-src ${proxy}`,
    `connect-src ${proxy}`,
    `img-src ${[proxy, ...media].join(' ')}`,
    "style-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "require-trusted-types-for 'script'",
    'trusted-types lit-html carstrel',
    'report-uri /csp-report',
  ].join('; ');
}

describe('every element on a page with a strict Content-Security-Policy', () => {
  let proxy: RunningProxy;
  let browser: Browser;
  let dealer: Server;
  const reports: string[] = [];
  let html = '';
  let policy = '';

  before(async () => {
    dealer = createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/csp-report') {
        let body = '';
        req.on('data', (d: Buffer) => (body += d.toString()));
        req.on('end', () => {
          reports.push(body);
          res.writeHead(204).end();
        });
        return;
      }
      if (req.url === '/site.css') {
        res.writeHead(200, { 'content-type': 'text/css' }).end('body { font: 16px/1.5 Georgia, serif; margin: 2rem; }');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policy }).end(html);
    });
    await new Promise<void>((resolve) => dealer.listen(DEALER_PORT, '127.0.0.1', resolve));
    proxy = await startBuiltProxy({ CARSTREL_ALLOWED_ORIGINS: DEALER });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await proxy?.stop();
    await new Promise((resolve) => dealer?.close(resolve));
  });

  test('no violation is reported while every element loads, renders and is used', async () => {
    const list = (await (await fetch(`${proxy.url}/external/vehicles?limit=1`)).json()) as {
      data: Array<{ id: string }>;
    };
    const vehicleId = list.data[0].id;
    policy = dealerPolicy(proxy.url, proxy.sandboxUrl ? [proxy.sandboxUrl] : []);
    const elements = Object.keys(ELEMENT_MODULES)
      .map((name) => `<section><${name}></${name}></section>`)
      .join('\n');
    html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strict dealer</title>
      <link rel="stylesheet" href="/site.css"><script src="${proxy.url}/carstrel.js" async></script></head>
      <body><h1>Our cars</h1>${elements}<p>Text after the widgets.</p></body></html>`;

    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.addInitScript(() => {
      const seen: string[] = ((window as unknown as { __violations: string[] }).__violations = []);
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
      );
    });
    await page.goto(`${DEALER}/cars/?vehicle=${vehicleId}`);

    // Every element defined and rendered; the inventory's cards and the vehicle's gallery shown.
    await page.waitForFunction(
      (names) => names.every((n) => customElements.get(n) && document.querySelector(n)?.matches(':defined')),
      Object.keys(ELEMENT_MODULES),
      { timeout: 20_000 },
    );
    await page.locator('carstrel-inventory [part~="card"]').first().waitFor({ timeout: 15_000 });
    await page.locator('carstrel-vehicle [part="gallery-image"]').waitFor({ timeout: 15_000 });
    // Used as a shopper would: the full-screen gallery, a filter, a form's validation.
    await page.locator('carstrel-vehicle [part="gallery-button"].full').click();
    await page.keyboard.press('Escape');
    await page.locator('carstrel-inventory #f-sort').selectOption('price:asc');
    await page
      .locator('carstrel-newsletter [part~="submit"], carstrel-newsletter button[type="submit"]')
      .first()
      .click();
    // Styled (the adopted sheets apply): the forms' scoped rules and the listing elements' shadow styles.
    const submitCursor = await page
      .locator('carstrel-contact-form [part~="submit"]')
      .evaluate((el) => getComputedStyle(el).cursor);
    assert.equal(submitCursor, 'pointer', 'the light-DOM form styles apply');
    const cardRadius = await page
      .locator('carstrel-inventory [part~="card"]')
      .first()
      .evaluate((el) => getComputedStyle(el).borderTopLeftRadius);
    assert.equal(cardRadius, '10px', 'the shadow styles apply');
    // JSON-LD structured data made it into the page (a Trusted Types sink for script text).
    const jsonLd = JSON.parse(
      (await page.locator('carstrel-inventory > script[type="application/ld+json"]').textContent()) ?? '{}',
    ) as { '@graph'?: Array<{ '@type': string }> };
    assert.equal(jsonLd['@graph']?.[0]?.['@type'], 'Car');

    await page.waitForTimeout(1000); // reports are sent asynchronously
    const inPage = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    assert.deepEqual(inPage, [], 'no securitypolicyviolation event');
    assert.deepEqual(reports, [], 'no report reached the collector');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the collector works: an inline script on the same page is blocked and reported', async () => {
    reports.length = 0;
    policy = dealerPolicy(proxy.url);
    html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Check</title></head>
      <body><script>document.title = 'ran';</script></body></html>`;
    const page = await browser.newPage();
    await page.goto(`${DEALER}/check/`);
    await page.waitForTimeout(1000);
    assert.notEqual(await page.title(), 'ran');
    assert.ok(reports.length >= 1, 'the violation was reported');
    assert.match(reports[0], /script-src/);
    await page.close();
  });
});
