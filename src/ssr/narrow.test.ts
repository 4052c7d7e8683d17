// Lit's hydrate support first, as carstrel.js loads it on a page with server-rendered elements.
import './hydrate.js';
import { expect } from '@open-wc/testing';
import { $, $$, apiBase, resetSandbox, until } from '../testing/browser.js';

/**
 * A server-rendered inventory in a narrow column (a phone, a sidebar). The WordPress plugin inlines
 * `/render` at any width: the server, knowing no width, draws the wide layout; the element must
 * hydrate that very layout (a first render in its compact one would not match what is there) and
 * only then fold its filters into the "Filters" disclosure. The loader knows the width and asks for
 * the compact layout (`layout=compact&columns=1`): the element hydrates that one as drawn.
 */

type Hydratable = HTMLElement & { updateComplete: Promise<boolean> };

/** Errors the page reports while `run` runs (a hydration that does not match throws in an update). */
async function errorsDuring(run: () => Promise<unknown>): Promise<string[]> {
  const errors: string[] = [];
  const onError = (e: ErrorEvent) => errors.push(String(e.message));
  const onRejection = (e: PromiseRejectionEvent) => errors.push(String((e.reason as Error)?.message ?? e.reason));
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  try {
    await run();
  } finally {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  }
  return errors;
}

/** Requests the page makes to the proxy's API from now on. */
function apiRequests(): () => string[] {
  const seen = new Set(performance.getEntriesByType('resource').map((e) => e.name));
  return () =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((name) => !seen.has(name) && name.includes('/external/'));
}

const parses = typeof (Element.prototype as { setHTMLUnsafe?: unknown }).setHTMLUnsafe === 'function';

describe('server-rendered inventory in a narrow column', function () {
  before(function () {
    if (!parses) this.skip(); // declarative shadow DOM from script needs setHTMLUnsafe
  });
  beforeEach(() => resetSandbox());

  it('hydrates the wide layout it was drawn in without an error, then turns compact', async () => {
    const res = await fetch(
      `${apiBase()}/render/carstrel-inventory?page-size=4&filters=brand+sort&url-state=off&api=${encodeURIComponent(apiBase())}`,
    );
    const column = document.createElement('div');
    column.style.width = '320px';
    (column as unknown as { setHTMLUnsafe(html: string): void }).setHTMLUnsafe(await res.text());
    const el = column.firstElementChild as Hydratable;
    expect($(el, 'form[part="filters"]'), 'the server drew the wide filters').to.not.equal(null);
    expect($(el, '[part="filters-toggle"]')).to.equal(null);
    const cards = $$(el, '[part~="card-link"]');
    expect(cards.length).to.equal(4);

    const errors = await errorsDuring(async () => {
      document.body.append(column);
      await import('../inventory/carstrel-inventory.js');
      await until(() => el.matches(':defined'), 5000, 'element defined');
      await el.updateComplete;
      await until(() => $(el, '[part="filters-toggle"]'), 5000, 'the compact "Filters" disclosure');
    });
    expect(errors, 'no hydration error').to.deep.equal([]);
    expect(cards[0].isConnected, 'the server-rendered card is kept').to.equal(true);
    expect($$(el, '[part~="card-link"]').length).to.equal(4);
    await expect(el).to.be.accessible();
    column.remove();
  });

  it('hydrates the compact layout the loader asks for as drawn: no error, no request, nothing redrawn; then follows its width', async () => {
    const res = await fetch(
      `${apiBase()}/render/carstrel-inventory?page-size=4&filters=brand+sort&url-state=off&layout=compact&columns=1&api=${encodeURIComponent(apiBase())}`,
    );
    expect(res.status).to.equal(200);
    const column = document.createElement('div');
    column.style.width = '320px';
    (column as unknown as { setHTMLUnsafe(html: string): void }).setHTMLUnsafe(await res.text());
    const el = column.firstElementChild as Hydratable;
    const toggle = $<HTMLDetailsElement>(el, 'details[part="filters-toggle"]');
    expect(toggle, 'the server drew the folded filters').to.not.equal(null);
    expect(toggle!.open).to.equal(false);
    const cards = $$(el, '[part~="card-link"]');
    expect(cards.length).to.equal(4);
    const names = cards.map((c) => c.textContent.trim());
    expect($$(el, 'img[fetchpriority="high"]').length, "one card a row: the first card's photo first").to.equal(1);
    const requests = apiRequests();

    const errors = await errorsDuring(async () => {
      document.body.append(column);
      await import('../inventory/carstrel-inventory.js');
      await until(() => el.matches(':defined'), 5000, 'element defined');
      await el.updateComplete;
      await new Promise((r) => setTimeout(r, 300)); // any request a first run would make has started by now
    });
    expect(errors, 'no hydration error').to.deep.equal([]);
    expect(requests(), 'no request: the element took what the server drew').to.deep.equal([]);
    expect($(el, 'details[part="filters-toggle"]'), 'the disclosure is the one drawn, not redrawn').to.equal(toggle);
    expect(toggle!.isConnected).to.equal(true);
    expect(cards.every((c) => c.isConnected)).to.equal(true);
    expect($$(el, '[part~="card-link"]').map((c) => c.textContent.trim())).to.deep.equal(names);
    await expect(el).to.be.accessible();

    // Hydrated for real: the shopper opens the filters, and the width is followed as before.
    $(el, 'details[part="filters-toggle"] > summary')!.click();
    await until(() => toggle!.open, 2000, 'the disclosure opens');
    column.style.width = '900px';
    await until(() => !$(el, '[part="filters-toggle"]') && $(el, 'form[part="filters"]'), 5000, 'the wide filters');
    column.style.width = '320px';
    await until(() => $(el, 'details[part="filters-toggle"]'), 5000, 'folded again');
    expect(requests()).to.deep.equal([]);
    column.remove();
  });
});
