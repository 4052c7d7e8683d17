// Lit's hydrate support first, as carstrel.js loads it on a page with server-rendered elements.
import './hydrate.js';
import { expect } from '@open-wc/testing';
import { $, $$, apiBase, journal, resetSandbox, until } from '../testing/browser.js';

/**
 * A page that inlines `GET /render/<element>` (as the WordPress plugin does): the cards are there
 * before any element code runs, and the element hydrates them without a request and without
 * changing what is shown.
 */

type Hydratable = HTMLElement & { updateComplete: Promise<boolean> };

const parses = typeof (Element.prototype as { setHTMLUnsafe?: unknown }).setHTMLUnsafe === 'function';

/** The fragment, inlined the way a server-rendered page has it (declarative shadow DOM parsed). */
async function inline(path: string): Promise<HTMLElement> {
  const res = await fetch(`${apiBase()}${path}`);
  expect(res.status).to.equal(200);
  expect(res.headers.get('content-type')).to.match(/^text\/html/);
  const host = document.createElement('div');
  (host as unknown as { setHTMLUnsafe(html: string): void }).setHTMLUnsafe(await res.text());
  document.body.append(host);
  return host.firstElementChild as HTMLElement;
}

/** Requests the page makes to the proxy's API from now on. */
function apiRequests(): { list(): string[] } {
  const seen = new Set(performance.getEntriesByType('resource').map((e) => e.name));
  return {
    list: () =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((name) => !seen.has(name) && name.includes('/external/')),
  };
}

/** A shadow root's text without the cards' "Save" toggles (they load after the first render, server-rendered or not). */
function textWithoutToggles(root: ShadowRoot): string {
  return [...root.childNodes]
    .filter((node) => node.nodeType !== Node.COMMENT_NODE) // as `textContent`: Lit's part markers are no text
    .map((node) => {
      const copy = node.cloneNode(true);
      if (copy instanceof Element) for (const t of copy.querySelectorAll('[part="save-toggle"]')) t.remove();
      return copy.textContent;
    })
    .join('');
}

async function hydrate(el: Element, module: () => Promise<unknown>): Promise<void> {
  await module();
  await until(() => el.matches(':defined'), 5000, 'element defined');
  await (el as Hydratable).updateComplete;
  await new Promise((r) => setTimeout(r, 300)); // any request a first run would make has started by now
}

afterEach(() => document.querySelectorAll('body > div').forEach((d) => d.remove()));

describe('server-rendered first paint (/render) hydrates', function () {
  before(function () {
    if (!parses) this.skip(); // declarative shadow DOM from script needs setHTMLUnsafe
  });
  beforeEach(() => resetSandbox());

  it('an inventory: cards before its code, the same text after hydration, no request, interactive', async () => {
    const el = await inline(
      `/render/carstrel-inventory?page-size=4&filters=brand+sort&url-state=off&api=${encodeURIComponent(apiBase())}`,
    );
    expect(customElements.get('carstrel-inventory')).to.equal(undefined);
    const cards = $$(el, '[part~="card-link"]');
    expect(cards.length).to.equal(4);
    expect(cards[0].textContent.trim()).to.not.equal('');
    // The server draws the real filters (their code is awaited there), not their placeholders.
    expect($$(el, '#f-sort option[value]').length, 'the real sort choices').to.be.greaterThan(1);
    const before = el.shadowRoot!.textContent;
    const requests = apiRequests();
    const loaded = new Promise((resolve) => el.addEventListener('carstrel-results-loaded', resolve, { once: true }));

    await hydrate(el, () => import('../inventory/carstrel-inventory.js'));
    await loaded;

    expect(requests.list()).to.deep.equal([]);
    expect(textWithoutToggles(el.shadowRoot!)).to.equal(before);
    expect(cards[0].isConnected, 'the server-rendered card is kept, not re-rendered').to.equal(true);
    // Each card gains its "Save" toggle once that code has arrived.
    await until(() => $$(el, '[part="save-toggle"]').length === 4, 5000, 'the Save toggles');
    await expect(el).to.be.accessible();

    // Hydrated for real: the next page is loaded and shown by the element.
    const next = $(el, '[part~="page-button"].next')!;
    next.click();
    await until(() => requests.list().some((u) => new URL(u).searchParams.get('page') === '2'), 5000, 'page 2');
    await until(() => $(el, '[aria-current="page"]')?.textContent?.trim() === '2', 5000, 'page 2 shown');
    expect($$(el, '[part~="card-link"]').length).to.equal(4);
    expect($$(el, '[part~="card-link"]')).to.not.include(cards[0]);
  });

  it('a vehicle: one impression for the rendered view, none more when it hydrates', async () => {
    const list = (await (await fetch(`${apiBase()}/external/vehicles?limit=1`)).json()) as {
      data: Array<{ id: string }>;
    };
    const id = list.data[0].id;
    const before = (await journal()).impressions[id] ?? 0;
    // Similar vehicles are not server-rendered: they load with one list request after hydration.
    const el = await inline(`/render/carstrel-vehicle?vehicle-id=${id}&similar=off`);
    expect((await journal()).impressions[id]).to.equal(before + 1);
    const title = $(el, '[part="title"]')!;
    expect(title.textContent.trim()).to.not.equal('');
    const text = el.shadowRoot!.textContent;
    const requests = apiRequests();

    await hydrate(el, () => import('../vehicle/carstrel-vehicle.js'));

    expect(requests.list()).to.deep.equal([]);
    expect((await journal()).impressions[id]).to.equal(before + 1);
    expect(el.shadowRoot!.textContent).to.equal(text);
    expect(title.isConnected).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('brands and blog: the tiles and posts stay as rendered, without a request', async () => {
    const brands = await inline('/render/carstrel-brands?summary=');
    const blog = await inline('/render/carstrel-blog?limit=2');
    expect($$(brands, '[part~="tile"]').length).to.be.greaterThan(0);
    expect($$(blog, '[part~="post-link"]').length).to.equal(2);
    const texts = [brands.shadowRoot!.textContent, blog.shadowRoot!.textContent];
    const requests = apiRequests();

    await hydrate(brands, () => import('../brands/carstrel-brands.js'));
    await hydrate(blog, () => import('../blog/carstrel-blog.js'));

    expect(requests.list()).to.deep.equal([]);
    expect([brands.shadowRoot!.textContent, blog.shadowRoot!.textContent]).to.deep.equal(texts);
    await expect(brands).to.be.accessible();
    await expect(blog).to.be.accessible();
  });
});
