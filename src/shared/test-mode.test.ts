/// <reference types="mocha" />
import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import type { ListEnvelope, Vehicle } from '../api/types.js';
import { ELEMENT_MODULES } from '../elements.js';
import { apiBase, until } from '../testing/browser.js';
import { api } from '../testing/listing.js';
import '../blog/carstrel-blog.js';
import '../brands/carstrel-brands.js';
import '../contact-form/carstrel-contact-form.js';
import '../favorites/carstrel-favorites.js';
import '../inventory/carstrel-inventory.js';
import '../login/carstrel-login.js';
import '../newsletter/carstrel-newsletter.js';
import '../payment-calculator/carstrel-payment-calculator.js';
import '../test-drive-form/carstrel-test-drive-form.js';
import '../trade-in/carstrel-trade-in.js';
import '../vehicle/carstrel-vehicle.js';

const PAGE_URL = location.href;

/** The element's marker (in its shadow root, or among its children for the light-DOM forms), once shown. */
const shownMarker = (el: Element) => {
  const m = (el.shadowRoot ?? el).querySelector('carstrel-test-mode');
  return m && !m.hidden ? m : null;
};

/** A proxy base that answers every request itself, with or without `X-CarStrel-Mode`. */
function fakeProxy(base: string, mode: string | null, seen: string[]): () => void {
  const original = window.fetch;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!url.startsWith(base)) return original(input, init);
    seen.push(`${init?.method ?? 'GET'} ${url.slice(base.length)}`);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (mode) headers['x-carstrel-mode'] = mode;
    const body = { statusCode: 200, message: 'ok', data: [], total: 0, page: 1, limit: 12, totalPages: 0 };
    return Promise.resolve(new Response(init?.method === 'HEAD' ? null : JSON.stringify(body), { headers }));
  };
  return () => (window.fetch = original);
}

describe('Test mode marker (every element)', () => {
  afterEach(() => history.replaceState(null, '', PAGE_URL));

  for (const tag of Object.keys(ELEMENT_MODULES)) {
    it(`<${tag}> shows a visible, accessible "Test mode" against a test-key proxy`, async () => {
      // A vehicle view needs a vehicle to show.
      const id =
        tag === 'carstrel-vehicle' ? (await api<ListEnvelope<Vehicle>>('/external/vehicles?limit=1')).data[0].id : '';
      const el = await fixture<HTMLElement>(`<${tag} api="${apiBase()}"${id ? ` vehicle-id="${id}"` : ''}></${tag}>`);
      const marker = (await until(() => shownMarker(el), 4000, 'the marker'))!;
      // Words, not a colour alone; before the element's own content, inside its box.
      expect(marker.shadowRoot!.textContent.trim()).to.equal('Test mode');
      if (el.shadowRoot) expect(el.shadowRoot.firstElementChild).to.equal(marker);
      else expect(marker.nextElementSibling, 'the form after the marker').not.to.equal(null);
      const pill = marker.shadowRoot!.querySelector('span')!.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      expect(pill.width).to.be.greaterThan(20);
      expect(pill.height).to.be.greaterThan(8);
      expect(pill.right).to.be.within(box.left, box.right + 0.5);
      expect(pill.top).to.be.within(box.top - 0.5, box.bottom);
      await expect(el).to.be.accessible();
      expect((el.shadowRoot ?? el).innerHTML).not.to.match(/sk_(test|live)_/);
    });
  }

  it('speaks the page language', async () => {
    const el = await fixture<HTMLElement>(
      html`<div lang="fr"><carstrel-newsletter api=${apiBase()}></carstrel-newsletter></div>`,
    );
    const news = el.querySelector('carstrel-newsletter')!;
    const marker = (await until(() => shownMarker(news), 4000, 'the marker'))!;
    expect(marker.shadowRoot!.textContent.trim()).to.equal('Mode test');
  });

  it('no marker for a live key, nor when the proxy does not say', async () => {
    for (const [base, mode] of [
      ['http://live.proxy.invalid', 'live'],
      ['http://silent.proxy.invalid', null],
    ] as const) {
      const seen: string[] = [];
      const restore = fakeProxy(base, mode, seen);
      try {
        const el = await fixture<HTMLElement>(html`<carstrel-newsletter api=${base}></carstrel-newsletter>`);
        // The form makes no request of its own: the element asks once (a HEAD of a reference list).
        await until(() => seen.length > 0, 3000, 'the mode probe');
        await new Promise((r) => setTimeout(r, 100));
        expect(seen).to.deep.equal(['HEAD /external/brands?limit=1']);
        expect(shownMarker(el), base).to.equal(null);
      } finally {
        restore();
      }
    }
  });
});
