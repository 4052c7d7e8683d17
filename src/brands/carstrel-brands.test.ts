/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Brand, ListEnvelope, Vehicle, VehicleStats } from '../api/types.js';
import type { CarstrelTileSelectEvent } from '../shared/events.js';
import { apiBase, faults, resetSandbox, until, $, $$ } from '../testing/browser.js';
import { watchFetch } from '../testing/fetch-stub.js';
import { api } from '../testing/listing.js';
import '../inventory/carstrel-inventory.js';
import './carstrel-brands.js';
import type { CarstrelBrands } from './carstrel-brands.js';

/** The test page's own URL (web-test-runner's session parameters must survive every test). */
const PAGE_URL = location.href;

const brands = () => api<ListEnvelope<Brand>>('/external/brands?limit=100').then((r) => r.data);
const stats = () => api<{ data: VehicleStats }>('/external/vehicles/stats/summary').then((r) => r.data);

async function settled(el: CarstrelBrands): Promise<void> {
  await until(() => $(el, '[part="list"], [part="empty"], [part="error"]'), 8000, 'the tiles to settle');
  await el.updateComplete;
}

const tiles = (el: CarstrelBrands) => $$<HTMLAnchorElement>(el, 'a[part="tile"]');

/** Name and plain-number count of each tile, read from its visible text. */
function tileCounts(el: CarstrelBrands): Map<string, number> {
  return new Map(
    tiles(el).map((a) => {
      const name = a.querySelector('[part="tile-name"]')!.textContent.trim();
      const count = Number(/\d+/.exec(a.querySelector('[part="tile-count"]')!.textContent)![0]);
      return [name, count];
    }),
  );
}

/** Stops any navigation a test triggers by accident (the page under test must stay). */
function keepPage(e: Event): void {
  e.preventDefault();
}

