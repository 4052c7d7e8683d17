/**
 * Wix, both ways, emulated exactly, for every element; and the snippet builder's page.
 *  - Custom Element: Wix inserts the "Server URL" script dynamically, creates the element by its tag
 *    name, and Velo code sets its attributes after load.
 *  - Embed HTML: the snippet inside a cross-origin iframe of fixed height (600 px): the element is
 *    usable there (its own scroll, no horizontal overflow, dialogs inside the frame).
 * With CARSTREL_DOC_SHOTS=1 the screenshots of docs/wix.md are written to docs/img/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Browser, Frame, Page } from 'playwright-core';
import { ELEMENT_MODULES } from '../../src/elements.js';
import { freePort, launchChromium, startBuiltProxy, type RunningProxy } from './support.js';

const SITE_PORT = await freePort();
const FRAME_PORT = await freePort();
/** The Wix site, and the other origin Wix serves Embed HTML frames from (like `*.filesusr.com`). */
const SITE = `http://localhost:${SITE_PORT}`;
const FRAME = `http://127.0.0.1:${FRAME_PORT}`;
const SHOTS = process.env.CARSTREL_DOC_SHOTS === '1' ? 'docs/img' : 'dist/doc-shots';
const TAGS = Object.keys(ELEMENT_MODULES);

let proxyUrl = '';
let vehicleId = '';
/** Attributes Velo code would set per element (a vehicle view needs a vehicle). */
const attributesOf = (tag: string): Record<string, string> =>
  tag === 'carstrel-inventory'
    ? { brand: 'toyota', 'page-size': '6' }
    : tag === 'carstrel-vehicle' || tag === 'carstrel-test-drive-form'
      ? { 'vehicle-id': vehicleId }
      : {};

