/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { until } from '../testing/browser.js';
import { SaveToggleController, saveToggleStyles } from './save-toggle.js';
import { createFavoritesStore, favoritesStore, MAX_VIEWED, STORAGE_KEY } from './store.js';

/** A Storage in memory (the interface localStorage implements). */
class MemoryStorage implements Storage {
  private map = new Map<string, string>();
  failWrites = false;
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  setItem(k: string, v: string) {
    if (this.failWrites) throw new DOMException('quota', 'QuotaExceededError');
    this.map.set(k, v);
  }
}

const car = (n: number, modelId = `m${n}`) => ({
  id: `id-${n}`,
  name: `Car ${n}`,
  slug: `car-${n}`,
  model: { id: modelId },
});

describe('favourites store', () => {
  it('saves, toggles and removes, newest first, and a new store on the same storage reads them back (a reload)', () => {
    const storage = new MemoryStorage();
    const store = createFavoritesStore(storage, undefined);
    store.save(car(1));
    store.save(car(2));
    store.save(car(1)); // already saved: no duplicate
    expect(store.saved().map((e) => e.id)).to.deep.equal(['id-2', 'id-1']);
    expect(store.toggle(car(3))).to.equal(true);
    expect(store.toggle(car(2))).to.equal(false);
    expect(store.isSaved('id-2')).to.equal(false);
    const reloaded = createFavoritesStore(storage, undefined);
    expect(reloaded.saved().map((e) => [e.id, e.name, e.slug, e.modelId])).to.deep.equal([
      ['id-3', 'Car 3', 'car-3', 'm3'],
      ['id-1', 'Car 1', 'car-1', 'm1'],
    ]);
    reloaded.remove('id-1');
    expect(
      createFavoritesStore(storage, undefined)
        .saved()
        .map((e) => e.id),
    ).to.deep.equal(['id-3']);
  });

  it('keeps recently viewed vehicles, most recent first, without duplicates, at most MAX_VIEWED', () => {
    const store = createFavoritesStore(new MemoryStorage(), undefined);
    for (let i = 0; i < MAX_VIEWED + 3; i++) store.recordView(car(i));
    store.recordView(car(5));
    const ids = store.viewed().map((e) => e.id);
    expect(ids).to.have.length(MAX_VIEWED);
    expect(ids[0]).to.equal('id-5');
    expect(new Set(ids).size).to.equal(ids.length);
    store.clear();
    expect(store.viewed()).to.deep.equal([]);
    expect(store.saved()).to.deep.equal([]);
  });

  it('reads junk in storage as nothing saved, and works in memory when storage refuses writes', () => {
    const storage = new MemoryStorage();
    storage.setItem(
      STORAGE_KEY,
      '{"saved": [1, {"id": 7}, {"name": "no id"}, {"id": "ok", "name": "Fine"}], "viewed": "x"}',
    );
    const store = createFavoritesStore(storage, undefined);
    expect(store.saved().map((e) => e.id)).to.deep.equal(['ok']);
    storage.setItem(STORAGE_KEY, 'not json');
    expect(createFavoritesStore(storage, undefined).saved()).to.deep.equal([]);
    storage.failWrites = true;
    const full = createFavoritesStore(storage, undefined);
    full.save(car(9));
    expect(full.isSaved('id-9')).to.equal(true);
  });

  it('follows another tab: a change to localStorage from another document reaches subscribers', async () => {
    localStorage.removeItem(STORAGE_KEY);
    const store = createFavoritesStore(localStorage, window);
    let calls = 0;
    const stop = store.subscribe(() => calls++);
    const frame = await fixture<HTMLIFrameElement>(html`<iframe title="another tab" src="about:blank"></iframe>`);
    try {
      // The iframe is another document of the same origin: its write fires `storage` here, as another tab's does.
      frame.contentWindow!.localStorage.setItem(
        STORAGE_KEY,
        JSON.stringify({ saved: [{ id: 'from-other-tab', name: 'Other', at: '' }], viewed: [] }),
      );
      await until(() => calls > 0, 3000, 'the storage event');
      expect(store.saved().map((e) => e.id)).to.deep.equal(['from-other-tab']);
    } finally {
      stop();
      localStorage.removeItem(STORAGE_KEY);
    }
  });
});

class TestCard extends LitElement {
  static override styles = [saveToggleStyles];
  @property({ attribute: 'vehicle-id' }) vehicleId = '';
  readonly saves = new SaveToggleController(this);
  override render() {
    return this.saves.render({ id: this.vehicleId, name: `Vehicle ${this.vehicleId}` });
  }
}
customElements.define('x-test-card', TestCard);

describe('SaveToggleController (the reusable "Save" toggle)', () => {
  beforeEach(() => favoritesStore().clear());
  after(() => favoritesStore().clear());

  it('is a <button aria-pressed> named "Save"; toggling it updates every toggle of the same vehicle and fires carstrel-favorites-change', async () => {
    const root = await fixture<HTMLElement>(
      html`<div>
        <x-test-card vehicle-id="v1"></x-test-card><x-test-card vehicle-id="v1"></x-test-card
        ><x-test-card vehicle-id="v2"></x-test-card>
      </div>`,
    );
    const cards = [...root.querySelectorAll<TestCard>('x-test-card')];
    const button = (c: TestCard) => c.shadowRoot!.querySelector('button')!;
    expect(button(cards[0]).getAttribute('aria-pressed')).to.equal('false');
    expect(button(cards[0]).textContent.trim()).to.equal('Save');
    expect(button(cards[0]).hasAttribute('aria-label')).to.equal(false);
    const changes: Array<{ vehicleId: string; saved: boolean; ids: string[] }> = [];
    root.addEventListener('carstrel-favorites-change', (e) => changes.push(e.detail));
    button(cards[0]).click();
    await Promise.all(cards.map((c) => c.updateComplete));
    expect(cards.map((c) => button(c).getAttribute('aria-pressed'))).to.deep.equal(['true', 'true', 'false']);
    expect(button(cards[1]).textContent.trim()).to.equal('Save');
    expect(changes).to.deep.equal([{ vehicleId: 'v1', saved: true, ids: ['v1'] }]);
    await expect(cards[0]).to.be.accessible();
    button(cards[1]).click();
    await Promise.all(cards.map((c) => c.updateComplete));
    expect(button(cards[0]).getAttribute('aria-pressed')).to.equal('false');
    expect(changes.at(-1)).to.deep.equal({ vehicleId: 'v1', saved: false, ids: [] });
  });
});