describe('carstrel-brands', () => {
  beforeEach(() => resetSandbox());
  afterEach(async () => {
    history.replaceState(null, '', PAGE_URL);
    await faults({ latencyMs: 0, down: false, errorRate: 0 });
  });

  it('loading state: placeholder tiles, a polite "Loading" status, accessible', async () => {
    await faults({ latencyMs: 1500 });
    const el = await fixture<CarstrelBrands>(html`<carstrel-brands api=${apiBase()}></carstrel-brands>`);
    expect($$(el, '.skeleton li').length).to.be.greaterThan(0);
    expect($(el, '.skeleton')!.getAttribute('aria-hidden')).to.equal('true');
    expect($(el, '[role="status"]')!.textContent).to.contain('Loading');
    await expect(el).to.be.accessible();
    await faults({ latencyMs: 0 });
    await settled(el);
    expect($(el, '[role="status"]')!.textContent).to.equal('');
  });

  it('group="brand": one link per brand with vehicles, logo, name and vehicleCounts.total; none for a brand with zero', async () => {
    const el = await fixture<CarstrelBrands>(html`<carstrel-brands api=${apiBase()}></carstrel-brands>`);
    await settled(el);
    const all = await brands();
    const stocked = all.filter((b) => (b.vehicleCounts?.total ?? 0) > 0);
    const shown = tileCounts(el);
    expect(shown.size).to.equal(stocked.length);
    for (const b of stocked) expect(shown.get(b.name), b.name).to.equal(b.vehicleCounts!.total);
    expect(all.some((b) => b.slug === 'lotus' && b.vehicleCounts?.total === 0)).to.equal(true);
    expect(shown.has('Lotus')).to.equal(false);

    const toyota = tiles(el).find((a) => a.dataset.slug === 'toyota')!;
    const href = new URL(toyota.href);
    expect(href.pathname).to.equal(location.pathname);
    expect(href.searchParams.get('brand')).to.equal('toyota');
    expect(toyota.querySelector('img')!.getAttribute('alt')).to.equal('');
    expect(toyota.querySelector<HTMLImageElement>('img')!.src).to.match(/^http:\/\/.+\/media\/brands\/toyota\.svg$/);
    // One link, its visible text is the name and a plain number; its name says what the number counts.
    expect(toyota.textContent.replace(/\s+/g, ' ').trim()).to.match(/^Toyota \d+ vehicles$/);
    expect($(el, '[part="list"]')!.getAttribute('aria-label')).to.equal('Shop by brand');
    await expect(el).to.be.accessible();
  });

  it('listing-type counts only that type, leaves out brands without it and carries it in the links', async () => {
    const el = await fixture<CarstrelBrands>(
      html`<carstrel-brands api=${apiBase()} listing-type="rental" sort="count"></carstrel-brands>`,
    );
    await settled(el);
    const withRentals = (await brands()).filter((b) => (b.vehicleCounts?.rental ?? 0) > 0);
    const shown = tileCounts(el);
    expect(shown.size).to.equal(withRentals.length);
    for (const b of withRentals) expect(shown.get(b.name), b.name).to.equal(b.vehicleCounts!.rental);
    const counts = [...shown.values()];
    expect(counts).to.deep.equal([...counts].sort((a, b) => b - a));
    const href = new URL(tiles(el)[0].href);
    expect(href.searchParams.get('listing-type')).to.equal('rental');
    expect($(el, '[part="list"]')!.getAttribute('aria-label')).to.equal('Rentals by brand');
  });

  it('group="body-type": counts from the stats summary, links ?body-type={code}, and the stock summary line', async () => {
    const el = await fixture<CarstrelBrands>(
      html`<carstrel-brands api=${apiBase()} group="body-type" summary></carstrel-brands>`,
    );
    await settled(el);
    const s = await stats();
    const shown = tileCounts(el);
    expect(shown.size).to.equal(Object.values(s.byBodyType).filter((n) => n > 0).length);
    for (const [name, n] of Object.entries(s.byBodyType)) expect(shown.get(name), name).to.equal(n);
    const suv = tiles(el).find((a) => a.dataset.slug === 'suv')!;
    expect(new URL(suv.href).searchParams.get('body-type')).to.equal('suv');
    const b = s.byListingType;
    expect($(el, '[part="summary"]')!.textContent.trim()).to.equal(
      `${s.availableVehicles} vehicles · ${b.sale} for sale · ${b.rental} for rent · ${b.auction} at auction`,
    );
    await expect(el).to.be.accessible();
  });

  it('group="body-type" with a listing type counts that type per body type', async () => {
    const el = await fixture<CarstrelBrands>(
      html`<carstrel-brands api=${apiBase()} group="body-type" listing-type="auction"></carstrel-brands>`,
    );
    await settled(el);
    const suv = tiles(el).find((a) => a.dataset.slug === 'suv')!;
    const id = (await api<{ data: Array<{ id: string; code: string }> }>('/external/body-types')).data.find(
      (t) => t.code === 'SUV',
    )!.id;
    const list = await api<ListEnvelope<Vehicle>>(`/external/vehicles?bodyTypeId=${id}&listingType=auction&limit=1`);
    expect(Number(/\d+/.exec(suv.querySelector('[part="tile-count"]')!.textContent)![0])).to.equal(list.total);
    expect(new URL(suv.href).searchParams.get('listing-type')).to.equal('auction');
  });

  it('href-template fills {slug}, {id}, {name} and {listingType}, URL-encoded', async () => {
    const el = await fixture<CarstrelBrands>(
      html`<carstrel-brands
        api=${apiBase()}
        listing-type="sale"
        href-template="/cars/{slug}?id={id}&amp;n={name}&amp;t={listingType}"
      ></carstrel-brands>`,
    );
    await settled(el);
    const landRover = tiles(el).find((a) => a.dataset.slug === 'land-rover')!;
    const url = new URL(landRover.href);
    expect(url.pathname).to.equal('/cars/land-rover');
    expect(url.searchParams.get('n')).to.equal('Land Rover');
    expect(url.searchParams.get('t')).to.equal('sale');
    expect(url.searchParams.get('id')).to.match(/^[0-9a-f-]{36}$/);
  });

  it('empty state: only brands without stock gives the slot content, accessible', async () => {
    const lotus = (await brands()).find((b) => b.slug === 'lotus')!;
    const original = window.fetch;
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) =>
      new URL(String(input), location.href).pathname === '/external/brands'
        ? new Response(
            JSON.stringify({ statusCode: 200, data: [lotus], total: 1, page: 1, limit: 100, totalPages: 1 }),
            {
              headers: { 'content-type': 'application/json' },
            },
          )
        : original(input, init);
    try {
      const el = await fixture<CarstrelBrands>(
        html`<carstrel-brands api=${apiBase()}><p slot="empty">Stock arrives Monday.</p></carstrel-brands>`,
      );
      await settled(el);
      expect(tiles(el)).to.have.length(0);
      const slot = $<HTMLSlotElement>(el, 'slot[name="empty"]')!;
      expect(slot.assignedElements()[0].textContent).to.equal('Stock arrives Monday.');
      await expect(el).to.be.accessible();
    } finally {
      window.fetch = original;
    }
  });

  it('error state: the envelope message in an alert, carstrel-error, and a retry that recovers', async () => {
    // The proxy serves brands stale when upstream fails; with nothing cached it answers 502.
    const net = watchFetch();
    net.fail('/external/brands');
    try {
      const errors: Event[] = [];
      const el = await fixture<CarstrelBrands>(
        html`<carstrel-brands api=${apiBase()} @carstrel-error=${(e: Event) => errors.push(e)}></carstrel-brands>`,
      );
      await settled(el);
      const error = $(el, '[part="error"]')!;
      expect(error.getAttribute('role')).to.equal('alert');
      expect(getComputedStyle(error).borderTopStyle, 'the error box is outlined').to.equal('solid');
      expect(error.querySelector('p')!.textContent).to.equal(
        'The dealer service is unavailable. Try again in a moment.',
      );
      expect(errors).to.have.length(1);
      await expect(el).to.be.accessible();
      net.heal();
      $<HTMLButtonElement>(el, '[part="retry-button"]')!.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => tiles(el).length > 10, 8000, 'tiles after retry');
      await expect(el).to.be.accessible();
    } finally {
      net.restore();
    }
  });

  it('keyboard journey: Tab to a tile, Enter filters the inventory on the page without a page load', async () => {
    const root = await fixture<HTMLElement>(
      html`<div>
        <carstrel-brands api=${apiBase()}></carstrel-brands>
        <carstrel-inventory api=${apiBase()} page-size="6" filters="none"></carstrel-inventory>
      </div>`,
    );
    const el = root.querySelector('carstrel-brands')!;
    const selected: CarstrelTileSelectEvent[] = [];
    el.addEventListener('carstrel-tile-select', (e) => selected.push(e));
    await settled(el);
    const start = document.createElement('button');
    start.textContent = 'start';
    root.prepend(start);
    start.focus();
    await sendKeys({ press: 'Tab' });
    const first = tiles(el)[0];
    expect(el.shadowRoot!.activeElement).to.equal(first);
    await sendKeys({ press: 'Tab' });
    const second = tiles(el)[1];
    expect(el.shadowRoot!.activeElement).to.equal(second);
    const slug = second.dataset.slug!;
    const name = second.querySelector('[part="tile-name"]')!.textContent;
    await sendKeys({ press: 'Enter' });
    expect(new URL(location.href).searchParams.get('brand')).to.equal(slug);
    expect(selected).to.have.length(1);
    expect(selected[0].detail).to.include({ group: 'brand', slug, name });
    const inv = root.querySelector('carstrel-inventory')!;
    await until(
      () => {
        const titles = $$(inv, 'li[part~="card"] .title').map((t) => t.textContent);
        return titles.length > 0 && titles.every((t) => t.includes(name));
      },
      8000,
      `the inventory to show ${name} only`,
    );
    start.remove();
  });

  it('carstrel-tile-select is cancelable: preventDefault keeps the page', async () => {
    const el = await fixture<CarstrelBrands>(
      html`<carstrel-brands api=${apiBase()} @carstrel-tile-select=${keepPage}></carstrel-brands>`,
    );
    await settled(el);
    tiles(el)[0].click();
    expect(location.href).to.equal(PAGE_URL);
  });

  it('speaks French with lang="fr"', async () => {
    const el = await fixture<CarstrelBrands>(
      html`<carstrel-brands api=${apiBase()} lang="fr" group="body-type" summary></carstrel-brands>`,
    );
    await settled(el);
    expect($(el, '[part="list"]')!.getAttribute('aria-label')).to.equal('Choisir par carrosserie');
    expect($(el, '[part="summary"]')!.textContent).to.match(/^\d+ véhicules · \d+ à vendre · \d+ à louer/);
    expect(tiles(el)[0].textContent).to.match(/\d+ véhicules?/);
  });

  it('on a dark page, text follows the page colour and stays legible (axe contrast)', async () => {
    const box = await fixture<HTMLElement>(
      html`<div style="background: #121417; color: rgb(235, 237, 240); padding: 1rem">
        <carstrel-brands api=${apiBase()} summary></carstrel-brands>
      </div>`,
    );
    const el = box.querySelector('carstrel-brands')!;
    await settled(el);
    expect(getComputedStyle($(el, '[part="tile-name"]')!).color).to.equal('rgb(235, 237, 240)');
    expect(getComputedStyle($(el, '[part="summary"]')!).color).to.not.equal('rgb(91, 100, 112)');
    await expect(box).to.be.accessible();
  });
});
