/// <reference types="mocha" />
/**
 * The inventory's first request, started by the loader while the element's code loads: used by the
 * element exactly once (one list request, not two), and ignored when the element's query turns out
 * different. The element starts only after the prefetch ran (put on the page afterwards).
 */
import { expect } from '@open-wc/testing';
import { clientFor } from '../api/client.js';
import { $$, apiBase, resetSandbox, until } from '../testing/browser.js';
import { recordRequests } from '../testing/listing.js';
import type { CarstrelInventory } from './carstrel-inventory.js';
import { prefetchResults } from './load.js';
import prefetchInventories, { firstState } from './prefetch.js';

const PAGE_URL = location.href;

const cardNames = (el: Element) => $$(el, '[part~="card"] .title').map((t) => t.textContent?.trim() ?? '');

/** An inventory not on the page yet, with these attributes. */
function inventory(attributes: Record<string, string>): HTMLElement {
  const el = document.createElement('carstrel-inventory');
  el.setAttribute('api', apiBase());
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  return el;
}

/** Defines the element (the first time) and puts it on the page. */
async function start(el: HTMLElement): Promise<void> {
  await import('./carstrel-inventory.js');
  document.body.append(el);
}

describe('carstrel-inventory early request', () => {
  let recorder: ReturnType<typeof recordRequests> | undefined;
  beforeEach(async () => {
    await resetSandbox();
    recorder = recordRequests();
  });
  afterEach(() => {
    for (const el of document.querySelectorAll('body > carstrel-inventory')) el.remove();
    recorder?.restore();
    history.replaceState(null, '', PAGE_URL);
  });

  it('works out the first state as the element will: attributes, then the URL of the inventory that owns it', () => {
    history.replaceState(
      null,
      '',
      `${PAGE_URL}${PAGE_URL.includes('?') ? '&' : '?'}page=3&used.sort=price&used.order=asc`,
    );
    const el = document.createElement('carstrel-x');
    el.setAttribute('brand', 'toyota');
    el.setAttribute('min-year', '2015');
    el.setAttribute('page-size', '6');
    expect(firstState(el, undefined)).to.deep.include({ brand: 'toyota', minYear: 2015, page: 1 });
    expect(firstState(el, '')).to.deep.include({ brand: 'toyota', page: 3 });
    expect(firstState(el, 'used')).to.deep.include({ sort: 'price', order: 'asc', page: 1 });
  });

  it('the element takes the early response: one list request for the cards, filters and slugs included', async () => {
    const el = inventory({ brand: 'toyota', 'page-size': '4' });
    prefetchInventories([el]);
    await until(() => recorder!.vehicleLists().length === 1, 5000, 'the early request');
    await start(el);
    await until(() => cardNames(el).length === 4, 8000, 'cards');
    await (el as CarstrelInventory).updateComplete;
    const lists = recorder!.vehicleLists();
    expect(lists, lists.map((u) => u.search).join('\n')).to.have.length(1);
    expect(lists[0].searchParams.get('limit')).to.equal('4');
    expect(lists[0].searchParams.get('brandId')).to.match(/^[0-9a-f-]{36}$/);
  });

  it('an early response that has arrived is drawn by the first render: cards without a skeleton before them, one request', async () => {
    const el = inventory({ 'page-size': '4', 'listing-type': 'sale', 'url-state': 'off' });
    await prefetchResults(clientFor(apiBase()), firstState(el, undefined), 4); // arrived
    await import('./carstrel-inventory.js');
    const loaded: number[] = [];
    el.addEventListener('carstrel-results-loaded', (e) => loaded.push(e.detail.page));
    document.body.append(el); // defined: upgraded now, first render in a microtask
    const drawn: string[] = [];
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes)
          if (n instanceof Element) drawn.push(n.matches('.skeleton') ? 'skeleton' : n.localName);
    }).observe(el.shadowRoot!, { childList: true, subtree: true });
    await (el as CarstrelInventory).updateComplete;
    expect(cardNames(el)).to.have.length.greaterThan(0); // the first row; the others follow (first-row.test.ts)
    expect(drawn).not.to.include('skeleton');
    await until(() => cardNames(el).length === 4, 5000, 'four cards');
    await until(() => loaded.length === 1, 5000, 'carstrel-results-loaded');
    expect(recorder!.vehicleLists()).to.have.length(1);
  });

  it('an element whose query changed before it ran asks for its own and shows that', async () => {
    const el = inventory({ 'page-size': '3', filters: 'none' });
    prefetchInventories([el]);
    await until(() => recorder!.vehicleLists().length === 1, 5000, 'the early request');
    el.setAttribute('page-size', '5');
    await start(el);
    await until(() => cardNames(el).length === 5, 8000, 'five cards');
    const limits = recorder!.vehicleLists().map((u) => u.searchParams.get('limit'));
    expect(limits).to.deep.equal(['3', '5']);
  });
});
