/// <reference types="mocha" />
/**
 * The inventory's cards: links and the select event, no prefetch of the detail route, prices,
 * structured data and analytics, photos that fail, long names, and the layout of the grid.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { ListEnvelope, Vehicle } from '../api/types.js';
import type { CarstrelVehicleSelectEvent } from '../shared/events.js';
import { $, $$, apiBase, faults, resetSandbox, until } from '../testing/browser.js';
import { cards, editVehicleList, recordRequests, settled, titles } from '../testing/listing.js';
import './carstrel-inventory.js';
import type { CarstrelInventory } from './carstrel-inventory.js';

/** The test page's own URL (web-test-runner's session parameters must survive every test). */
const PAGE_URL = location.href;

const MISSING = () => `${apiBase()}/media/qa-missing-card-photo.jpg`;

describe('carstrel-inventory cards', () => {
  let recorder: ReturnType<typeof recordRequests> | undefined;
  /** Undoes a test's edit of the API answers (`editVehicleList`). */
  let restore: (() => void) | undefined;

  beforeEach(async () => {
    await resetSandbox();
    recorder = recordRequests();
  });
  afterEach(async () => {
    restore?.();
    restore = undefined;
    recorder?.restore();
    history.replaceState(null, '', PAGE_URL);
    await faults({ latencyMs: 0, down: false, errorRate: 0 });
  });

  describe('links and events', () => {
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
      const link = cards(el)[0].querySelector<HTMLAnchorElement>('a[part="card-link"]')!;
      const href = new URL(link.href);
      expect(href.pathname).to.equal(location.pathname);
      const id = href.searchParams.get('vehicle')!;
      expect(id).to.match(/^[0-9a-f-]{36}$/);
      const marker = ((window as unknown as { __marker: number }).__marker = Math.random());
      link.click();
      expect(selected).to.have.length(1);
      expect(selected[0].detail.vehicle.id).to.equal(id);
      expect(new URL(location.href).searchParams.get('vehicle')).to.equal(id);
      expect((window as unknown as { __marker: number }).__marker).to.equal(marker); // no page load

      history.replaceState(null, '', PAGE_URL);
      el.addEventListener('carstrel-vehicle-select', (e) => e.preventDefault(), { once: true });
      cards(el)[1].querySelector<HTMLAnchorElement>('a')!.click();
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
        cards(el)[0].querySelector<HTMLAnchorElement>('a')!.click();
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
      const link = new URL(cards(el)[0].querySelector<HTMLAnchorElement>('a')!.href);
      expect(link.pathname).to.equal(`/cars/${vehicles.data[0].slug}`);
      expect(link.searchParams.get('ref')).to.equal(vehicles.data[0].id);

      const none = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} page-size="2" filters="none" link="none"></carstrel-inventory>`,
      );
      await settled(none);
      expect($$(none, 'a')).to.have.length(0);
      let got: string | undefined;
      none.addEventListener('carstrel-vehicle-select', (e) => (got = e.detail.vehicle.id));
      cards(none)[0].querySelector<HTMLButtonElement>('button[part="card-link"]')!.click();
      expect(got).to.equal(vehicles.data[0].id);
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
      // Written once its module (loaded after the first paint) has arrived.
      const script = await until(
        () => el.querySelector<HTMLScriptElement>(':scope > script[type="application/ld+json"]'),
        5000,
        'the JSON-LD',
      );
      const data = JSON.parse(script!.textContent) as {
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
      cards(el)[0].querySelector<HTMLButtonElement>('button')!.click();
      const events = (window.dataLayer as Array<{ event: string }>).map((e) => e.event);
      expect(events).to.deep.equal(['carstrel-results-loaded', 'carstrel-vehicle-select']);
      delete window.dataLayer;
    });
  });

  describe('content', () => {
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
      const price = cards(el)[0].querySelector('[part="price"]')!.textContent;
      expect(price).to.match(/^\d[\d\s\u202f]*\s?€ \/ jour$/);
      expect($$(el, '[part~="badge"]')[0].textContent).to.equal('À louer');
      expect($(el, '[part="count"]')!.textContent).to.contain('véhicules');
    });

    it('a card photo that fails to load falls back to the next photo, then to "No photo" (never a broken-image icon)', async () => {
      restore = editVehicleList((vehicles) => {
        const [first, second] = vehicles;
        // first: its featured photo is gone, the others load; second: every photo is gone.
        const featured = first.media.find((m) => m.isFeatured) ?? first.media[0];
        featured.url = MISSING();
        second.media = second.media.map((m, i) => ({ ...m, url: `${MISSING()}?n=${i}` }));
      });
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} page-size="2" filters="none" url-state="off"></carstrel-inventory>`,
      );
      await settled(el);
      const [first, second] = cards(el);
      await until(() => second.querySelector('.no-photo'), 5000, 'the second card to say "No photo"');
      await until(
        () => first.querySelector<HTMLImageElement>('img')?.src !== MISSING(),
        5000,
        'the first card to show its next photo',
      );
      const img = first.querySelector<HTMLImageElement>('img[part="card-image"]')!;
      await until(() => img.complete && img.naturalWidth > 0, 5000, 'the fallback photo to load');
      expect(second.querySelector('img')).to.equal(null);
      expect(second.querySelector('.no-photo')!.textContent.trim()).to.equal('No photo');
      await expect(el).to.be.accessible();
    });

    it('a very long unbroken vehicle name wraps inside its card instead of being cut off', async () => {
      const longWord = 'VolkswagenTransporterKombiLongWheelbaseHighRoofEdition2000';
      restore = editVehicleList((vehicles) => {
        vehicles[0].name = `2021 ${longWord}`;
      });
      const box = await fixture<HTMLElement>(
        html`<x-phone style="display: block; width: 320px"
          ><carstrel-inventory api=${apiBase()} page-size="1" filters="none" url-state="off"></carstrel-inventory
        ></x-phone>`,
      );
      const el = box.querySelector<CarstrelInventory>('carstrel-inventory')!;
      await settled(el);
      const title = cards(el)[0].querySelector<HTMLElement>('.title')!;
      expect(title.textContent).to.include(longWord);
      expect(title.scrollWidth, 'the name fits its card').to.be.at.most(title.clientWidth);
      expect(title.getBoundingClientRect().right).to.be.at.most(cards(el)[0].getBoundingClientRect().right);
    });

    it('a card shows the year once: not again under a name that already starts with it, but when the name lacks it', async () => {
      restore = editVehicleList((vehicles) => {
        vehicles[1].name = vehicles[1].name.replace(/\b(19|20)\d{2}\b\s*/, '');
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
        name: c.querySelector('.title')!.textContent.trim(),
        meta: c.querySelector('.meta')?.textContent?.trim() ?? '',
      }));
      const year = /\b(19|20)\d{2}\b/.exec(withYear.name)![0];
      expect(withYear.meta).not.to.include(year);
      expect(withYear.meta).to.match(/km$/);
      expect(withoutYear.name).not.to.match(/\b(19|20)\d{2}\b/);
      expect(withoutYear.meta).to.match(/^(19|20)\d{2} · /);
    });
  });

  describe('layout', () => {
    it('in a narrow container (a sidebar) the cards stack in one column', async () => {
      const box = await fixture<HTMLElement>(
        html`<x-sidebar style="display: block; width: 300px"
          ><carstrel-inventory api=${apiBase()} page-size="3" filters="none"></carstrel-inventory
        ></x-sidebar>`,
      );
      const el = box.querySelector<CarstrelInventory>('carstrel-inventory')!;
      await settled(el);
      const [a, b] = cards(el).map((c) => c.getBoundingClientRect());
      expect(Math.abs(a.left - b.left)).to.be.lessThan(1);
      expect(b.top).to.be.greaterThan(a.bottom);
      expect(a.width).to.be.at.most(300);
      const wide = await fixture<HTMLElement>(
        html`<x-main style="display: block; width: 1100px"
          ><carstrel-inventory api=${apiBase()} page-size="3" filters="none"></carstrel-inventory
        ></x-main>`,
      );
      const w = wide.querySelector<CarstrelInventory>('carstrel-inventory')!;
      await settled(w);
      const [c, d] = cards(w).map((x) => x.getBoundingClientRect());
      expect(Math.abs(c.top - d.top)).to.be.lessThan(1);
    });

    it('photos: the first row is fetched at once and first, the rest when near; sizes never reflow', async () => {
      const box = await fixture<HTMLElement>(
        html`<x-main style="display: block; width: 1040px"
          ><carstrel-inventory api=${apiBase()} page-size="8" filters="none"></carstrel-inventory
        ></x-main>`,
      );
      const el = box.querySelector<CarstrelInventory>('carstrel-inventory')!;
      await settled(el);
      const rows = cards(el).map((c) => Math.round(c.getBoundingClientRect().top));
      const firstRow = rows.filter((top) => top === rows[0]).length;
      expect(firstRow).to.equal(4); // (1040 + 16) / 256 cards of 15rem with 1rem gaps
      const photos = cards(el).map((c) => c.querySelector('img')!);
      photos.forEach((img, i) => {
        expect(img.getAttribute('loading'), `photo ${i}`).to.equal(i < firstRow ? 'eager' : 'lazy');
        expect(img.getAttribute('fetchpriority'), `photo ${i}`).to.equal(i < firstRow ? 'high' : 'auto');
        expect(img.getAttribute('decoding')).to.equal('async');
        expect([img.getAttribute('width'), img.getAttribute('height')]).to.deep.equal(['400', '300']);
      });
      // Every card as tall as the others (and as a skeleton card): nothing moves as photos and text arrive.
      const heights = new Set(cards(el).map((c) => Math.round(c.getBoundingClientRect().height)));
      expect([...heights]).to.have.length(1);
    });
  });
});
