/**
 * No waterfall, on a foreign dealer page with the built bundle: the loader preloads every chunk
 * of an element's import graph at once (the lists the build derived from Vite's manifest), each
 * chunk is fetched once, the inventory's first list request is made once (started early and
 * handed to the element), the first row's photos are preloaded once it has arrived (each photo
 * fetched once), and a vehicle view still records exactly one impression. In every engine
 * found (requests read from Resource Timing). The loader's first paint from the proxy's server
 * render is off here (`data-server-render="off"`): these are the elements' own first requests
 * (first-paint.test.ts covers the render, and this path when the render fails).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { staticGraph, type Manifest } from '../../build/preload-graph.js';
import { ELEMENT_MODULES, PREFETCH_MODULES } from '../../src/elements.js';
import { e2eEngines, label, launch, type E2EBrowser, type E2EPage } from './browsers.js';
import { DealerSite, startBuiltProxy, type RunningProxy } from './support.js';

const site = await DealerSite.reserve();
/** How long after the list's arrival its photos may leave: its body is parsed in a task (CI runs on a loaded machine). */
const PARSE_SLACK_MS = 150;
const DEALER = site.origin;

const page = (proxy: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dealer</title>
  <script src="${proxy}/carstrel.js" data-server-render="off" async></script></head><body><h1>Our cars</h1>${body}<p>Visit us.</p></body></html>`;

/** Every URL the page fetched (Resource Timing: one entry per fetch, the same list in every engine). */
const requests = (p: E2EPage) => p.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));

for (const engine of e2eEngines()) {
  const name = label(engine);
  describe(`carstrel.js preloads, prefetches, and counts one impression per view in ${name}`, () => {
    let proxy: RunningProxy;
    let browser: E2EBrowser;
    const manifest = JSON.parse(readFileSync('dist/widgets/.vite/manifest.json', 'utf8')) as Manifest;

    before(async () => {
      await site.start();
      proxy = await startBuiltProxy({ CARSTREL_ALLOWED_ORIGINS: DEALER });
      browser = await launch(engine);
    });
    after(async () => {
      await browser?.close();
      await proxy?.stop();
      await site.close();
    });

    async function open(html: string, path = '/cars/'): Promise<E2EPage> {
      const p = await browser.newPage({ width: 1200, height: 900 });
      site.html = html;
      await p.goto(`${DEALER}${path}`);
      return p;
    }

    test(`${name}: an inventory's whole graph is preloaded at once, each chunk fetched once, one list request`, async () => {
      const p = await open(page(proxy.url, '<carstrel-inventory page-size="6"></carstrel-inventory>'));
      await p.waitForSelector('carstrel-inventory [part~="card"]');
      const graph = staticGraph(manifest, ELEMENT_MODULES['carstrel-inventory']);
      const early = staticGraph(manifest, PREFETCH_MODULES['carstrel-inventory']!);
      const preloads = await p.evaluate(() =>
        [...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].map((l) =>
          new URL(l.href).pathname.slice(1),
        ),
      );
      // Everything but the prefetch module, imported at once (a preload of a module being imported
      // made WebKit fetch it twice); the entry is preloaded too: it is imported last, after the
      // files it needs have run in steps.
      const expected = [...new Set([...graph, ...early])].filter((f) => f !== early[0]);
      assert.deepEqual([...preloads].sort(), expected.sort());
      const urls = await requests(p);
      const chunkRequests = urls.filter((u) => u.includes('/chunks/'));
      assert.equal(
        new Set(chunkRequests).size,
        chunkRequests.length,
        `a chunk fetched twice:\n${chunkRequests.join('\n')}`,
      );
      // The whole graph of the inventory and its prefetch module; besides it, only what the inventory
      // imports on demand after its first paint (the Save toggles, JSON-LD and, the proxy being the
      // sandbox here, the Test mode marker), each with its own imports.
      const first = new Set([...graph, ...early]);
      const onDemand = new Set(
        Object.values(manifest)
          .filter((entry) => first.has(entry.file))
          .flatMap((entry) => (entry.dynamicImports ?? []).flatMap((key) => staticGraph(manifest, key))),
      );
      const fetched = new Set(chunkRequests.map((u) => new URL(u).pathname.slice(1)));
      assert.deepEqual(
        [...first].filter((f) => !fetched.has(f)),
        [],
        'the whole graph of the inventory and its prefetch module',
      );
      assert.deepEqual(
        [...fetched].filter((f) => !first.has(f) && !onDemand.has(f)),
        [],
        'no chunk outside that graph but those it imports on demand',
      );
      const lists = urls.filter((u) => new URL(u).pathname === '/external/vehicles');
      assert.equal(lists.length, 1, lists.join('\n'));
      await p.close();
    });

    test(`${name}: the loader preloads the first row's photos as soon as the list arrives (before the inventory's code when the list comes first), each photo fetched once`, async () => {
      const p = await open(page(proxy.url, '<carstrel-inventory page-size="8"></carstrel-inventory>'));
      await p.waitFor(
        () => {
          const imgs = [
            ...(document
              .querySelector('carstrel-inventory')
              ?.shadowRoot?.querySelectorAll<HTMLImageElement>('[part~="card"] img[loading="eager"]') ?? []),
          ];
          return imgs.length > 0 && imgs.every((img) => img.complete);
        },
        undefined,
        15_000,
        "the first row's photos shown",
      );
      const seen = await p.evaluate(() => ({
        eager: [
          ...document
            .querySelector('carstrel-inventory')!
            .shadowRoot!.querySelectorAll<HTMLImageElement>('[part~="card"] img[loading="eager"]'),
        ].map((img) => img.src),
        preloads: [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="image"]')].map((l) => l.href),
        entries: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => ({
          name: e.name,
          start: e.startTime,
          end: e.responseEnd,
        })),
      }));
      assert.deepEqual(seen.preloads, seen.eager, 'the preloads are the first row’s photos, the URLs the cards show');
      const inventoryChunk = seen.entries.find((e) => /\/chunks\/carstrel-inventory-[\w-]+\.js$/.test(e.name));
      const list = seen.entries.find((e) => new URL(e.name).pathname === '/external/vehicles');
      assert.ok(inventoryChunk && list, 'the inventory chunk and the list were fetched');
      for (const src of seen.eager) {
        const fetches = seen.entries.filter((e) => e.name === src);
        assert.equal(fetches.length, 1, `${src} fetched ${fetches.length} times`);
        // The photos wait for the list only: when it arrived before the inventory's code (the usual
        // case under load in Chromium; an idle engine may get the code first), they left before that
        // code, or at least soon after the list (its body parsed in a task of a busy main thread: a
        // code that arrives a few ms after the list may come first, which is no wait on it).
        if (list.end < inventoryChunk.end)
          assert.ok(
            fetches[0].start < Math.max(inventoryChunk.end, list.end + PARSE_SLACK_MS),
            `${src} requested at ${fetches[0].start} ms, after the inventory's code arrived (${inventoryChunk.end} ms) and ${fetches[0].start - list.end} ms after the list (${list.end} ms)`,
          );
      }
      const photos = seen.entries.filter((e) => /\/media\//.test(e.name)).map((e) => e.name);
      assert.equal(new Set(photos).size, photos.length, `a photo fetched twice:\n${photos.join('\n')}`);
      await p.close();
    });

    test(`${name}: a vehicle view on the loader records one impression (the detail is never started early)`, async () => {
      const list = (await (await fetch(`${proxy.url}/external/vehicles?limit=2`)).json()) as {
        data: Array<{ id: string; name: string }>;
      };
      const [first, second] = list.data;
      assert.ok(first && second);
      const impressions = async (id: string) =>
        (
          (await (await fetch(`${proxy.sandboxUrl}/_sandbox/journal`)).json()) as {
            impressions: Record<string, number>;
          }
        ).impressions[id] ?? 0;
      const before = await impressions(first.id);
      const p = await open(
        page(proxy.url, '<carstrel-vehicle></carstrel-vehicle><carstrel-inventory page-size="4"></carstrel-inventory>'),
        `/cars/?vehicle=${first.id}`,
      );
      await p.waitForSelector('carstrel-vehicle [part="title"]');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(await impressions(first.id), before + 1);
      const details = (await requests(p)).filter((u) => /\/external\/vehicles\/[^/?]+/.test(new URL(u).pathname));
      assert.equal(details.length, 1, details.join('\n'));
      // The shopper picks another card: one more view, one more impression, for that vehicle only.
      const beforeSecond = await impressions(second.id);
      await p.evaluate((id) => {
        history.pushState(null, '', `?vehicle=${id}`);
        window.dispatchEvent(new Event('carstrel-url-change'));
      }, second.id);
      await p.waitFor(
        (title) =>
          document.querySelector('carstrel-vehicle')?.shadowRoot?.querySelector('[part="title"]')?.textContent ===
          title,
        second.name,
        15_000,
        'the second vehicle shown',
      );
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(await impressions(second.id), beforeSecond + 1);
      assert.equal(await impressions(first.id), before + 1);
      await p.close();
    });
  });
}
