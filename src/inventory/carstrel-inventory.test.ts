/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { apiBase, faults, resetSandbox, until, $, $$ } from '../testing/browser.js';
import type { Brand, ListEnvelope, Vehicle } from '../api/types.js';
import type { CarstrelVehicleSelectEvent } from '../shared/events.js';
import './carstrel-inventory.js';
import type { CarstrelInventory } from './carstrel-inventory.js';
import { pageWindow } from './pagination.js';

/** The test page's own URL (web-test-runner's session parameters must survive every test). */
const PAGE_URL = location.href;

/** Records every request URL the widgets make, passing them through to the real proxy. */
function recordRequests() {
  const urls: URL[] = [];
  const original = window.fetch;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    urls.push(new URL(input instanceof Request ? input.url : String(input), location.href));
    return original(input, init);
  };
  return {
    vehicleLists: () => urls.filter((u) => u.pathname === '/external/vehicles'),
    restore: () => (window.fetch = original),
  };
}

/** `name=value` of every attribute under `root` whose value contains `needle` (text content is not checked: it is inert). */
function attributesContaining(root: ParentNode, needle: string): string[] {
  return [...root.querySelectorAll('*')].flatMap((el) =>
    [...el.attributes].filter((a) => a.value.includes(needle)).map((a) => `${a.name}=${a.value}`),
  );
}

let recorder: ReturnType<typeof recordRequests> | undefined;

/** Waits until the inventory shows results, the empty state or the error state. */
async function settled(el: CarstrelInventory): Promise<void> {
  await until(() => $(el, '.grid:not(.skeleton), .empty, .error'), 8000, 'the inventory to settle');
  await el.updateComplete;
}