/** The Wix site's page: Wix's own loader adds the custom element's script, then the element, then Velo sets attributes. */
function customElementPage(tag: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Wix site</title></head>
<body><h1>My Wix site</h1><div id="comp-custom" style="width:100%;min-height:400px"></div>
<script>
  // What Wix does for a Custom Element: load the Server URL dynamically, create the tag, then Velo's setAttribute.
  window.wixDone = new Promise((done) => {
    const s = document.createElement('script');
    s.src = ${JSON.stringify(`${proxyUrl}/carstrel.js`)};
    s.onload = () => {
      const el = document.createElement(${JSON.stringify(tag)});
      document.getElementById('comp-custom').appendChild(el);
      setTimeout(() => {
        for (const [k, v] of Object.entries(${JSON.stringify(attributesOf(tag))})) el.setAttribute(k, v);
        done();
      }, 50);
    };
    document.head.appendChild(s);
  });
</script></body></html>`;
}

/** Embed HTML: the site page holds a cross-origin iframe 600 px high whose document is the snippet. */
const embedHostPage = (
  tag: string,
) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Wix site</title></head>
<body style="margin:0"><h1 style="margin:8px">My Wix site</h1>
<iframe title="CarStrel widget" src="${FRAME}/embed?tag=${tag}" style="display:block;width:100%;max-width:760px;height:600px;border:1px solid #ccc"></iframe></body></html>`;

function embedDocument(tag: string): string {
  const attrs = Object.entries(attributesOf(tag))
    .map(([k, v]) => ` ${k}="${v}"`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><script src="${proxyUrl}/carstrel.js" async></script>
<${tag}${attrs}></${tag}></body></html>`;
}

function serve(port: number, page: (url: URL) => string): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://localhost:${port}`);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(url));
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** Text an element shows (its shadow root, or its light DOM for the forms), minus the test-mode marker. */
const shownText = (page: Page | Frame, tag: string) =>
  page.evaluate((t) => {
    const el = document.querySelector(t);
    return el ? (((el.shadowRoot ?? el) as ParentNode & Node).textContent?.trim() ?? '') : '';
  }, tag);

describe('Wix', () => {
  let proxy: RunningProxy;
  let browser: Browser;
  const servers: Server[] = [];
  let current = '';

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    proxy = await startBuiltProxy({ CARSTREL_ALLOWED_ORIGINS: `${SITE},${FRAME}` });
    proxyUrl = proxy.url;
    const list = (await (await fetch(`${proxyUrl}/external/vehicles?limit=1`)).json()) as {
      data: Array<{ id: string }>;
    };
    vehicleId = list.data[0]?.id ?? '';
    servers.push(await serve(SITE_PORT, () => current));
    servers.push(await serve(FRAME_PORT, (url) => embedDocument(url.searchParams.get('tag') ?? '')));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await proxy?.stop();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  for (const tag of TAGS) {
    test(`Custom Element: <${tag}> from a dynamically inserted script, attributes set after load`, async () => {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      current = customElementPage(tag);
      await page.goto(`${SITE}/`);
      await page.evaluate(() => (window as unknown as { wixDone: Promise<void> }).wixDone);
      await page.waitForFunction((t) => !!customElements.get(t), tag, { timeout: 10_000 });
      await page.waitForFunction(
        (t) => {
          const el = document.querySelector(t);
          return ((el?.shadowRoot ?? el)?.textContent ?? '').trim().length > 20;
        },
        tag,
        { timeout: 10_000 },
      );
      if (tag === 'carstrel-inventory') {
        // The attributes Velo set after the element was created are the ones it shows.
        await page.waitForFunction(
          () => {
            const links = [
              ...(document.querySelector('carstrel-inventory')?.shadowRoot?.querySelectorAll('[part~="card-link"]') ??
                []),
            ];
            return links.length > 0 && links.length <= 6 && links.every((a) => a.textContent?.includes('Toyota'));
          },
          undefined,
          { timeout: 10_000 },
        );
        await page.screenshot({ path: `${SHOTS}/wix-custom-element.png` });
      }
      assert.ok((await shownText(page, tag)).length > 20);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  for (const tag of TAGS) {
    test(`Embed HTML: <${tag}> usable in a cross-origin 600 px frame`, async () => {
      const page = await browser.newPage({ viewport: { width: 800, height: 800 } });
      current = embedHostPage(tag);
      await page.goto(`${SITE}/`);
      const frame = await (await page.waitForSelector('iframe')).contentFrame();
      assert.ok(frame);
      assert.equal(new URL(frame.url()).origin, FRAME);
      await frame.waitForFunction(
        (t) =>
          ((document.querySelector(t)?.shadowRoot ?? document.querySelector(t))?.textContent ?? '').trim().length > 20,
        tag,
        { timeout: 10_000 },
      );
      if (tag === 'carstrel-inventory') {
        await frame.waitForFunction(
          () =>
            (document.querySelector('carstrel-inventory')?.shadowRoot?.querySelectorAll('[part~="card-image"]')
              .length ?? 0) > 0,
        );
        await page.screenshot({ path: `${SHOTS}/wix-embed-html.png` });
      }
      const box = await frame.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        scrollHeight: document.documentElement.scrollHeight,
        clientHeight: document.documentElement.clientHeight,
      }));
      assert.ok(box.clientHeight > 590 && box.clientHeight <= 600, `frame height: ${JSON.stringify(box)}`);
      assert.ok(box.scrollWidth <= box.clientWidth, `horizontal overflow: ${JSON.stringify(box)}`);
      if (box.scrollHeight > box.clientHeight) {
        // Taller than the frame: it scrolls inside the frame, the site's page stays put.
        await frame.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        assert.ok((await frame.evaluate(() => window.scrollY)) > 0);
        assert.equal(await page.evaluate(() => window.scrollY), 0);
      }
      if (tag === 'carstrel-vehicle') {
        // A dialog (the full-screen gallery) opens inside the frame, within its 600 px.
        const opened = await frame.evaluate(async () => {
          const root = document.querySelector('carstrel-vehicle')?.shadowRoot;
          const open = root?.querySelector<HTMLElement>('button.full[part~="gallery-button"]');
          open?.click();
          await new Promise((r) => setTimeout(r, 300));
          const dialog = root?.querySelector<HTMLDialogElement>('dialog[part="dialog"]');
          if (!dialog?.open) return { found: !!open, open: false };
          const r = dialog.getBoundingClientRect();
          return { found: true, open: true, top: r.top, bottom: r.bottom, width: r.width, innerWidth, innerHeight };
        });
        assert.equal(opened.open, true, JSON.stringify(opened));
        assert.ok(
          (opened.top ?? -1) >= 0 && (opened.bottom ?? 1e9) <= (opened.innerHeight ?? 0) + 1,
          JSON.stringify(opened),
        );
        assert.ok((opened.width ?? 1e9) <= (opened.innerWidth ?? 0), JSON.stringify(opened));
        await page.screenshot({ path: `${SHOTS}/wix-embed-dialog.png` });
      }
      await page.close();
    });
  }

  test('the snippet builder: reopens a shared setup, shows the Wix notes and "Test mode"', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${proxyUrl}/builder?element=carstrel-inventory&brand=toyota&page-size=6`);
    const snippet = page.locator('carstrel-builder textarea#snippet');
    await snippet.waitFor();
    assert.equal(
      await snippet.inputValue(),
      `<script src="${proxyUrl}/carstrel.js" async></script>\n<carstrel-inventory brand="toyota" page-size="6"></carstrel-inventory>`,
    );
    assert.match(await page.locator('header').innerText(), /Test mode/);
    await page.locator('carstrel-builder').getByRole('button', { name: 'Copy', exact: true }).waitFor();
    await page.waitForFunction(() => {
      const inv = document.querySelector('carstrel-builder [slot="preview"] carstrel-inventory');
      return (inv?.shadowRoot?.querySelectorAll('[part~="card-link"]').length ?? 0) > 0;
    });
    await page.screenshot({ path: `${SHOTS}/builder.png` });
    await page.locator('carstrel-builder #wix-heading').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/builder-wix-notes.png` });
    await context.close();
  });
});
