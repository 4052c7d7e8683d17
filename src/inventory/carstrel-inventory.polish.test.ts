/// <reference types="mocha" />
/**
 * QA findings on carstrel-inventory (shopper on a phone, sidebar use, imperfect dealer data):
 * each test reproduces a defect seen in the demo and guards its fix.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { apiBase, resetSandbox, until, $, $$ } from '../testing/browser.js';
import type { ListEnvelope, Vehicle } from '../api/types.js';
import './carstrel-inventory.js';
import type { CarstrelInventory } from './carstrel-inventory.js';

const PAGE_URL = location.href;

const cards = (el: CarstrelInventory) => $$(el, 'li[part~="card"]');

async function settled(el: CarstrelInventory): Promise<void> {
  await until(() => $(el, '.grid:not(.skeleton), .empty, .error'), 8000, 'the inventory to settle');
  await el.updateComplete;
}

/** Serves the vehicle list through `edit` (everything else passes through). */
function editVehicleList(edit: (vehicles: Vehicle[]) => void): () => void {
  const original = window.fetch;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const res = await original(input, init);
    if (new URL(String(input), location.href).pathname !== '/external/vehicles' || !res.ok) return res;
    const body = (await res.json()) as ListEnvelope<Vehicle>;
    edit(body.data);
    return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
  };
  return () => (window.fetch = original);
}

const MISSING = () => `${apiBase()}/media/qa-missing-card-photo.jpg`;

const visible = (node: Element | null | undefined) => !!node && getComputedStyle(node).display !== 'none';

