/// <reference types="mocha" />
/**
 * The "Save" toggle on inventory cards: a `<button aria-pressed>` named "Save" above the card's
 * stretched link, saved in the page's favourites (localStorage), listed by `carstrel-favorites`,
 * kept across a reload, used with the keyboard, and never a detail request (an impression).
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../favorites/carstrel-favorites.js';
import type { CarstrelFavorites } from '../favorites/carstrel-favorites.js';
import { STORAGE_KEY, createFavoritesStore, favoritesStore } from '../favorites/store.js';
import type { CarstrelFavoritesChangeEvent } from '../shared/events.js';
import { $$, apiBase, journal, resetSandbox, until } from '../testing/browser.js';
import { cards, settled } from '../testing/listing.js';
import './carstrel-inventory.js';
import type { CarstrelInventory } from './carstrel-inventory.js';

const toggles = (el: CarstrelInventory) => $$<HTMLButtonElement>(el, 'li[part~="card"] button[part="save-toggle"]');

/** Every URL the widgets fetch, passed through to the real proxy. */
function recordUrls() {
  const urls: URL[] = [];
  const original = window.fetch;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    urls.push(new URL(input instanceof Request ? input.url : String(input), location.href));
    return original(input, init);
  };
  return { urls, restore: () => (window.fetch = original) };
}

describe('carstrel-inventory: the Save toggle on cards', () => {
  let recorder: ReturnType<typeof recordUrls>;
  beforeEach(async () => {
    await resetSandbox();
    favoritesStore().clear();
    recorder = recordUrls();
  });
  afterEach(() => {
    recorder.restore();
    favoritesStore().clear();
  });

  it('each card has a "Save" button (aria-pressed) described by its vehicle name, above the card link', async () => {
    const el = await fixture<CarstrelInventory>(
      html`<carstrel-inventory api=${apiBase()} page-size="4" filters="none"></carstrel-inventory>`,
    );
    await settled(el);
    const buttons = toggles(el);
    expect(buttons).to.have.length(cards(el).length);
    const [first] = buttons;
    expect(first.textContent.trim()).to.equal('Save');
    expect(first.getAttribute('aria-pressed')).to.equal('false');
    // Its styles came with its code (not in the page's first JavaScript): a round target of 2.75rem at least.
    expect(getComputedStyle(first).minHeight).to.equal('44px');
    expect(getComputedStyle(first).borderTopLeftRadius).to.equal('999px');
    const title = el.shadowRoot!.getElementById(first.getAttribute('aria-describedby')!)!;
    expect(title.textContent.trim()).to.equal(cards(el)[0].querySelector('a[part="card-link"]')!.textContent.trim());
    // The toggle is what a pointer at its centre hits, not the card's stretched link.
    const r = first.getBoundingClientRect();
    expect(el.shadowRoot!.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.closest('button')).to.equal(
      first,
    );
    await expect(el).to.be.accessible();
  });

  it('clicking saves without following the card link; the choice survives a reload and shows in carstrel-favorites', async () => {
    const changes: CarstrelFavoritesChangeEvent[] = [];
    const box = await fixture<HTMLElement>(
      html`<div>
        <carstrel-inventory
          api=${apiBase()}
          page-size="3"
          filters="none"
          @carstrel-favorites-change=${(e: CarstrelFavoritesChangeEvent) => changes.push(e)}
        ></carstrel-inventory>
        <carstrel-favorites api=${apiBase()}></carstrel-favorites>
      </div>`,
    );
    const el = box.querySelector('carstrel-inventory')!;
    await settled(el);
    const before = location.href;
    const link = cards(el)[1].querySelector<HTMLAnchorElement>('a[part="card-link"]')!;
    const id = link.dataset.vehicleId!;
    const name = link.textContent.trim();
    toggles(el)[1].click();
    await el.updateComplete;
    expect(location.href).to.equal(before);
    expect(toggles(el)[1].getAttribute('aria-pressed')).to.equal('true');
    expect(changes.map((e) => e.detail)).to.deep.equal([{ vehicleId: id, saved: true, ids: [id] }]);

    // Listed by carstrel-favorites on the same page.
    const favorites = box.querySelector<CarstrelFavorites>('carstrel-favorites')!;
    await until(() => $$(favorites, '[part="item"]').some((i) => i.textContent.includes(name)), 8000, 'the item');

    // A reload: a new store reads what was written, and a fresh inventory shows the card pressed.
    expect(
      createFavoritesStore(localStorage, undefined)
        .saved()
        .map((s) => s.id),
    ).to.deep.equal([id]);
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).saved[0]).to.include({ id, name });
    const again = await fixture<CarstrelInventory>(
      html`<carstrel-inventory api=${apiBase()} page-size="3" filters="none"></carstrel-inventory>`,
    );
    await settled(again);
    expect(toggles(again).map((b) => b.getAttribute('aria-pressed'))).to.deep.equal(['false', 'true', 'false']);
    await expect(again).to.be.accessible();

    // Removing it in carstrel-favorites un-presses the card.
    favoritesStore().remove(id);
    await again.updateComplete;
    expect(toggles(again)[1].getAttribute('aria-pressed')).to.equal('false');
  });

  it('works from the keyboard: Tab from a card link reaches its Save; Space and Enter toggle it', async () => {
    const el = await fixture<CarstrelInventory>(
      html`<carstrel-inventory api=${apiBase()} page-size="2" filters="none"></carstrel-inventory>`,
    );
    await settled(el);
    const root = el.shadowRoot!;
    root.querySelector<HTMLAnchorElement>('a[part="card-link"]')!.focus();
    await sendKeys({ press: 'Tab' });
    const toggle = toggles(el)[0];
    expect(root.activeElement).to.equal(toggle);
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    expect(favoritesStore().saved()).to.have.length(0);
  });

  it('saving asks for no vehicle detail and records no impression', async () => {
    const el = await fixture<CarstrelInventory>(
      html`<carstrel-inventory api=${apiBase()} page-size="4" filters="none"></carstrel-inventory>`,
    );
    await settled(el);
    for (const b of toggles(el)) b.click();
    await el.updateComplete;
    expect(favoritesStore().saved()).to.have.length(4);
    expect(recorder.urls.filter((u) => /^\/external\/vehicles\/[^/]+$/.test(u.pathname))).to.deep.equal([]);
    expect((await journal()).impressions).to.deep.equal({});
  });

  it('speaks French', async () => {
    const el = await fixture<CarstrelInventory>(
      html`<carstrel-inventory api=${apiBase()} page-size="1" filters="none" lang="fr"></carstrel-inventory>`,
    );
    await settled(el);
    expect(toggles(el)[0].textContent.trim()).to.equal('Enregistrer');
  });
});
