// Lit's hydrate support first, as carstrel.js loads it on a page with server-rendered elements.
import './hydrate.js';
import { expect } from '@open-wc/testing';
import { $, $$, apiBase, resetSandbox, until } from '../testing/browser.js';

/**
 * A server-rendered inventory inlined in a narrow column (a phone, a sidebar: the WordPress plugin
 * inlines `/render` at any width). The server, knowing no width, draws the wide layout; the element
 * must hydrate that very layout (a first render in its compact one would not match what is there)
 * and only then fold its filters into the "Filters" disclosure.
 */

type Hydratable = HTMLElement & { updateComplete: Promise<boolean> };

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

    const errors: string[] = [];
    const onError = (e: ErrorEvent) => errors.push(String(e.message));
    const onRejection = (e: PromiseRejectionEvent) => errors.push(String((e.reason as Error)?.message ?? e.reason));
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    try {
      document.body.append(column);
      await import('../inventory/carstrel-inventory.js');
      await until(() => el.matches(':defined'), 5000, 'element defined');
      await el.updateComplete;
      await until(() => $(el, '[part="filters-toggle"]'), 5000, 'the compact "Filters" disclosure');
    } finally {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    }
    expect(errors, 'no hydration error').to.deep.equal([]);
    expect(cards[0].isConnected, 'the server-rendered card is kept').to.equal(true);
    expect($$(el, '[part~="card-link"]').length).to.equal(4);
    await expect(el).to.be.accessible();
    column.remove();
  });
});
