/// <reference types="mocha" />
/**
 * carstrel-vehicle as a whole: which vehicle it loads and how often (one detail view = one
 * upstream call), its loading and error states, the call to action, and everything from the API
 * rendered as text. The gallery, the details and the URL have their own test files.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { CarstrelApiError, type CarstrelClient } from '../api/client.js';
import type { Vehicle } from '../api/types.js';
import { $, apiBase, faults, journal, resetSandbox, until } from '../testing/browser.js';
import { attributesContaining, listVehicles, shown } from '../testing/listing.js';
import './carstrel-vehicle.js';
import type { CarstrelVehicle } from './carstrel-vehicle.js';
import { loadVehicle } from './load.js';

/** The test page's own URL (web-test-runner's session parameters must survive every test). */
const PAGE_URL = location.href;

/** Impressions recorded by the sandbox for one vehicle since the last reset. */
async function impressions(id: string): Promise<number> {
  return (await journal()).impressions[id] ?? 0;
}

const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));

describe('carstrel-vehicle', () => {
  let sale: Vehicle;
  let rental: Vehicle;
  let auction: Vehicle;

  before(async () => {
    await resetSandbox();
    [sale] = await listVehicles('listingType=sale&limit=1');
    [rental] = await listVehicles('listingType=rental&limit=1');
    [auction] = await listVehicles('listingType=auction&limit=1');
  });
  beforeEach(() => resetSandbox());
  afterEach(async () => {
    history.replaceState(null, '', PAGE_URL);
    await faults({ latencyMs: 0, down: false, errorRate: 0 });
  });

  describe('loading the vehicle', () => {
    it('renders nothing and makes no request when no vehicle is chosen', async () => {
      const el = await fixture<CarstrelVehicle>(html`<carstrel-vehicle api=${apiBase()}></carstrel-vehicle>`);
      await settle();
      expect(el.hidden).to.equal(true);
      const rendered = [...el.shadowRoot!.children].filter((c) => c.localName !== 'carstrel-test-mode');
      expect(rendered, 'nothing but the (hidden with it) Test mode marker').to.have.length(0);
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
      // Written once its module (loaded after the first paint) has arrived.
      const script = await until(() => el.querySelector(':scope > script[type="application/ld+json"]'));
      const ld = JSON.parse(script!.textContent) as Record<string, unknown>;
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

  describe('actions', () => {
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
  });

  describe('security', () => {
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
          // The element's own links to similar vehicles (loaded after the details, so present or not
          // here depending on timing) are the only anchors it may draw: none comes from the API's text.
          expect(
            root.querySelectorAll(
              'script, svg:not([aria-hidden="true"]), b, a:not([part="similar-link"]), iframe, [onerror], [onload]',
            ),
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
        get: (path: string) => {
          calls.push(path);
          if (!/[0-9a-f-]{36}$/.test(path)) return Promise.reject(refuse(400));
          return Promise.resolve({ statusCode: 200, data: { id: path.split('/').pop(), slug: 'the-slug' } });
        },
        list: (path: string, q: { page: number }) => {
          calls.push(`${path}?page=${q.page}`);
          const data =
            q.page === 2
              ? [{ id: '11111111-2222-4333-8444-555555555555', slug: 'the-slug' }]
              : [{ id: '00000000-0000-4000-8000-000000000000', slug: 'other' }];
          return Promise.resolve({ statusCode: 200, data, totalPages: 3 });
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