describe('carstrel-inventory (QA polish)', () => {
  let restore: (() => void) | undefined;

  before(() => resetSandbox());
  afterEach(() => {
    restore?.();
    restore = undefined;
    history.replaceState(null, '', PAGE_URL);
  });

  it('a card photo that fails to load falls back to the next photo, then to "No photo" (never a broken-image icon)', async () => {
    restore = editVehicleList((vehicles) => {
      const [first, second] = vehicles;
      // first: its featured photo is gone, the others load; second: every photo is gone.
      const featured = first!.media.find((m) => m.isFeatured) ?? first!.media[0]!;
      featured.url = MISSING();
      second!.media = second!.media.map((m, i) => ({ ...m, url: `${MISSING()}?n=${i}` }));
    });
    const el = await fixture<CarstrelInventory>(
      html`<carstrel-inventory api=${apiBase()} page-size="2" filters="none" url-state="off"></carstrel-inventory>`,
    );
    await settled(el);
    const [first, second] = cards(el);
    await until(() => second!.querySelector('.no-photo'), 5000, 'the second card to say "No photo"');
    await until(
      () => first!.querySelector<HTMLImageElement>('img')?.src !== MISSING(),
      5000,
      'the first card to show its next photo',
    );
    const img = first!.querySelector<HTMLImageElement>('img[part="card-image"]')!;
    await until(() => img.complete && img.naturalWidth > 0, 5000, 'the fallback photo to load');
    expect(second!.querySelector('img')).to.equal(null);
    expect(second!.querySelector('.no-photo')!.textContent!.trim()).to.equal('No photo');
    await expect(el).to.be.accessible();
  });

  it('a very long unbroken vehicle name wraps inside its card instead of being cut off', async () => {
    const longWord = 'VolkswagenTransporterKombiLongWheelbaseHighRoofEdition2000';
    restore = editVehicleList((vehicles) => {
      vehicles[0]!.name = `2021 ${longWord}`;
    });
    const box = await fixture<HTMLElement>(
      html`<x-phone style="display: block; width: 320px"
        ><carstrel-inventory api=${apiBase()} page-size="1" filters="none" url-state="off"></carstrel-inventory
      ></x-phone>`,
    );
    const el = box.querySelector<CarstrelInventory>('carstrel-inventory')!;
    await settled(el);
    const title = cards(el)[0]!.querySelector<HTMLElement>('.title')!;
    expect(title.textContent).to.include(longWord);
    expect(title.scrollWidth, 'the name fits its card').to.be.at.most(title.clientWidth);
    expect(title.getBoundingClientRect().right).to.be.at.most(cards(el)[0]!.getBoundingClientRect().right);
  });

  for (const lang of ['en', 'fr']) {
    it(`every filter choice is readable in full, not cut off ("Sale, rental and a…") (${lang}, full width)`, async () => {
      const wrap = await fixture<HTMLElement>(
        html`<x-main style="display: block; width: 1184px"
          ><carstrel-inventory api=${apiBase()} lang=${lang} page-size="1" url-state="off"></carstrel-inventory
        ></x-main>`,
      );
      const el = wrap.querySelector<CarstrelInventory>('carstrel-inventory')!;
      await settled(el);
      await until(() => $$<HTMLSelectElement>(el, '#f-brand option').length > 1, 5000, 'the brand choices');
      const ctx = document.createElement('canvas').getContext('2d')!;
      const cut: string[] = [];
      for (const select of $$<HTMLSelectElement>(el, 'select')) {
        const cs = getComputedStyle(select);
        ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        // Room for the text: the box minus its padding and the drop-down arrow (about 1.25em).
        const room =
          select.clientWidth -
          parseFloat(cs.paddingLeft) -
          parseFloat(cs.paddingRight) -
          1.25 * parseFloat(cs.fontSize);
        for (const option of select.options)
          if (ctx.measureText(option.text).width > room) cut.push(`${select.id}: ${option.text}`);
      }
      expect(cut).to.deep.equal([]);
    });
  }

  it('two inventories on a page: `label` gives their filter forms and page navigations distinct names', async () => {
    const wrap = await fixture<HTMLElement>(
      html`<div>
        <carstrel-inventory
          api=${apiBase()}
          label="Cars for rent"
          listing-type="rental"
          page-size="2"
          filters="sort"
        ></carstrel-inventory>
        <carstrel-inventory
          api=${apiBase()}
          label="Live auctions"
          url-key="auctions"
          listing-type="auction"
          page-size="2"
          filters="sort"
        ></carstrel-inventory>
      </div>`,
    );
    const [rentals, auctions] = [...wrap.querySelectorAll<CarstrelInventory>('carstrel-inventory')];
    await settled(rentals!);
    await settled(auctions!);
    const names = (el: CarstrelInventory) => [
      $(el, 'form[role="search"]')!.getAttribute('aria-label'),
      $(el, 'nav')!.getAttribute('aria-label'),
    ];
    expect(names(rentals!)).to.deep.equal(['Cars for rent: Filter vehicles', 'Cars for rent: Result pages']);
    expect(names(auctions!)).to.deep.equal(['Live auctions: Filter vehicles', 'Live auctions: Result pages']);
    await expect(wrap).to.be.accessible();

    // Without a label the names stay the plain ones (a single inventory needs none).
    const single = await fixture<CarstrelInventory>(
      html`<carstrel-inventory api=${apiBase()} page-size="2" filters="sort" url-state="off"></carstrel-inventory>`,
    );
    await settled(single);
    expect(names(single)).to.deep.equal(['Filter vehicles', 'Result pages']);
  });

  it('a card shows the year once: not again under a name that already starts with it, but when the name lacks it', async () => {
    restore = editVehicleList((vehicles) => {
      vehicles[1]!.name = vehicles[1]!.name.replace(/\b(19|20)\d{2}\b\s*/, '');
    });
    const el = await fixture<CarstrelInventory>(
      html`<carstrel-inventory
        api=${apiBase()}
        page-size="2"
        filters="none"
        url-state="off"
        lang="en"
      ></carstrel-inventory>`,
    );
    await settled(el);
    const [withYear, withoutYear] = cards(el).map((c) => ({
      name: c.querySelector('.title')!.textContent!.trim(),
      meta: c.querySelector('.meta')?.textContent?.trim() ?? '',
    }));
    const year = /\b(19|20)\d{2}\b/.exec(withYear!.name)![0];
    expect(withYear!.meta).not.to.include(year);
    expect(withYear!.meta).to.match(/km$/);
    expect(withoutYear!.name).not.to.match(/\b(19|20)\d{2}\b/);
    expect(withoutYear!.meta).to.match(/^(19|20)\d{2} · /);
  });

  it('narrow pagination (phone, sidebar) shows "‹ Page 1 of N ›", not a lone "1 …"', async () => {
    const narrow = await fixture<HTMLElement>(
      html`<x-sidebar style="display: block; width: 320px"
        ><carstrel-inventory api=${apiBase()} page-size="2" filters="none" url-state="off"></carstrel-inventory
      ></x-sidebar>`,
    );
    const el = narrow.querySelector<CarstrelInventory>('carstrel-inventory')!;
    await settled(el);
    const nav = $(el, '[part="pagination"]')!;
    const pages = Number(/of (\d+)/.exec($(el, '[part="count"]')!.textContent!)![1]);
    expect(pages).to.be.greaterThan(3);
    expect(visible(nav.querySelector('.position'))).to.equal(true);
    expect(nav.querySelector('.position')!.textContent!.trim()).to.equal(`Page 1 of ${pages}`);
    expect([...nav.querySelectorAll('.gap')].filter(visible)).to.have.length(0);
    const shownButtons = [...nav.querySelectorAll<HTMLButtonElement>('button')].filter(visible);
    expect(shownButtons.map((b) => b.getAttribute('aria-label'))).to.deep.equal(['Previous page', 'Next page']);
    for (const b of shownButtons) expect(b.getBoundingClientRect().height).to.be.at.least(24);
    await expect(el).to.be.accessible();

    const wide = await fixture<HTMLElement>(
      html`<x-main style="display: block; width: 1000px"
        ><carstrel-inventory api=${apiBase()} page-size="2" filters="none" url-state="off"></carstrel-inventory
      ></x-main>`,
    );
    const full = wide.querySelector<CarstrelInventory>('carstrel-inventory')!;
    await settled(full);
    const fullNav = $(full, '[part="pagination"]')!;
    expect(visible(fullNav.querySelector('.position'))).to.equal(false);
    expect(visible(fullNav.querySelector('[aria-current="page"]'))).to.equal(true);
  });
});
