/// <reference types="mocha" />
/**
 * The inventory's filters: presets and shopper choices mapped to the API query, slugs resolved
 * to ids, the filters shown, the narrow-container disclosure, and choices readable in full.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ListEnvelope, Vehicle } from '../api/types.js';
import { $, $$, apiBase, faults, resetSandbox, until } from '../testing/browser.js';
import { api, brandBySlug, cards, choose, recordRequests, settled, titles } from '../testing/listing.js';
import './carstrel-inventory.js';
import type { CarstrelInventory } from './carstrel-inventory.js';

/** The test page's own URL (web-test-runner's session parameters must survive every test). */
const PAGE_URL = location.href;

describe('carstrel-inventory filters', () => {
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
    it('"Clear filters" puts the selects back to "any" after keyboard choices (Firefox kept the last pick with ?selected)', async () => {
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} page-size="2" filters="listing-type sort"></carstrel-inventory>`,
      );
      await settled(el);
      const listingType = $<HTMLSelectElement>(el, '#f-listing-type')!;
      const sort = $<HTMLSelectElement>(el, '#f-sort')!;
      const firstSort = sort.value;
      listingType.focus();
      await sendKeys({ press: 'ArrowDown' });
      await until(() => el.effectiveState.listingType === 'sale', 4000, 'listing type chosen');
      sort.focus();
      await sendKeys({ press: 'ArrowDown' });
      await until(() => sort.value !== firstSort && !!el.effectiveState.sort, 4000, 'sort chosen');
      await settled(el);
      $<HTMLButtonElement>(el, '[part="clear-button"]')!.click();
      await settled(el);
      expect(el.effectiveState.listingType).to.equal('');
      expect([listingType.value, listingType.selectedOptions[0]?.text]).to.deep.equal(['', 'All listing types']);
      expect(sort.value).to.equal(firstSort);
      expect(recorder!.vehicleLists().at(-1)!.searchParams.get('listingType')).to.equal(null);
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
      expect(recorder.vehicleLists().at(-1)!.searchParams.get('brandId')).to.equal(toyota.id);
    });
  });

  describe('layout', () => {
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

    it('selects and number inputs are as tall as each other and line up in each row (WebKit drew its selects taller)', async () => {
      const wrap = await fixture<HTMLElement>(
        html`<x-main style="display: block; width: 1248px; font: 16px/1.5 system-ui, sans-serif"
          ><carstrel-inventory api=${apiBase()} page-size="1" url-state="off"></carstrel-inventory
        ></x-main>`,
      );
      const el = wrap.querySelector<CarstrelInventory>('carstrel-inventory')!;
      await settled(el);
      await until(() => $$<HTMLSelectElement>(el, '#f-brand option').length > 1, 5000, 'the brand choices');
      const boxes = $$<HTMLElement>(el, 'select, input').map((c) => {
        const r = c.getBoundingClientRect();
        return { name: c.id || c.getAttribute('name') || c.localName, height: r.height, bottom: r.bottom };
      });
      const expected = $<HTMLInputElement>(el, 'input[name="min-year"]')!.getBoundingClientRect();
      const off = boxes
        .filter((b) => Math.abs(b.height - expected.height) > 0.5)
        .map((b) => `${b.name}: ${b.height}px tall (inputs ${expected.height}px)`);
      // Controls whose bottoms are within a row's reach of each other sit in one row: same bottom.
      for (const a of boxes)
        for (const b of boxes)
          if (a !== b && Math.abs(a.bottom - b.bottom) < expected.height / 2 && Math.abs(a.bottom - b.bottom) > 0.5)
            off.push(`${a.name} ends at ${a.bottom}, ${b.name} at ${b.bottom}`);
      expect(off).to.deep.equal([]);
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
  });
});
