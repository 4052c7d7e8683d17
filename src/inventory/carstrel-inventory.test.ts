/// <reference types="mocha" />
/**
 * carstrel-inventory as a whole: its loading, results, empty and error states, its landmarks,
 * and everything from the API rendered as text. Filters, cards, pagination and the URL have
 * their own test files beside their code.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { Vehicle } from '../api/types.js';
import { $, $$, apiBase, faults, resetSandbox, until } from '../testing/browser.js';
import { attributesContaining, cards, recordRequests, settled, titles } from '../testing/listing.js';
import './carstrel-inventory.js';
import type { CarstrelInventory } from './carstrel-inventory.js';

/** The test page's own URL (web-test-runner's session parameters must survive every test). */
const PAGE_URL = location.href;

describe('carstrel-inventory', () => {
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
      const img = cards(el)[0].querySelector('img')!;
      expect(img.getAttribute('loading')).to.equal('eager'); // first row: see cards.test.ts
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
      expect(slot.assignedElements()[0].textContent).to.equal('Nothing here yet, call us.');
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
      expect(error.querySelector('p')!.textContent.length).to.be.greaterThan(10);
      expect(errors).to.have.length(1);
      expect((errors[0].detail as { status: number }).status).to.be.at.least(500);
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

    it('an unknown brand slug is an error that tells the editor what to fix', async () => {
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} brand="no-such-brand" filters="none"></carstrel-inventory>`,
      );
      await settled(el);
      expect($(el, '[part="error"]')!.textContent).to.contain('No brand "no-such-brand"');
      expect($(el, '[part="retry-button"]')).to.equal(null);
      expect(recorder!.vehicleLists()).to.have.length(0);
    });

    it('a typo in a number attribute (page-size="six", min-year="soon") falls back to the default, one list request, no loop', async () => {
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory
          api=${apiBase()}
          page-size="six"
          min-year="soon"
          filters="none"
          url-state="off"
        ></carstrel-inventory>`,
      );
      await settled(el);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(cards(el)).to.have.length(12);
      expect(recorder!.vehicleLists()).to.have.length(1);
      await expect(el).to.be.accessible();
    });
  });

  describe('landmarks', () => {
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
      await settled(rentals);
      await settled(auctions);
      const names = (el: CarstrelInventory) => [
        $(el, 'form[role="search"]')!.getAttribute('aria-label'),
        $(el, 'nav')!.getAttribute('aria-label'),
      ];
      expect(names(rentals)).to.deep.equal(['Cars for rent: Filter vehicles', 'Cars for rent: Result pages']);
      expect(names(auctions)).to.deep.equal(['Live auctions: Filter vehicles', 'Live auctions: Result pages']);
      await expect(wrap).to.be.accessible();

      // Without a label the names stay the plain ones (a single inventory needs none).
      const single = await fixture<CarstrelInventory>(
        html`<carstrel-inventory api=${apiBase()} page-size="2" filters="sort" url-state="off"></carstrel-inventory>`,
      );
      await settled(single);
      expect(names(single)).to.deep.equal(['Filter vehicles', 'Result pages']);
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
        // No markup from the API (the Save toggle's own icon aside).
        const injected = [...root.querySelectorAll('.grid script, .grid svg, .grid b')].filter(
          (n) => !n.closest('[part="save-toggle"]'),
        );
        expect(injected).to.have.length(0);
        for (const img of root.querySelectorAll('img')) expect(img.getAttribute('src')).to.match(/^https?:\/\//);
        expect(attributesContaining(root, 'javascript:')).to.deep.equal([]);
        const ld = (await until(() => el.querySelector('script[type="application/ld+json"]'), 5000, 'the JSON-LD'))!
          .textContent;
        expect(ld).to.not.contain('<');
        expect(ld).to.not.contain('javascript:');
        await new Promise((r) => setTimeout(r, 100));
        expect(alerts).to.deep.equal([]);
      } finally {
        window.alert = original;
      }
    });
  });
});
