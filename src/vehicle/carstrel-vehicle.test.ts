/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { apiBase, faults, journal, resetSandbox, until, $, $$ } from '../testing/browser.js';
import { CarstrelApiError, type CarstrelClient } from '../api/client.js';
import type { ListEnvelope, Vehicle } from '../api/types.js';
import { navigateWithinPage } from '../shared/url-state.js';
import './carstrel-vehicle.js';
import type { CarstrelVehicle } from './carstrel-vehicle.js';
import { shown } from './testing.js';
import { loadVehicle } from './load.js';
import '../inventory/carstrel-inventory.js';
import type { CarstrelInventory } from '../inventory/carstrel-inventory.js';

const PAGE_URL = location.href;

async function vehicles(query: string): Promise<Vehicle[]> {
  const res = await fetch(`${apiBase()}/external/vehicles?${query}`);
  return ((await res.json()) as ListEnvelope<Vehicle>).data;
}

/** Impressions recorded by the sandbox for one vehicle since the last reset. */
async function impressions(id: string): Promise<number> {
  return (await journal()).impressions[id] ?? 0;
}

function withParam(name: string, value: string): string {
  const url = new URL(PAGE_URL);
  url.searchParams.set(name, value);
  return url.href;
}

/** `name=value` of every attribute under `root` whose value contains `needle` (text content is not checked: it is inert). */
function attributesContaining(root: ParentNode, needle: string): string[] {
  return [...root.querySelectorAll('*')].flatMap((el) =>
    [...el.attributes].filter((a) => a.value.includes(needle)).map((a) => `${a.name}=${a.value}`),
  );
}

const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));

