/**
 * The WordPress plugin (`wordpress/carstrel-widgets/`, zipped into `dist/carstrel-widgets.zip` by
 * `npm run build`) in a real WordPress: Debian's package on PHP's built-in server and a private
 * MariaDB (test/helpers/wordpress.ts), the built proxy with its sandbox, and Chromium. An editor
 * activates the plugin and sets the proxy URL; pages carry shortcodes and blocks; a shopper sees
 * the cars. A stub proxy stands in for `/render` where its answers must be controlled.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ELEMENT_MODULES } from '../../src/elements.js';
import { startWordPress, wordpressMissing, type WordPress } from '../helpers/wordpress.js';
import { freePort, launchChromium, startBuiltProxy, type RunningProxy } from './support.js';

const PLUGIN = 'wordpress/carstrel-widgets';
const ZIP = 'dist/carstrel-widgets.zip';
const skip = wordpressMissing();
/** A server-rendered shadow root with what WordPress's content filters would rewrite (quotes, a smiley, a shortcode, an image). */
const SSR_SHADOW =
  '<template shadowrootmode="open"><p>"Corolla" it\'s 2 cars :) [carstrel_blog] -- <img src="/a.jpg" width="4" height="3" alt=""></p></template>';

function pluginFiles(): string[] {
  return readdirSync(PLUGIN, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** The `src` of every script tag of a page. */
function scriptSources(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*\bsrc=['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

/** The `<main>` of a page (the theme puts the page's content there). */
function main(html: string): string {
  return /<main>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';
}

describe('WordPress plugin: files', () => {
  test('every PHP file passes `php -l`', { skip: spawnSync('php', ['-v']).status === 0 ? false : 'no php' }, () => {
    const php = pluginFiles().filter((f) => f.endsWith('.php'));
    assert.ok(php.length >= 5, `PHP files: ${php.join(', ')}`);
    for (const file of php) {
      const res = spawnSync('php', ['-l', file], { encoding: 'utf8' });
      assert.equal(res.status, 0, `${file}: ${res.stdout}${res.stderr}`);
    }
  });

  test('no API key, key variable or key header anywhere in the plugin folder or its zip', () => {
    const key = /\bsk_(?:live|test)_|CARSTREL_API_KEY|x-api-key|apiKey/i;
    for (const file of pluginFiles()) assert.doesNotMatch(readFileSync(file, 'utf8'), key, file);
    assert.doesNotMatch(readFileSync(ZIP).toString('latin1'), /\bsk_(?:live|test)_/);
  });

  test('a block (and so a shortcode) for each of the 11 elements, with exactly the attributes of its manifest entry', () => {
    const manifest = JSON.parse(readFileSync('dist/custom-elements.json', 'utf8')) as {
      modules: { declarations?: { tagName?: string; attributes?: { name: string }[] }[] }[];
    };
    const fromManifest = new Map<string, string[]>();
    for (const d of manifest.modules.flatMap((m) => m.declarations ?? [])) {
      // The dealer's elements only (not the console's, the builder's or the Test mode marker).
      if (!d.tagName || !(d.tagName in ELEMENT_MODULES)) continue;
      const names = (d.attributes ?? []).map((a) => a.name).filter((n) => n !== 'api');
      fromManifest.set(d.tagName.slice('carstrel-'.length), names.sort());
    }
    const blocks = readdirSync(join(PLUGIN, 'blocks')).sort();
    assert.deepEqual(blocks, [...fromManifest.keys()].sort());
    assert.equal(blocks.length, 11);
    for (const slug of blocks) {
      const meta = JSON.parse(readFileSync(join(PLUGIN, 'blocks', slug, 'block.json'), 'utf8')) as {
        name: string;
        attributes: Record<string, { type: string }>;
      };
      assert.equal(meta.name, `carstrel/${slug}`);
      const kebab = Object.keys(meta.attributes).map((c) => c.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`));
      assert.deepEqual(kebab.sort(), fromManifest.get(slug), slug);
    }
  });
});

describe('WordPress plugin in WordPress 6.1 (Debian)', { skip }, () => {
  let wp: WordPress;
  let proxy: RunningProxy;
  let browser: Browser;
  let admin: Page;
  let stub: Server;
  let stubUrl: string;
  const stubHits: string[] = [];
  /** Whether the stub answers /render (else 404, as a proxy without /render does). */
  let stubRenders = false;
  const pageErrors: string[] = [];

  /** A stub proxy whose `/render` answers are chosen per element. */
  async function startStub(): Promise<void> {
    const port = await freePort();
    stubUrl = `http://127.0.0.1:${port}`;
    stub = createServer((req, res) => {
      stubHits.push(req.url ?? '');
      const element = /^\/render\/([a-z-]+)/.exec(req.url ?? '')?.[1];
      if (!stubRenders || !element) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"statusCode":404,"message":"Not found","error":"Not Found"}');
      } else if (element === 'carstrel-inventory' || element === 'carstrel-vehicle') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<${element} brand="toyota">${SSR_SHADOW}</${element}>`);
      } else if (element === 'carstrel-brands') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('<carstrel-brands>not html</carstrel-brands>');
      } else {
        res.writeHead(500, { 'content-type': 'text/html' });
        res.end('<carstrel-blog>broken</carstrel-blog>');
      }
    });
    await new Promise<void>((resolve) => stub.listen(port, '127.0.0.1', resolve));
  }

  function setProxyUrl(url: string): void {
    wp.php(`update_option( 'carstrel_proxy_url', ${JSON.stringify(url)} );`);
  }

  /** Publishes a page with `content`; returns its URL. */
  function publish(title: string, content: string): string {
    const id = wp.php(
      `echo wp_insert_post( array( 'post_type' => 'page', 'post_status' => 'publish', 'post_title' => ${JSON.stringify(title)}, 'post_content' => ${JSON.stringify(content)} ) );`,
    );
    assert.match(id, /^\d+$/);
    return `${wp.url}/?page_id=${id}`;
  }

  async function get(url: string): Promise<{ status: number; html: string; ms: number }> {
    const t = Date.now();
    const res = await fetch(url);
    return { status: res.status, html: await res.text(), ms: Date.now() - t };
  }

  before(async () => {
    wp = await startWordPress(ZIP);
    proxy = await startBuiltProxy({ CARSTREL_ALLOWED_ORIGINS: wp.url });
    await startStub();
    browser = await launchChromium();
    admin = await browser.newPage();
    admin.on('pageerror', (e) => pageErrors.push(String(e)));
    await admin.goto(`${wp.url}/wp-login.php`);
    await admin.getByLabel('Username or Email Address').fill('admin');
    await admin.getByLabel('Password', { exact: true }).fill('password');
    await admin.getByRole('button', { name: 'Log In' }).click();
    await admin.waitForURL(/wp-admin/);
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (stub ? stub.close(resolve) : resolve(undefined)));
    await proxy?.stop();
    await wp?.stop();
  });

  test('activating the plugin on the Plugins screen prints nothing', async () => {
    await admin.goto(`${wp.url}/wp-admin/plugins.php`);
    await admin.getByRole('link', { name: 'Activate CarStrel Widgets' }).click();
    await admin.getByText('Plugin activated.').waitFor();
    assert.doesNotMatch(await admin.content(), /unexpected output/);
    assert.equal(
      wp.php(
        `echo in_array( 'carstrel-widgets/carstrel-widgets.php', get_option( 'active_plugins' ), true ) ? 'yes' : 'no';`,
      ),
      'yes',
    );
  });

  test('Settings → CarStrel Widgets saves the proxy URL as an origin and refuses what is not one', async () => {
    await admin.goto(`${wp.url}/wp-admin/options-general.php?page=carstrel-widgets`);
    const field = admin.getByLabel('Proxy URL');
    await field.fill(`${proxy.url}/`);
    await admin.getByRole('button', { name: 'Save Changes' }).click();
    await admin.getByText('Settings saved.').waitFor();
    assert.equal(await admin.getByLabel('Proxy URL').inputValue(), proxy.url);
    assert.equal(wp.php(`echo get_option( 'carstrel_proxy_url' );`), proxy.url);

    await admin.getByLabel('Proxy URL').fill(`${proxy.url}/carstrel.js?x=1`);
    await admin.getByRole('button', { name: 'Save Changes' }).click();
    await admin.getByText(/is not a proxy URL/).waitFor();
    assert.equal(wp.php(`echo get_option( 'carstrel_proxy_url' );`), proxy.url, 'the previous URL is kept');
    const fields = await admin
      .locator('form[action="options.php"] :is(input, textarea, select)')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name));
    assert.ok(fields.includes('carstrel_proxy_url'));
    assert.deepEqual(
      fields.filter((name) => /key/i.test(name)),
      [],
      'no field for a key',
    );
  });

  test('shortcodes and blocks render their element with the right attributes, escaped; one script tag for 3 widgets', async () => {
    setProxyUrl(stubUrl); // a proxy without /render: the plain elements, as written
    const url = publish(
      'Cars',
      [
        '[carstrel_inventory brand="toyota" page_size="6" unknown="x"]',
        '<!-- wp:carstrel/inventory {"brand":"toyota","pageSize":6,"minPrice":5000.5} /-->',
        '<!-- wp:carstrel/brands {"summary":true,"group":"body-type"} /-->',
        `[carstrel_contact_form heading='Say "hi" <b>now</b>' privacy_href="https://dealer.example/privacy?a=1&b=2"]`,
        '[carstrel_trade_in data_layer lang="fr"]',
      ].join('\n\n'),
    );
    const { status, html } = await get(url);
    assert.equal(status, 200);
    const body = main(html);
    assert.equal(body.split('<carstrel-inventory brand="toyota" page-size="6"></carstrel-inventory>').length, 2);
    assert.ok(
      body.includes('<carstrel-inventory brand="toyota" min-price="5000.5" page-size="6"></carstrel-inventory>'),
      body,
    );
    assert.ok(body.includes('<carstrel-brands group="body-type" summary></carstrel-brands>'), body);
    assert.ok(
      body.includes(
        '<carstrel-contact-form heading="Say &quot;hi&quot; &lt;b&gt;now&lt;/b&gt;" privacy-href="https://dealer.example/privacy?a=1&amp;b=2"></carstrel-contact-form>',
      ),
      body,
    );
    assert.ok(body.includes('<carstrel-trade-in data-layer lang="fr"></carstrel-trade-in>'), body);
    assert.doesNotMatch(body, /unknown=/);
    const bundles = scriptSources(html).filter((s) => s.includes('carstrel.js'));
    assert.deepEqual(bundles, [`${stubUrl}/carstrel.js`], 'the bundle, once, from the proxy on its own port');
  });

  test('every element has a shortcode and a block', async () => {
    const slugs = readdirSync(join(PLUGIN, 'blocks'));
    const url = publish(
      'All',
      slugs
        .map((s) => `[carstrel_${s.replace(/-/g, '_')} lang="en"]\n<!-- wp:carstrel/${s} {"lang":"de"} /-->`)
        .join('\n'),
    );
    const body = main((await get(url)).html);
    for (const s of slugs) {
      assert.ok(body.includes(`<carstrel-${s} lang="en"></carstrel-${s}>`), `shortcode ${s}`);
      assert.ok(body.includes(`<carstrel-${s} lang="de"></carstrel-${s}>`), `block ${s}`);
    }
  });

  test('a shopper sees the cars of the shortcode in Chromium (proxy on its own port, CORS allows the site)', async () => {
    setProxyUrl(proxy.url);
    const url = publish('Inventory', '[carstrel_inventory page_size="6"]');
    const shopper = await browser.newPage();
    const errors: string[] = [];
    shopper.on('pageerror', (e) => errors.push(String(e)));
    shopper.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await shopper.goto(url);
    const cards = shopper.locator('carstrel-inventory [part="card"]');
    await cards.nth(5).waitFor({ timeout: 20_000 });
    assert.equal(await cards.count(), 6);
    const names = await shopper.locator('carstrel-inventory [part="card-link"]').allInnerTexts();
    assert.equal(names.length, 6);
    for (const name of names) assert.match(name, /\S/);
    assert.deepEqual(errors, []);
    await shopper.close();
  });

  test('a vehicle page through WordPress records one impression per view (server-rendered or not)', async () => {
    setProxyUrl(proxy.url);
    const list = await fetch(`${proxy.url}/external/vehicles?limit=1`);
    const [v] = ((await list.json()) as { data: { id: string; name: string }[] }).data;
    const url = publish('Vehicle', `[carstrel_vehicle vehicle_id="${v.id}"]`);
    const impressions = async (): Promise<number> => {
      const res = await fetch(`${proxy.sandboxUrl}/_sandbox/journal`);
      return ((await res.json()) as { impressions: Record<string, number> }).impressions[v.id] ?? 0;
    };
    const before = await impressions();
    const shopper = await browser.newPage();
    for (const view of [1, 2]) {
      await shopper.goto(url);
      const title = shopper.locator('carstrel-vehicle [part="title"]');
      await title.waitFor({ timeout: 20_000 });
      assert.equal(await title.innerText(), v.name);
      await shopper.waitForLoadState('networkidle');
      assert.equal(await impressions(), before + view, `view ${view}`);
    }
    await shopper.close();
  });

  test('the block editor previews a block with the real element', async () => {
    const url = publish('Preview', '<!-- wp:carstrel/inventory {"pageSize":3} /-->');
    const id = new URL(url).searchParams.get('page_id');
    await admin.goto(`${wp.url}/wp-admin/post.php?post=${id}&action=edit`);
    const cards = admin.locator('.wp-block carstrel-inventory [part="card"]');
    await cards.nth(2).waitFor({ timeout: 60_000 });
    assert.equal(await cards.count(), 3);
  });

  test('/render answers are inlined and cached a minute; a vehicle is fetched on every view, never cached', async () => {
    setProxyUrl(stubUrl);
    stubRenders = true;
    const url = publish(
      'SSR',
      '[carstrel_inventory brand="toyota" page_size="6"]\n<!-- wp:carstrel/vehicle {"vehicleId":"v-1"} /-->\n[carstrel_brands summary]\n[carstrel_blog limit="2"]',
    );
    stubHits.length = 0;
    const first = main((await get(url)).html);
    const second = main((await get(url)).html);
    for (const body of [first, second]) {
      assert.ok(body.includes(`<carstrel-inventory brand="toyota">${SSR_SHADOW}</carstrel-inventory>`), body);
      assert.ok(body.includes(`<carstrel-vehicle brand="toyota">${SSR_SHADOW}</carstrel-vehicle>`), 'the block, too');
      assert.ok(body.includes('<carstrel-brands summary></carstrel-brands>'), 'not text/html: the plain element');
      assert.ok(body.includes('<carstrel-blog limit="2"></carstrel-blog>'), 'a 500: the plain element');
    }
    const count = (path: string): number => stubHits.filter((h) => h === path).length;
    assert.equal(count('/render/carstrel-inventory?brand=toyota&page-size=6'), 1, stubHits.join('\n'));
    assert.equal(count('/render/carstrel-vehicle?vehicle-id=v-1'), 2, stubHits.join('\n'));
    assert.equal(count('/render/carstrel-brands?summary='), 2, 'a refused answer is not cached');

    // A shared link with the shopper's filters: the inventory follows the URL, so no default first page.
    stubHits.length = 0;
    const filtered = main((await get(`${url}&brand=ford&page=2`)).html);
    assert.ok(filtered.includes('<carstrel-inventory brand="toyota" page-size="6"></carstrel-inventory>'), filtered);
    assert.equal(count('/render/carstrel-inventory?brand=toyota&page-size=6'), 0, stubHits.join('\n'));
    assert.ok(
      filtered.includes('<carstrel-vehicle brand="toyota"><template'),
      'a fixed vehicle is still server-rendered',
    );
  });

  test("with the proxy's own /render: the page's HTML carries the cards, seen with JavaScript off", async (t) => {
    const probe = await fetch(`${proxy.url}/render/carstrel-inventory?page-size=6`);
    const fragment = (await probe.text()).trimStart();
    if (probe.status !== 200 || !fragment.startsWith('<carstrel-inventory')) {
      t.skip(`this proxy has no /render yet (GET /render/carstrel-inventory: ${probe.status})`);
      return;
    }
    setProxyUrl(proxy.url);
    const url = publish('First paint', '[carstrel_inventory page_size="6"]');
    assert.match(main((await get(url)).html), /<carstrel-inventory[^>]*>\s*<template[^>]*\bshadowrootmode="open"/);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url);
    assert.equal(await page.locator('carstrel-inventory [part="card"]').count(), 6);
    await context.close();
  });

  test('proxy down (refused, or silent): the page still loads, quickly, with the plain element', async () => {
    const closed = await freePort();
    setProxyUrl(`http://127.0.0.1:${closed}`);
    const url = publish('Down', '[carstrel_inventory brand="ford"]\n[carstrel_vehicle vehicle_id="v-2"]');
    const refused = await get(url);
    assert.equal(refused.status, 200);
    assert.ok(main(refused.html).includes('<carstrel-inventory brand="ford"></carstrel-inventory>'));
    assert.ok(main(refused.html).includes('<carstrel-vehicle vehicle-id="v-2"></carstrel-vehicle>'));
    assert.deepEqual(
      scriptSources(refused.html).filter((s) => s.includes('carstrel.js')),
      [`http://127.0.0.1:${closed}/carstrel.js`],
    );

    const silent = createServer(() => undefined); // accepts, never answers
    const port = await freePort();
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    try {
      setProxyUrl(`http://127.0.0.1:${port}`);
      const slow = await get(url);
      assert.equal(slow.status, 200);
      assert.ok(main(slow.html).includes('<carstrel-inventory brand="ford"></carstrel-inventory>'));
      assert.ok(slow.ms < 6000, `one ~2 s timeout for the page, not one per widget (${slow.ms} ms)`);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  test('no PHP notice, warning or error from the plugin', () => {
    const ours = wp
      .debugLog()
      .split('\n')
      .filter((line) => line.includes('carstrel-widgets'));
    assert.deepEqual(ours, []);
    assert.deepEqual(pageErrors, []);
  });
});
