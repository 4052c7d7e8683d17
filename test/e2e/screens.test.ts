/**
 * Visual check: every element, in every engine found, at a phone width (390 px) and a desktop
 * width (1280 px), saved as `test-results/screens/<engine>/<element>-<width>.png` (artefacts, not
 * committed) so that a layout that differs by engine is seen. Each element is shown alone in an
 * iframe of exactly that width (a real viewport for its media queries; WebKitGTK's MiniBrowser
 * window cannot be made 390 px narrow), and the test fails if the element overflows it sideways.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ELEMENT_MODULES } from '../../src/elements.js';
import { e2eEngines, ERROR_COLLECTOR, label, launch, type E2EBrowser, type E2EPage } from './browsers.js';
import { freePort, startBuiltProxy, type RunningProxy } from './support.js';

const WIDTHS = [390, 1280] as const;
const ELEMENTS = Object.keys(ELEMENT_MODULES);
const SITE_PORT = await freePort();
const SITE = `http://127.0.0.1:${SITE_PORT}`;

/** Attributes that make each element show its content (elements not listed get none). */
function attributesFor(tag: string, vehicleId: string): string {
  const attrs: Record<string, string> = {
    'carstrel-inventory': 'page-size="4"',
    'carstrel-vehicle': `vehicle-id="${vehicleId}"`,
    'carstrel-test-drive-form': `vehicle-id="${vehicleId}"`,
  };
  return attrs[tag] ?? '';
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const png = readFileSync(path);
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', `${path} is a PNG`);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

interface Layout {
  viewport: number;
  scrollWidth: number;
  element: { width: number; height: number; right: number };
}

/**
 * Sizes the frame to its content and waits until the element has rendered it: text shown, no busy
 * region, photos loaded (lazy ones too, as the whole frame is in the window), height steady. `shown`
 * also takes the loader's server render of an element whose code has not come yet (an inventory
 * hydrates on the shopper's intent): what a shopper sees first; `defined` waits for its code.
 */
async function settle(page: E2EPage, tag: string, until: 'shown' | 'defined' = 'shown'): Promise<Layout> {
  let last: unknown;
  const end = Date.now() + 20_000;
  for (let previousHeight = -1; ;) {
    const state = await page.evaluate(
      ([t, defined]) => {
        const frame = document.querySelector<HTMLIFrameElement>('#frame');
        const doc = frame?.contentDocument;
        const el = doc?.querySelector(t);
        const w = frame?.contentWindow;
        const rendered = !defined && !!el?.shadowRoot && el.hasAttribute('data-carstrel-ssr');
        if (!frame || !doc || !el || !w || !(w.customElements.get(t) || rendered))
          return { waiting: defined ? 'the element to be defined' : 'the element to be defined or rendered' };
        const height = Math.min(Math.ceil(doc.body.getBoundingClientRect().height), 4000);
        frame.style.height = `${height}px`;
        const root = el.shadowRoot ?? el;
        if (!(root.textContent ?? '').trim()) return { waiting: 'content', height };
        if (root.querySelector('[aria-busy="true"]')) return { waiting: 'a busy region', height };
        const pending = [...root.querySelectorAll('img')].filter((i) => !i.complete).map((i) => i.src);
        if (pending.length) return { waiting: `photos ${pending.join(' ')}`, height, window: innerHeight };
        const r = el.getBoundingClientRect();
        return {
          height,
          layout: {
            viewport: w.innerWidth,
            scrollWidth: doc.documentElement.scrollWidth,
            element: { width: r.width, height: r.height, right: r.right },
          },
        };
      },
      [tag, until === 'defined'] as const,
    );
    last = state;
    if ('layout' in state && state.layout && state.height === previousHeight) return state.layout;
    previousHeight = state.height ?? -1;
    if (Date.now() > end) throw new Error(`${page.engine}: ${tag} did not settle in 20 s: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

for (const engine of e2eEngines()) {
  const name = label(engine);
  describe(`screenshots in ${name}`, () => {
    let proxy: RunningProxy;
    let browser: E2EBrowser;
    let site: Server;
    let page: E2EPage;
    let vehicleId = '';

    before(async () => {
      proxy = await startBuiltProxy({ CARSTREL_ALLOWED_ORIGINS: SITE });
      const list = (await (await fetch(`${proxy.url}/external/vehicles?limit=1`)).json()) as {
        data: Array<{ id: string }>;
      };
      vehicleId = list.data[0]?.id ?? '';
      site = createServer((req, res) => {
        const url = new URL(req.url ?? '/', SITE);
        const tag = url.searchParams.get('el') ?? '';
        const width = Number(url.searchParams.get('w'));
        const html = url.pathname.startsWith('/frame')
          ? `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
             <title>${tag}</title>${ERROR_COLLECTOR}<script src="${proxy.url}/carstrel.js" async></script>
             <style>body { margin: 0; padding: 16px; font: 16px/1.5 system-ui, sans-serif; background: #fff; }</style></head>
             <body><${tag} ${attributesFor(tag, vehicleId)}></${tag}></body></html>`
          : `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${tag} at ${width}px</title>
             <style>body { margin: 0; background: #eee; } iframe { display: block; border: 0; width: ${width}px; height: 600px; }</style></head>
             <body><iframe id="frame" title="${tag}" src="/frame?el=${tag}"></iframe></body></html>`;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      });
      await new Promise<void>((resolve) => site.listen(SITE_PORT, '127.0.0.1', resolve));
      browser = await launch(engine);
      page = await browser.newPage({ width: 1360, height: 4100 });
    });
    after(async () => {
      await page?.close();
      await browser?.close();
      await proxy?.stop();
      await new Promise((resolve) => site?.close(resolve));
    });

    for (const tag of ELEMENTS) {
      test(`${name}: ${tag} at 390 and 1280 px fits its viewport; screenshots saved`, async () => {
        for (const [width, until] of WIDTHS.flatMap((w) => [[w, 'shown'] as const, [w, 'defined'] as const])) {
          if (until === 'shown') await page.goto(`${SITE}/shot?el=${tag}&w=${width}`);
          else {
            // An element still asleep (the loader's render, waiting for intent): a pointer over it wakes it.
            const asleep = await page.evaluate((t) => {
              const frame = document.querySelector<HTMLIFrameElement>('#frame');
              const el = frame?.contentDocument?.querySelector(t);
              if (!el || frame?.contentWindow?.customElements.get(t)) return false;
              el.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
              return true;
            }, tag);
            if (!asleep) continue; // defined already: the shot above is its
          }
          const layout = await settle(page, tag, until);
          assert.equal(layout.viewport, width, `the frame is a ${width}px viewport`);
          assert.ok(layout.element.width > 0 && layout.element.height > 0, `${tag} is laid out at ${width}px`);
          assert.ok(
            layout.scrollWidth <= width && layout.element.right <= width + 0.5,
            `${tag} overflows a ${width}px viewport sideways (content ${layout.scrollWidth}px, element ends at ${layout.element.right}px)`,
          );
          // Let the engine paint the resized frame before the picture is taken.
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          const path = `test-results/screens/${engine}/${tag}-${width}${until === 'defined' ? '-hydrated' : ''}.png`;
          await page.screenshot('#frame', path);
          const size = pngSize(path);
          assert.ok(Math.abs(size.width - width) <= 1, `${path} is ${width}px wide (is ${size.width})`);
          assert.ok(size.height >= 100, `${path} shows the element (is ${size.height}px tall)`);
          const errors = await page.evaluate(
            () =>
              (document.querySelector<HTMLIFrameElement>('#frame')?.contentWindow as { __e2eErrors?: string[] } | null)
                ?.__e2eErrors ?? [],
          );
          assert.deepEqual(errors, [], `${tag} at ${width}px: no page error`);
        }
      });
    }
  });
}