describe('carstrel-vehicle', () => {
  let sale: Vehicle;
  let rental: Vehicle;
  let auction: Vehicle;

  before(async () => {
    await resetSandbox();
    [sale] = await vehicles('listingType=sale&limit=1');
    [rental] = await vehicles('listingType=rental&limit=1');
    [auction] = await vehicles('listingType=auction&limit=1');
  });
  beforeEach(() => resetSandbox());
  afterEach(async () => {
    history.replaceState(null, '', PAGE_URL);
    await faults({ latencyMs: 0, down: false, errorRate: 0 });
  });

  describe('choosing the vehicle', () => {
    it('renders nothing and makes no request when no vehicle is chosen', async () => {
      const el = await fixture<CarstrelVehicle>(html`<carstrel-vehicle api=${apiBase()}></carstrel-vehicle>`);
      await settle();
      expect(el.hidden).to.equal(true);
      expect(el.shadowRoot!.children.length).to.equal(0);
      expect((await journal()).impressions).to.deep.equal({});
    });

    it('one detail view = one upstream call: vehicle-id loads once; re-renders and reconnects do not fetch again (journal impressions)', async () => {
      const loaded: Vehicle[] = [];
      const el = await fixture<CarstrelVehicle>(
        html`<carstrel-vehicle
          api=${apiBase()}
          vehicle-id=${sale.id}
          @carstrel-vehicle-loaded=${(e: CustomEvent<{ vehicle: Vehicle }>) => loaded.push(e.detail.vehicle)}
        ></carstrel-vehicle>`,
      );
      await shown(el);
      expect(el.hidden).to.equal(false);
      expect($(el, '[part="title"]')!.textContent).to.equal(sale.name);
      el.locale = 'de-DE';
      el.requestUpdate();
      await el.updateComplete;
      const parent = el.parentElement!;
      el.remove();
      parent.append(el);
      await el.updateComplete;
      $<HTMLButtonElement>(el, '.thumbs button:nth-of-type(1)')?.click();
      await settle(300);
      expect(await impressions(sale.id)).to.equal(1);
      expect(loaded.map((v) => v.id)).to.deep.equal([sale.id]);
    });

    it('a slug loads the vehicle with exactly one detail request', async () => {
      const el = await fixture<CarstrelVehicle>(
        html`<carstrel-vehicle api=${apiBase()} slug=${rental.slug}></carstrel-vehicle>`,
      );
      await shown(el);
      expect($(el, '[part="title"]')!.textContent).to.equal(rental.name);
      await settle();
      expect(await impressions(rental.id)).to.equal(1);
    });

    it('follows ?vehicle= in the page URL, a selection in an inventory, and the back button', async () => {
      history.replaceState(null, '', withParam('vehicle', sale.id));
      const wrap = await fixture<HTMLDivElement>(
        html`<div>
          <carstrel-inventory api=${apiBase()} filters="none" page-size="2" listing-type="auction"></carstrel-inventory>
          <carstrel-vehicle api=${apiBase()}></carstrel-vehicle>
        </div>`,
      );
      const el = wrap.querySelector('carstrel-vehicle')!;
      const inventory = wrap.querySelector<CarstrelInventory>('carstrel-inventory')!;
      await shown(el);
      expect($(el, '[part="title"]')!.textContent).to.equal(sale.name);

      await until(() => $(inventory, 'a[part="card-link"]'), 8000, 'inventory cards');
      const link = $<HTMLAnchorElement>(inventory, 'a[part="card-link"]')!;
      const chosen = new URL(link.href).searchParams.get('vehicle')!;
      link.click();
      await until(() => $(el, '[part="title"]')?.textContent === link.textContent, 8000, 'the chosen vehicle');
      await until(() => el.shadowRoot!.activeElement === $(el, '[part="title"]'), 2000, 'focus on the vehicle title');

      history.back();
      await until(() => $(el, '[part="title"]')?.textContent === sale.name, 8000, 'the first vehicle again');
      $<HTMLButtonElement>(el, '[part="back-button"]')!.click();
      await el.updateComplete;
      expect(el.hidden).to.equal(true);
      expect(new URL(location.href).searchParams.get('vehicle')).to.equal(null);
      await settle();
      expect(await impressions(sale.id)).to.equal(2); // two views of it (initial, and after Back)
      expect(await impressions(chosen)).to.equal(1);
    });

    it('url-param renames the URL parameter', async () => {
      history.replaceState(null, '', withParam('car', auction.id));
      const el = await fixture<CarstrelVehicle>(
        html`<carstrel-vehicle api=${apiBase()} url-param="car"></carstrel-vehicle>`,
      );
      await shown(el);
      expect($(el, '[part="title"]')!.textContent).to.equal(auction.name);
      navigateWithinPage(withParam('vehicle', sale.id));
      await settle();
      expect($(el, '[part="title"]')).to.equal(null);
      expect(el.hidden).to.equal(true);
    });
  });

  describe('states', () => {
    it('loading and loaded states are accessible; the loaded event and JSON-LD follow', async () => {
      await faults({ latencyMs: 800 });
      const el = await fixture<CarstrelVehicle>(
        html`<carstrel-vehicle api=${apiBase()} vehicle-id=${sale.id}></carstrel-vehicle>`,
      );
      expect($(el, '.skeleton')).to.not.equal(null);
      expect($(el, '[role="status"]')!.textContent).to.contain('Loading');
      await expect(el).to.be.accessible();
      await shown(el);
      expect($(el, '[role="status"]')!.textContent).to.equal(`${sale.name} loaded`);
      await expect(el).to.be.accessible();
      const ld = JSON.parse(el.querySelector(':scope > script[type="application/ld+json"]')!.textContent!) as Record<
        string,
        unknown
      >;
      expect(ld['@type']).to.equal('Car');
      expect(ld.name).to.equal(sale.name);
      expect((ld.offers as Record<string, unknown>)['@type']).to.equal('Offer');
    });

    it('a vehicle that does not exist is an accessible error without retry', async () => {
      const el = await fixture<CarstrelVehicle>(
        html`<carstrel-vehicle api=${apiBase()} vehicle-id="00000000-0000-4000-8000-000000000000"></carstrel-vehicle>`,
      );
      await shown(el);
      expect($(el, '[part="error"]')!.textContent).to.contain('no longer available');
      expect($(el, '[part="retry-button"]')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('an upstream failure shows an accessible error whose retry loads the vehicle', async () => {
      await faults({ down: true });
      const errors: CustomEvent[] = [];
      const el = await fixture<CarstrelVehicle>(
        html`<carstrel-vehicle
          api=${apiBase()}
          vehicle-id=${auction.id}
          @carstrel-error=${(e: CustomEvent) => errors.push(e)}
        ></carstrel-vehicle>`,
      );
      await shown(el);
      expect($(el, '[part="error"]')!.getAttribute('role')).to.equal('alert');
      expect(errors).to.have.length(1);
      await expect(el).to.be.accessible();
      await faults({ down: false });
      $<HTMLButtonElement>(el, '[part="retry-button"]')!.click();
      await until(() => $(el, '[part="title"]'), 8000, 'the vehicle after retry');
      await expect(el).to.be.accessible();
      expect(await impressions(auction.id)).to.equal(1);
    });
  });

  describe('content', () => {
    it('shows specs, features by group, description as text, pickup and the brand logo', async () => {
      const el = await fixture<CarstrelVehicle>(
        html`<carstrel-vehicle api=${apiBase()} vehicle-id=${sale.id}></carstrel-vehicle>`,
      );
      await shown(el);
      const specs = Object.fromEntries(
        $$(el, '[part="specs"] div').map((d) => [
          d.querySelector('dt')!.textContent,
          d.querySelector('dd')!.textContent!.trim(),
        ]),
      );
      expect(specs.Year).to.equal(String(sale.year));
      expect(specs['Exterior colour']).to.equal(sale.exteriorColor);
      expect(specs.Brand).to.equal(sale.model.brand.name);
      expect(specs['Body type']).to.equal(sale.model.bodyType!.name);
      expect(specs.Drivetrain).to.equal((sale as unknown as { drivetrain: string }).drivetrain);
      expect($(el, '[part="brand-logo"]')!.getAttribute('src')).to.match(/^https?:\/\//);
      const groups = $$(el, '.group h4').map((h) => h.textContent);
      expect(groups).to.include('Safety');
      expect($(el, '[part="description"]')!.textContent).to.equal(sale.description);
      expect($(el, '[part="pickup"]')!.textContent).to.contain(sale.pickupDetails!.locationName!);
    });

    it('price blocks per listing type, in two locales', async () => {
      const en = await fixture<CarstrelVehicle>(
        html`<carstrel-vehicle api=${apiBase()} vehicle-id=${rental.id} locale="en-US"></carstrel-vehicle>`,
      );
      await shown(en);
      const rentalLines = $$(en, '[part="price"] p').map((p) => p.textContent!);
      expect(rentalLines[0]).to.match(/^\$[\d,]+ \/ day$/);
      expect(rentalLines.some((l) => /^Deposit \$/.test(l))).to.equal(true);

      const fr = await fixture<CarstrelVehicle>(
        html`<carstrel-vehicle api=${apiBase()} vehicle-id=${auction.id} lang="fr" locale="fr-FR"></carstrel-vehicle>`,
      );
      await shown(fr);
      const auctionLines = $$(fr, '[part="price"] p').map((p) => p.textContent!.replace(/[\u202f\u00a0]/g, ' '));
      expect(auctionLines[0]).to.match(/^(Enchère actuelle|Mise à prix) [\d ]+ \$US$/);
      expect(auctionLines.some((l) => /^(Se termine le|Enchère terminée le) /.test(l))).to.equal(true);
      expect(auctionLines.some((l) => /^Prix de réserve (non )?atteint$/.test(l))).to.equal(true);
      expect($(fr, '[part="cta"]')!.textContent).to.equal('Réserver un essai');
    });

    it('a sold vehicle says so, and its JSON-LD offer is SoldOut', async () => {
      const original = window.fetch;
      window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        const res = await original(input, init);
        if (!new URL(String(input), location.href).pathname.startsWith('/external/vehicles/')) return res;
        const body = (await res.json()) as { data: Vehicle };
        body.data.status = 'sold';
        return new Response(JSON.stringify(body), {
          status: res.status,
          headers: { 'content-type': 'application/json' },
        });
      };
      try {
        const el = await fixture<CarstrelVehicle>(
          html`<carstrel-vehicle api=${apiBase()} vehicle-id=${sale.id}></carstrel-vehicle>`,
        );
        await shown(el);
        expect($(el, '[part~="badge-status"]')!.textContent).to.equal('Sold');
        const ld = JSON.parse(el.querySelector('script[type="application/ld+json"]')!.textContent!) as {
          offers: { availability: string };
        };
        expect(ld.offers.availability).to.equal('https://schema.org/SoldOut');
        await expect(el).to.be.accessible();
      } finally {
        window.fetch = original;
      }
    });

    it('the call to action asks the page for a test-drive form', async () => {
      const el = await fixture<CarstrelVehicle>(
        html`<carstrel-vehicle api=${apiBase()} vehicle-id=${sale.id}></carstrel-vehicle>`,
      );
      await shown(el);
      const requested = new Promise<CustomEvent<{ vehicle: Vehicle }>>((resolve) =>
        window.addEventListener('carstrel-test-drive-request', (e) => resolve(e as CustomEvent<{ vehicle: Vehicle }>), {
          once: true,
        }),
      );
      $<HTMLButtonElement>(el, '[part="cta"]')!.click();
      expect((await requested).detail.vehicle.id).to.equal(sale.id);
    });

    it('everything from the API is rendered as text; URLs from the API are used only if http(s) (sandbox XSS fixtures)', async () => {
      const alerts: unknown[] = [];
      const original = window.alert;
      window.alert = (m?: unknown) => void alerts.push(m);
      try {
        for (const slug of ['xss-script-in-name', 'xss-img-in-description', 'xss-javascript-media-url']) {
          const el = await fixture<CarstrelVehicle>(
            html`<carstrel-vehicle api=${apiBase()} slug=${slug}></carstrel-vehicle>`,
          );
          await shown(el);
          const root = el.shadowRoot!;
          expect(
            root.querySelectorAll('script, svg:not([aria-hidden="true"]), b, a, iframe, [onerror], [onload]'),
          ).to.have.length(0);
          for (const text of root.querySelectorAll(
            '[part="title"], [part="description"], [part="pickup"] p, [part="features"] li',
          ))
            expect(text.children).to.have.length(0);
          for (const img of root.querySelectorAll('img')) expect(img.getAttribute('src')).to.match(/^https?:\/\//);
          expect(attributesContaining(root, 'javascript:')).to.deep.equal([]);
          if (slug === 'xss-script-in-name')
            expect($(el, '[part="title"]')!.textContent).to.equal(
              '2020 Toyota Camry <script>alert("xss-name")</script>',
            );
          if (slug === 'xss-img-in-description') {
            expect($(el, '[part="description"]')!.textContent).to.contain('<img src=x onerror=alert(1)>');
            expect($(el, '[part="pickup"]')!.textContent).to.contain('"><img src=x onerror=alert(3)>');
          }
        }
        await settle(200);
        expect(alerts).to.deep.equal([]);
      } finally {
        window.alert = original;
      }
    });
  });

  describe('gallery', () => {
    it('keyboard-only: arrows, Home/End, thumbnails, and a full-screen dialog closed with Escape', async () => {
      const el = await fixture<CarstrelVehicle>(
        html`<carstrel-vehicle api=${apiBase()} vehicle-id=${sale.id}></carstrel-vehicle>`,
      );
      await shown(el);
      const count = $$(el, '[part="thumbnail"]').length;
      expect(count).to.be.greaterThan(2);
      const image = () => $<HTMLImageElement>(el, '[part="gallery-image"]')!.alt;
      // Tab from the start of the element to the photo stage.
      $<HTMLElement>(el, '[part="title"]')!.focus();
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal($(el, '.stage'));
      expect(image()).to.equal(`Photo 1 of ${count}`);
      await sendKeys({ press: 'ArrowRight' });
      expect(image()).to.equal(`Photo 2 of ${count}`);
      await sendKeys({ press: 'End' });
      expect(image()).to.equal(`Photo ${count} of ${count}`);
      await sendKeys({ press: 'ArrowRight' });
      expect(image()).to.equal(`Photo 1 of ${count}`);
      await sendKeys({ press: 'ArrowLeft' });
      expect(image()).to.equal(`Photo ${count} of ${count}`);

      const third = $$<HTMLButtonElement>(el, '[part="thumbnail"]')[2]!;
      third.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(image()).to.equal(`Photo 3 of ${count}`);
      expect(third.getAttribute('aria-current')).to.equal('true');

      const full = $<HTMLButtonElement>(el, '.full')!;
      full.focus();
      await sendKeys({ press: 'Enter' });
      const dialog = $<HTMLDialogElement>(el, 'dialog')!;
      expect(dialog.open).to.equal(true);
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(dialog.querySelector('img')!.alt).to.equal(`Photo 4 of ${count}`);
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'Escape' });
      expect(dialog.open).to.equal(false);
      expect(el.shadowRoot!.activeElement).to.equal(full);
    });

    it('a horizontal swipe changes the photo', async () => {
      const el = await fixture<CarstrelVehicle>(
        html`<carstrel-vehicle api=${apiBase()} vehicle-id=${sale.id}></carstrel-vehicle>`,
      );
      await shown(el);
      const stage = $(el, '.stage')!;
      const pointer = (type: string, x: number) =>
        stage.dispatchEvent(new PointerEvent(type, { clientX: x, clientY: 100, bubbles: true, pointerType: 'touch' }));
      pointer('pointerdown', 300);
      pointer('pointerup', 200);
      await el.updateComplete;
      expect($<HTMLImageElement>(el, '[part="gallery-image"]')!.alt).to.match(/^Photo 2 of/);
      pointer('pointerdown', 100);
      pointer('pointerup', 300);
      await el.updateComplete;
      expect($<HTMLImageElement>(el, '[part="gallery-image"]')!.alt).to.match(/^Photo 1 of/);
    });
  });

  describe('loadVehicle', () => {
    it('falls back to the list when an upstream refuses slugs, still with one detail request', async () => {
      const calls: string[] = [];
      const refuse = (status: number) =>
        new CarstrelApiError(status, {
          statusCode: status,
          message: 'id must be a UUID',
          error: 'Bad Request',
          timestamp: '',
        });
      const client = {
        get: async (path: string) => {
          calls.push(path);
          if (!/[0-9a-f-]{36}$/.test(path)) throw refuse(400);
          return { statusCode: 200, data: { id: path.split('/').pop(), slug: 'the-slug' } };
        },
        list: async (path: string, q: { page: number }) => {
          calls.push(`${path}?page=${q.page}`);
          const data =
            q.page === 2
              ? [{ id: '11111111-2222-4333-8444-555555555555', slug: 'the-slug' }]
              : [{ id: '00000000-0000-4000-8000-000000000000', slug: 'other' }];
          return { statusCode: 200, data, totalPages: 3 };
        },
      } as unknown as CarstrelClient;
      const v = await loadVehicle(client, 'the-slug');
      expect(v.id).to.equal('11111111-2222-4333-8444-555555555555');
      expect(calls).to.deep.equal([
        '/external/vehicles/the-slug',
        '/external/vehicles?page=1',
        '/external/vehicles?page=2',
        '/external/vehicles/11111111-2222-4333-8444-555555555555',
      ]);
    });
  });
});