const cards = (el: CarstrelInventory) => $$(el, 'li[part~="card"]');
const titles = (el: CarstrelInventory) => cards(el).map((c) => c.querySelector('.title')!.textContent!.trim());

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${apiBase()}${path}`);
  return (await res.json()) as T;
}

async function brandBySlug(slug: string): Promise<Brand> {
  for (let page = 1; page < 10; page++) {
    const res = await api<ListEnvelope<Brand>>(`/external/brands?limit=100&page=${page}`);
    const hit = res.data.find((b) => b.slug === slug);
    if (hit) return hit;
    if (page >= (res.totalPages ?? 1)) break;
  }
  throw new Error(`no brand ${slug}`);
}

/** Selects an option of a shadow-DOM select the way a user's change does. */
async function choose(el: CarstrelInventory, selector: string, value: string): Promise<void> {
  const select = $<HTMLSelectElement>(el, selector)!;
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
}

describe('carstrel-inventory', () => {
  beforeEach(async () => {
    await resetSandbox();
    recorder = recordRequests();
  });
  afterEach(async () => {
    recorder?.restore();
    history.replaceState(null, '', PAGE_URL);
    await faults({ latencyMs: 0, down: false, errorRate: 0 });
  });

  describe('states', () => {
    it('loading state reserves the space of a page of cards and is accessible', async () => {
      await faults({ latencyMs: 1500 });
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} page-size="6" min-price="1234"></carstrel-inventory>`,
      );
      expect($$(el, '.skeleton li').length).to.equal(6);
      expect($(el, '.results')!.getAttribute('aria-busy')).to.equal('true');
      expect($(el, '[role="status"]')!.textContent).to.contain('Loading');
      await expect(el).to.be.accessible();
      await faults({ latencyMs: 0 });
      await settled(el);
    });

    it('results state shows cards, the count and is accessible', async () => {
      const loaded = new Promise<CustomEvent>((resolve) =>
        document.addEventListener('carstrel-results-loaded', (e) => resolve(e as CustomEvent), { once: true }),
      );
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} page-size="5"></carstrel-inventory>`,
      );
      await settled(el);
      expect(cards(el)).to.have.length(5);
      const { detail } = (await loaded) as unknown as { detail: { total: number; vehicles: Vehicle[] } };
      expect(detail.vehicles).to.have.length(5);
      expect(detail.total).to.be.greaterThan(5);
      expect($(el, '[part="count"]')!.textContent).to.match(/\d+ vehicles · Page 1 of \d+/);
      const img = cards(el)[0]!.querySelector('img')!;
      expect(img.getAttribute('loading')).to.equal('lazy');
      expect(img.getAttribute('width')).to.equal('400');
      expect(img.getAttribute('height')).to.equal('300');
      await expect(el).to.be.accessible();
    });

    it('empty state shows the slot content and is accessible', async () => {
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} min-price="900000000"
          ><p slot="empty">Nothing here yet, call us.</p></carstrel-inventory
        >`,
      );
      await settled(el);
      expect(cards(el)).to.have.length(0);
      const slot = $<HTMLSlotElement>(el, 'slot[name="empty"]')!;
      expect(slot.assignedElements()[0]!.textContent).to.equal('Nothing here yet, call us.');
      expect($(el, '[part="count"]')!.textContent).to.contain('0 vehicles');
      await expect(el).to.be.accessible();
    });

    it('error state shows the envelope message with a retry that recovers, and both states are accessible', async () => {
      await faults({ down: true });
      const errors: CustomEvent[] = [];
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory
          api=${apiBase()}
          page-size="4"
          min-price="4321"
          filters="none"
          @carstrel-error=${(e: CustomEvent) => errors.push(e)}
        ></carstrel-inventory>`,
      );
      await settled(el);
      const error = $(el, '[part="error"]')!;
      expect(error.getAttribute('role')).to.equal('alert');
      expect(error.querySelector('p')!.textContent!.length).to.be.greaterThan(10);
      expect(errors).to.have.length(1);
      expect((errors[0]!.detail as { status: number }).status).to.be.at.least(500);
      await expect(el).to.be.accessible();

      await faults({ down: false });
      $<HTMLButtonElement>(el, '[part="retry-button"]')!.click();
      await until(() => cards(el).length === 4, 8000, 'results after retry');
      await expect(el).to.be.accessible();
    });

    it('a rate-limited answer (429) says when to try again', async () => {
      recorder!.restore();
      const original = window.fetch;
      window.fetch = async (input: RequestInfo | URL, init?: RequestInit) =>
        new URL(String(input), location.href).pathname === '/external/vehicles'
          ? new Response(
              JSON.stringify({
                statusCode: 429,
                message: 'Too many requests',
                error: 'Too Many Requests',
                timestamp: new Date().toISOString(),
              }),
              {
                status: 429,
                headers: { 'content-type': 'application/json', 'retry-after': '7' },
              },
            )
          : original(input, init);
      recorder = { vehicleLists: () => [], restore: () => (window.fetch = original) };
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} filters="none"></carstrel-inventory>`,
      );
      await settled(el);
      expect($(el, '[part="error"] p')!.textContent).to.equal('Too many requests. Try again in 7 s.');
      expect($(el, '[part="retry-button"]')).to.not.equal(null);
      await expect(el).to.be.accessible();
    });

    it('in a narrow container the filters fold into a disclosure that opens with the keyboard', async () => {
      const box = await fixture<HTMLElement>(
        html`<x-sidebar style="display: block; width: 320px"
          ><carstrel-inventory api=${apiBase()} page-size="2" filters="listing-type sort"></carstrel-inventory
        ></x-sidebar>`,
      );
      const el = box.querySelector<CarstrelInventory>('carstrel-inventory')!;
      await settled(el);
      const details = (await until(
        () => $<HTMLDetailsElement>(el, 'details[part="filters-toggle"]'),
        4000,
        'the filters disclosure',
      ))!;
      expect(details.open).to.equal(false);
      await expect(el).to.be.accessible();
      details.querySelector('summary')!.focus();
      await sendKeys({ press: 'Enter' });
      expect(details.open).to.equal(true);
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement?.id).to.equal('f-listing-type');
      await sendKeys({ press: 'ArrowDown' });
      await until(() => el.effectiveState.listingType === 'sale', 4000, 'listing type chosen');
      await settled(el);
      expect($(el, 'summary')!.textContent).to.equal('Filters (1 active)');
    });

    it('in a narrow container (a sidebar) the cards stack in one column', async () => {
      const box = await fixture<HTMLElement>(
        html`<x-sidebar style="display: block; width: 300px"
          ><carstrel-inventory api=${apiBase()} page-size="3" filters="none"></carstrel-inventory
        ></x-sidebar>`,
      );
      const el = box.querySelector<CarstrelInventory>('carstrel-inventory')!;
      await settled(el);
      const [a, b] = cards(el).map((c) => c.getBoundingClientRect());
      expect(Math.abs(a!.left - b!.left)).to.be.lessThan(1);
      expect(b!.top).to.be.greaterThan(a!.bottom);
      expect(a!.width).to.be.at.most(300);
      const wide = await fixture<HTMLElement>(
        html`<x-main style="display: block; width: 1100px"
          ><carstrel-inventory api=${apiBase()} page-size="3" filters="none"></carstrel-inventory
        ></x-main>`,
      );
      const w = wide.querySelector<CarstrelInventory>('carstrel-inventory')!;
      await settled(w);
      const [c, d] = cards(w).map((x) => x.getBoundingClientRect());
      expect(Math.abs(c!.top - d!.top)).to.be.lessThan(1);
    });

    it('a page past the end (an old shared link) offers the last page', async () => {
      history.replaceState(null, '', `${PAGE_URL}${PAGE_URL.includes('?') ? '&' : '?'}page=999`);
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory
          api=${apiBase()}
          filters="none"
          page-size="50"
          listing-type="auction"
        ></carstrel-inventory>`,
      );
      await settled(el);
      const text = $(el, '[part="empty"] p')!.textContent!;
      const last = Number(/page (\d+)\.$/.exec(text)![1]);
      expect(text).to.contain('There is no page 999');
      await expect(el).to.be.accessible();
      $<HTMLButtonElement>(el, '[part="empty"] button')!.click();
      await until(() => cards(el).length > 0, 8000, 'the last page');
      expect(new URL(location.href).searchParams.get('page')).to.equal(String(last));
    });

    it('an unknown brand slug is an error that tells the editor what to fix', async () => {
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} brand="no-such-brand" filters="none"></carstrel-inventory>`,
      );
      await settled(el);
      expect($(el, '[part="error"]')!.textContent).to.contain('No brand "no-such-brand"');
      expect($(el, '[part="retry-button"]')).to.equal(null);
      expect(recorder!.vehicleLists()).to.have.length(0);
    });
  });

  describe('filter → query mapping', () => {
    it('maps every preset attribute to its query parameter', async () => {
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory
          api=${apiBase()}
          filters="none"
          listing-type="sale"
          min-year="2015"
          max-year="2024"
          min-price="5000"
          max-price="90000"
          sort="price"
          order="asc"
          page-size="7"
        ></carstrel-inventory>`,
      );
      await settled(el);
      const q = recorder!.vehicleLists().at(-1)!.searchParams;
      expect(Object.fromEntries(q)).to.deep.equal({
        page: '1',
        limit: '7',
        listingType: 'sale',
        minYear: '2015',
        maxYear: '2024',
        minPrice: '5000',
        maxPrice: '90000',
        sort: 'price',
        order: 'asc',
      });
      const vehicles = (await (await fetch(recorder!.vehicleLists().at(-1)!.href)).json()) as ListEnvelope<Vehicle>;
      expect(titles(el)).to.deep.equal(vehicles.data.map((v) => v.name));
    });

    it('caps page-size at the API maximum of 100', async () => {
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} filters="none" page-size="500"></carstrel-inventory>`,
      );
      await settled(el);
      expect(recorder!.vehicleLists().at(-1)!.searchParams.get('limit')).to.equal('100');
    });

    it('shopper filters change the query and go back to page 1', async () => {
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} page-size="4"></carstrel-inventory>`,
      );
      await settled(el);
      await until(() => $$(el, '#f-brand option').length > 2, 8000, 'brand options');
      const toyota = await brandBySlug('toyota');
      await choose(el, '#f-listing-type', 'rental');
      await settled(el);
      await choose(el, '#f-brand', 'toyota');
      await until(
        () => recorder!.vehicleLists().at(-1)!.searchParams.get('brandId') === toyota.id,
        8000,
        'brand query',
      );
      await settled(el);
      const q = recorder!.vehicleLists().at(-1)!.searchParams;
      expect(q.get('listingType')).to.equal('rental');
      expect(q.get('page')).to.equal('1');
      for (const t of titles(el)) expect(t).to.contain('Toyota');
      for (const badge of $$(el, '[part~="badge"]')) expect(badge.textContent).to.equal('For rent');

      await choose(el, '#f-sort', 'year:asc');
      await settled(el);
      const sorted = recorder!.vehicleLists().at(-1)!.searchParams;
      expect([sorted.get('sort'), sorted.get('order')]).to.deep.equal(['year', 'asc']);

      const minYear = $<HTMLInputElement>(el, 'input[name="min-year"]')!;
      minYear.value = '2020';
      minYear.dispatchEvent(new Event('change'));
      await until(() => recorder!.vehicleLists().at(-1)!.searchParams.get('minYear') === '2020', 8000, 'year query');
    });

    it('model choices follow the chosen brand', async () => {
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} filters="brand model"></carstrel-inventory>`,
      );
      await settled(el);
      expect($<HTMLSelectElement>(el, '#f-model')!.disabled).to.equal(true);
      await until(() => $$(el, '#f-brand option').length > 2, 8000, 'brand options');
      await choose(el, '#f-brand', 'toyota');
      const toyota = await brandBySlug('toyota');
      await until(() => $$(el, '#f-model option').length > 1, 8000, 'model options');
      const offered = $$<HTMLOptionElement>(el, '#f-model option')
        .slice(1)
        .map((o) => o.value)
        .sort();
      expect(offered).to.deep.equal((toyota.models ?? []).map((m) => m.slug).sort());
      expect($<HTMLSelectElement>(el, '#f-model')!.disabled).to.equal(false);
    });

    it('the filters attribute chooses the filters shown, "none" shows none', async () => {
      const some = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} filters="price, sort"></carstrel-inventory>`,
      );
      expect($$(some, '[part="filter"]')).to.have.length(2);
      expect($(some, 'input[name="min-price"]')).to.not.equal(null);
      expect($(some, '#f-sort')).to.not.equal(null);
      expect($(some, '#f-brand')).to.equal(null);
      const none = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} filters="none"></carstrel-inventory>`,
      );
      expect($(none, '[part="filters"]')).to.equal(null);
      await settled(some);
      await settled(none);
    });
  });

  describe('slug resolution', () => {
    it('brand, model and body-type slugs are resolved to ids through the metadata endpoints', async () => {
      const toyota = await brandBySlug('toyota');
      const camry = toyota.models!.find((m) => m.slug === 'camry')!;
      const bodyTypes = await api<ListEnvelope<{ id: string; code: string }>>('/external/body-types?limit=100');
      const sedan = bodyTypes.data.find((b) => b.code === 'SEDAN')!;
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory
          api=${apiBase()}
          brand="toyota"
          model="camry"
          body-type="sedan"
          filters="none"
          page-size="50"
        ></carstrel-inventory>`,
      );
      await settled(el);
      const q = recorder!.vehicleLists().at(-1)!.searchParams;
      expect(q.get('brandId')).to.equal(toyota.id);
      expect(q.get('modelId')).to.equal(camry.id);
      expect(q.get('bodyTypeId')).to.equal(sedan.id);
      expect(cards(el).length).to.be.greaterThan(0);
      for (const t of titles(el)) expect(t).to.match(/Toyota Camry/);
    });

    it("a model slug without a brand is found through the brands' model lists", async () => {
      const toyota = await brandBySlug('toyota');
      const camry = toyota.models!.find((m) => m.slug === 'camry')!;
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} model="camry" filters="none"></carstrel-inventory>`,
      );
      await settled(el);
      const q = recorder!.vehicleLists().at(-1)!.searchParams;
      expect(q.get('modelId')).to.equal(camry.id);
      expect(q.get('brandId')).to.equal(null);
    });

    it('ids are passed through without a metadata lookup', async () => {
      const toyota = await brandBySlug('toyota');
      recorder!.restore();
      recorder = recordRequests();
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} brand=${toyota.id} filters="none"></carstrel-inventory>`,
      );
      await settled(el);
      expect(recorder!.vehicleLists().at(-1)!.searchParams.get('brandId')).to.equal(toyota.id);
    });
  });

  describe('URL state', () => {
    it('filters and page go into the URL, and the back button restores the previous view', async () => {
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} page-size="3" filters="listing-type"></carstrel-inventory>`,
      );
      await settled(el);
      const firstPage = titles(el);
      await choose(el, '#f-listing-type', 'auction');
      expect(new URL(location.href).searchParams.get('listing-type')).to.equal('auction');
      await settled(el);
      const auctions = titles(el);
      $<HTMLButtonElement>(el, 'nav button[aria-label="Page 2"]')!.click();
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
        await Promise.all([settled(a!), settled(b!), settled(c!)]);
        expect(warnings.some((w) => String(w).includes('url-key'))).to.equal(true);
        await choose(b!, '#f-listing-type', 'rental');
        await choose(a!, '#f-listing-type', 'sale');
        const url = new URL(location.href);
        expect(url.searchParams.get('rentals.listing-type')).to.equal('rental');
        expect(url.searchParams.get('listing-type')).to.equal('sale');
        await choose(c!, '#f-listing-type', 'auction');
        expect(new URL(location.href).searchParams.get('listing-type')).to.equal('sale');
        expect(c!.effectiveState.listingType).to.equal('auction');
        expect(b!.effectiveState.listingType).to.equal('rental');
      } finally {
        console.warn = warn;
      }
    });
  });

  describe('cards', () => {
    it('default link is this page with ?vehicle=, followed without a page load; the select event can cancel it', async () => {
      const selected: CarstrelVehicleSelectEvent[] = [];
      // A vehicle view on the page (left undefined here: only its presence matters to the inventory).
      const wrap = await fixture<HTMLElement>(
        html`<div>
          <carstrel-vehicle></carstrel-vehicle
          ><carstrel-inventory
            api=${apiBase()}
            page-size="2"
            filters="none"
            @carstrel-vehicle-select=${(e: CarstrelVehicleSelectEvent) => selected.push(e)}
          ></carstrel-inventory>
        </div>`,
      );
      const el = wrap.querySelector<CarstrelInventory>('carstrel-inventory')!;
      await settled(el);
      const link = cards(el)[0]!.querySelector<HTMLAnchorElement>('a[part="card-link"]')!;
      const href = new URL(link.href);
      expect(href.pathname).to.equal(location.pathname);
      const id = href.searchParams.get('vehicle')!;
      expect(id).to.match(/^[0-9a-f-]{36}$/);
      const marker = ((window as unknown as { __marker: number }).__marker = Math.random());
      link.click();
      expect(selected).to.have.length(1);
      expect(selected[0]!.detail.vehicle.id).to.equal(id);
      expect(new URL(location.href).searchParams.get('vehicle')).to.equal(id);
      expect((window as unknown as { __marker: number }).__marker).to.equal(marker); // no page load

      history.replaceState(null, '', PAGE_URL);
      el.addEventListener('carstrel-vehicle-select', (e) => e.preventDefault(), { once: true });
      cards(el)[1]!.querySelector<HTMLAnchorElement>('a')!.click();
      expect(new URL(location.href).searchParams.get('vehicle')).to.equal(null);
    });

    it('without a vehicle view on the page, a card link is an ordinary navigation', async () => {
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} page-size="2" filters="none"></carstrel-inventory>`,
      );
      await settled(el);
      let preventedByInventory: boolean | undefined;
      const stop = (e: Event) => {
        preventedByInventory = e.defaultPrevented;
        e.preventDefault(); // keep the test page
      };
      window.addEventListener('click', stop);
      try {
        cards(el)[0]!.querySelector<HTMLAnchorElement>('a')!.click();
      } finally {
        window.removeEventListener('click', stop);
      }
      expect(preventedByInventory).to.equal(false);
      expect(new URL(location.href).searchParams.get('vehicle')).to.equal(null);
    });

    it('one detail view = one upstream call: cards never prefetch the vehicle (hover, focus)', async () => {
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} page-size="4" filters="none"></carstrel-inventory>`,
      );
      await settled(el);
      recorder!.restore();
      const urls: string[] = [];
      const original = window.fetch;
      window.fetch = (input: RequestInfo | URL, init?: RequestInit) => (
        urls.push(String(input)),
        original(input, init)
      );
      recorder = { vehicleLists: () => [], restore: () => (window.fetch = original) };
      for (const card of cards(el)) {
        const link = card.querySelector<HTMLAnchorElement>('a')!;
        for (const type of ['pointerover', 'pointerenter', 'mouseover', 'mouseenter'])
          link.dispatchEvent(new MouseEvent(type, { bubbles: true, composed: true }));
        link.focus();
      }
      await new Promise((r) => setTimeout(r, 200));
      expect(urls.filter((u) => /\/external\/vehicles\/[^/?]+/.test(u))).to.deep.equal([]);
      expect((await (await original('/_sandbox/journal')).json()).impressions).to.deep.equal({});
      expect(
        document.head.querySelectorAll('link[rel="prefetch"], link[rel="prerender"], script[type="speculationrules"]'),
      ).to.have.length(0);
    });

    it('href-template builds each link from the id and slug; link="none" renders buttons that only fire the event', async () => {
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory
          api=${apiBase()}
          page-size="2"
          filters="none"
          href-template="/cars/{slug}?ref={id}"
        ></carstrel-inventory>`,
      );
      await settled(el);
      const vehicles = (await (await fetch(recorder!.vehicleLists().at(-1)!.href)).json()) as ListEnvelope<Vehicle>;
      const link = new URL(cards(el)[0]!.querySelector<HTMLAnchorElement>('a')!.href);
      expect(link.pathname).to.equal(`/cars/${vehicles.data[0]!.slug}`);
      expect(link.searchParams.get('ref')).to.equal(vehicles.data[0]!.id);

      const none = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} page-size="2" filters="none" link="none"></carstrel-inventory>`,
      );
      await settled(none);
      expect($$(none, 'a')).to.have.length(0);
      let got: string | undefined;
      none.addEventListener('carstrel-vehicle-select', (e) => (got = e.detail.vehicle.id));
      cards(none)[0]!.querySelector<HTMLButtonElement>('button[part="card-link"]')!.click();
      expect(got).to.equal(vehicles.data[0]!.id);
      expect(new URL(location.href).searchParams.get('vehicle')).to.equal(null);
    });

    it('places JSON-LD (Car with Offer) for the shown vehicles in the light DOM', async () => {
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory
          api=${apiBase()}
          page-size="3"
          filters="none"
          listing-type="sale"
        ></carstrel-inventory>`,
      );
      await settled(el);
      const script = el.querySelector<HTMLScriptElement>(':scope > script[type="application/ld+json"]')!;
      const data = JSON.parse(script.textContent!) as {
        '@context': string;
        '@graph': Array<{
          '@type': string;
          name: string;
          offers: { '@type': string; price: number; priceCurrency: string };
        }>;
      };
      expect(data['@context']).to.equal('https://schema.org');
      expect(data['@graph']).to.have.length(3);
      expect(data['@graph'].map((c) => c.name)).to.deep.equal(titles(el));
      for (const car of data['@graph']) {
        expect(car['@type']).to.equal('Car');
        expect(car.offers['@type']).to.equal('Offer');
        expect(car.offers.price).to.be.a('number');
        expect(car.offers.priceCurrency).to.match(/^[A-Z]{3}$/);
      }
    });

    it('with data-layer, the events are also pushed to window.dataLayer', async () => {
      window.dataLayer = [];
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory
          api=${apiBase()}
          page-size="2"
          filters="none"
          data-layer
          link="none"
        ></carstrel-inventory>`,
      );
      await settled(el);
      cards(el)[0]!.querySelector<HTMLButtonElement>('button')!.click();
      const events = (window.dataLayer as Array<{ event: string }>).map((e) => e.event);
      expect(events).to.deep.equal(['carstrel-results-loaded', 'carstrel-vehicle-select']);
      delete window.dataLayer;
    });

    it('prices are formatted with Intl in the configured locale and currency', async () => {
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory
          api=${apiBase()}
          page-size="2"
          filters="none"
          listing-type="rental"
          locale="fr-FR"
          lang="fr"
          currency="EUR"
        ></carstrel-inventory>`,
      );
      await settled(el);
      const price = cards(el)[0]!.querySelector('[part="price"]')!.textContent!;
      expect(price).to.match(/^\d[\d\s\u202f]*\s?€ \/ jour$/);
      expect($$(el, '[part~="badge"]')[0]!.textContent).to.equal('À louer');
      expect($(el, '[part="count"]')!.textContent).to.contain('véhicules');
    });
  });

  describe('security', () => {
    it('everything from the API is rendered as text; URLs from the API are used only if http(s) (sandbox XSS fixtures)', async () => {
      const alerts: unknown[] = [];
      const original = window.alert;
      window.alert = (m?: unknown) => void alerts.push(m);
      try {
        const el = await fixture<CarstrelInventory>(
          html`<carstrel-inventory
            api=${apiBase()}
            page-size="3"
            filters="none"
            sort="createdDate"
            order="asc"
          ></carstrel-inventory>`,
        );
        await settled(el);
        expect(titles(el)).to.include('2020 Toyota Camry <script>alert("xss-name")</script>');
        const root = el.shadowRoot!;
        expect(root.querySelectorAll('.grid script, .grid svg, .grid b')).to.have.length(0);
        for (const img of root.querySelectorAll('img')) expect(img.getAttribute('src')).to.match(/^https?:\/\//);
        expect(attributesContaining(root, 'javascript:')).to.deep.equal([]);
        const ld = el.querySelector('script[type="application/ld+json"]')!.textContent!;
        expect(ld).to.not.contain('<');
        expect(ld).to.not.contain('javascript:');
        await new Promise((r) => setTimeout(r, 100));
        expect(alerts).to.deep.equal([]);
      } finally {
        window.alert = original;
      }
    });
  });

  describe('keyboard', () => {
    it('filters and pagination work with the keyboard alone', async () => {
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} page-size="3" filters="listing-type"></carstrel-inventory>`,
      );
      await settled(el);
      el.focus();
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement?.id).to.equal('f-listing-type');
      await sendKeys({ press: 'ArrowDown' });
      await until(
        () => new URL(location.href).searchParams.get('listing-type') === 'sale',
        4000,
        'listing type chosen by keyboard',
      );
      await settled(el);

      const next = $<HTMLButtonElement>(el, 'button.next')!;
      // Tab through the cards to the pagination, as a keyboard user would.
      for (let i = 0; i < 20 && el.shadowRoot!.activeElement !== next; i++) await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(next);
      await sendKeys({ press: 'Enter' });
      await until(() => new URL(location.href).searchParams.get('page') === '2', 4000, 'page 2');
      await settled(el);
      expect(el.shadowRoot!.activeElement).to.equal($(el, '[part="count"]'));
      expect($(el, 'nav [aria-current="page"]')!.textContent).to.equal('2');
    });
  });

  describe('pure parts', () => {
    it('pageWindow shows the first, last and neighbouring pages with gaps', () => {
      expect(pageWindow(1, 1)).to.deep.equal([1]);
      expect(pageWindow(1, 4)).to.deep.equal([1, 2, 3, 4]);
      expect(pageWindow(6, 20)).to.deep.equal([1, 0, 4, 5, 6, 7, 8, 0, 20]);
      expect(pageWindow(20, 20)).to.deep.equal([1, 0, 18, 19, 20]);
    });
  });
});
