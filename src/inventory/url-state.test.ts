/// <reference types="mocha" />
/**
 * The inventory's state in the page URL: shareable views, back/forward, parameters of others
 * kept, and one URL namespace per inventory (`url-key`).
 */
import { expect, fixture, html } from '@open-wc/testing';
import { $, apiBase, faults, resetSandbox, until } from '../testing/browser.js';
import { press } from '../testing/forms.js';
import { choose, recordRequests, settled, titles } from '../testing/listing.js';
import './carstrel-inventory.js';
import type { CarstrelInventory } from './carstrel-inventory.js';

/** The test page's own URL (web-test-runner's session parameters must survive every test). */
const PAGE_URL = location.href;

describe('carstrel-inventory URL state', () => {
  let recorder: ReturnType<typeof recordRequests> | undefined;

  beforeEach(async () => {
    await resetSandbox();
    recorder = recordRequests();
  });
  afterEach(async () => {
    recorder?.restore();
    history.replaceState(null, '', PAGE_URL);
    await faults({ latencyMs: 0, down: false, errorRate: 0 });
  });

  it('filters and page go into the URL, and the back button restores the previous view', async () => {
    const el = await fixture<CarstrelInventory>(
      html`<carstrel-inventory api=${apiBase()} page-size="3" filters="listing-type"></carstrel-inventory>`,
    );
    await settled(el);
    const firstPage = titles(el);
    // Each step with a real key press: Chromium's back button skips history entries a page added
    // without user activation (and would leave the test page for about:blank).
    $<HTMLSelectElement>(el, '#f-listing-type')!.focus();
    await press('Shift');
    await choose(el, '#f-listing-type', 'auction');
    expect(new URL(location.href).searchParams.get('listing-type')).to.equal('auction');
    await settled(el);
    const auctions = titles(el);
    $<HTMLButtonElement>(el, 'nav button[aria-label="Page 2"]')!.focus();
    await press('Enter');
    await el.updateComplete;
    expect(new URL(location.href).searchParams.get('page')).to.equal('2');
    await settled(el);
    const page2 = titles(el);
    expect(page2).to.not.deep.equal(auctions);

    history.back();
    await until(() => new URL(location.href).searchParams.get('page') === null, 4000, 'back to page 1');
    await until(() => JSON.stringify(titles(el)) === JSON.stringify(auctions), 8000, 'auction page 1 again');
    history.back();
    await until(() => new URL(location.href).searchParams.get('listing-type') === null, 4000, 'back to no filter');
    await until(() => JSON.stringify(titles(el)) === JSON.stringify(firstPage), 8000, 'first view again');
    expect($<HTMLSelectElement>(el, '#f-listing-type')!.value).to.equal('');
  });

  it('a shared URL opens the filtered view and keeps parameters the inventory does not own', async () => {
    history.replaceState(
      null,
      '',
      `${PAGE_URL}${PAGE_URL.includes('?') ? '&' : '?'}listing-type=rental&page=2&utm_source=mail`,
    );
    const el = await fixture<CarstrelInventory>(
      html`<carstrel-inventory api=${apiBase()} page-size="3"></carstrel-inventory>`,
    );
    await settled(el);
    const q = recorder!.vehicleLists().at(-1)!.searchParams;
    expect(q.get('listingType')).to.equal('rental');
    expect(q.get('page')).to.equal('2');
    await choose(el, '#f-sort', 'price:asc');
    const url = new URL(location.href);
    expect(url.searchParams.get('utm_source')).to.equal('mail');
    expect(url.searchParams.get('page')).to.equal(null);
  });

  it('two inventories on one page do not fight over the URL', async () => {
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args[0]);
    try {
      const wrap = await fixture<HTMLDivElement>(
        html`<div>
          <carstrel-inventory id="a" api=${apiBase()} page-size="2" filters="listing-type"></carstrel-inventory>
          <carstrel-inventory
            id="b"
            api=${apiBase()}
            page-size="2"
            filters="listing-type"
            url-key="rentals"
          ></carstrel-inventory>
          <carstrel-inventory id="c" api=${apiBase()} page-size="2" filters="listing-type"></carstrel-inventory>
        </div>`,
      );
      const [a, b, c] = ['a', 'b', 'c'].map((id) => wrap.querySelector<CarstrelInventory>(`#${id}`)!);
      await Promise.all([settled(a), settled(b), settled(c)]);
      expect(warnings.some((w) => String(w).includes('url-key'))).to.equal(true);
      await choose(b, '#f-listing-type', 'rental');
      await choose(a, '#f-listing-type', 'sale');
      const url = new URL(location.href);
      expect(url.searchParams.get('rentals.listing-type')).to.equal('rental');
      expect(url.searchParams.get('listing-type')).to.equal('sale');
      await choose(c, '#f-listing-type', 'auction');
      expect(new URL(location.href).searchParams.get('listing-type')).to.equal('sale');
      expect(c.effectiveState.listingType).to.equal('auction');
      expect(b.effectiveState.listingType).to.equal('rental');
    } finally {
      console.warn = warn;
    }
  });
});
