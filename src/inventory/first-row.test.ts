/// <reference types="mocha" />
/**
 * No long task on load: the inventory's first render of cards draws the first row, with
 * placeholders of a card's size for the others, which follow a task later. What a shopper can
 * observe is tested, not timing: the first row comes first, the rest follows, nothing on the page
 * moves in between, and one list request serves both.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { $, $$, apiBase, resetSandbox, until } from '../testing/browser.js';
import { cards, recordRequests, settled } from '../testing/listing.js';
import './carstrel-inventory.js';
import type { CarstrelInventory } from './carstrel-inventory.js';

/** What the shopper sees after each change of the inventory's shadow DOM. */
interface Snapshot {
  cards: number;
  placeholders: number;
  eager: number;
  /** Where the text after the inventory is, and the inventory's height (CSS px). */
  after: number;
  height: number;
}

/** An inventory without filters nor URL state, not on the page yet (once put there, it is upgraded at once). */
function inventory(attributes: Record<string, string>): CarstrelInventory {
  const el = document.createElement('carstrel-inventory');
  for (const [name, value] of Object.entries({ api: apiBase(), filters: 'none', 'url-state': 'off', ...attributes }))
    el.setAttribute(name, value);
  return el;
}

describe('carstrel-inventory first row first', () => {
  let recorder: ReturnType<typeof recordRequests> | undefined;
  beforeEach(async () => {
    await resetSandbox();
    recorder = recordRequests();
  });
  afterEach(() => recorder?.restore());

  it('draws the first row, then the other cards in their placeholders: nothing moves, one list request', async () => {
    // 800 px: three 15rem cards in a row. The inventory is put on the page by hand, so that every
    // change of its shadow DOM is seen from its first render on.
    const page = await fixture<HTMLElement>(html`<div style="width: 800px"><p>Text after the inventory.</p></div>`);
    const after = page.querySelector('p')!;
    const el = inventory({ 'page-size': '12' });
    after.before(el); // defined: upgraded now, its shadow root made on connection
    const snapshots: Snapshot[] = [];
    const snap = () =>
      snapshots.push({
        cards: cards(el).length,
        placeholders: $$(el, '.grid .placeholder').length,
        eager: $$(el, '[part~="card"] img[loading="eager"]').length,
        after: after.getBoundingClientRect().top,
        height: el.getBoundingClientRect().height,
      });
    new MutationObserver(snap).observe(el.shadowRoot!, { childList: true, subtree: true });

    await settled(el);
    await until(() => cards(el).length === 12, 5000, 'twelve cards');
    snap();

    const first = snapshots.find((s) => s.cards > 0)!;
    expect(first, JSON.stringify(snapshots)).to.include({ cards: 3, placeholders: 9, eager: 3 });
    const last = snapshots.at(-1)!;
    expect(last).to.include({ cards: 12, placeholders: 0, eager: 3 });
    for (const s of snapshots.slice(snapshots.indexOf(first))) {
      expect(s.after, 'the text after the inventory does not move').to.equal(last.after);
      expect(s.height, "the inventory's height does not change").to.equal(last.height);
    }
    expect(recorder!.vehicleLists()).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('placeholders are hidden from assistive technologies, and later pages are drawn whole', async () => {
    const page = await fixture<HTMLElement>(html`<div></div>`);
    const el = inventory({ 'page-size': '8' });
    page.append(el);
    const hidden: Array<string | null> = [];
    const observer = new MutationObserver(() => {
      for (const p of $$(el, '.grid .placeholder')) hidden.push(p.getAttribute('aria-hidden'));
    });
    observer.observe(el.shadowRoot!, { childList: true, subtree: true });
    await settled(el);
    await until(() => cards(el).length === 8, 5000, 'eight cards');
    expect(hidden).to.have.length.greaterThan(0);
    expect(new Set(hidden)).to.deep.equal(new Set(['true']));

    hidden.length = 0;
    $<HTMLButtonElement>(el, '[part~="page-button"][aria-label="Next page"]')!.click();
    await until(() => $(el, '[part="count"]')?.textContent?.includes('Page 2'), 5000, 'page 2');
    await until(() => cards(el).length === 8, 5000, 'eight cards of page 2');
    observer.disconnect();
    expect(hidden, 'no placeholder on page 2').to.have.length(0);
  });
});
