/// <reference types="mocha" />
/**
 * The inventory's interactive controls (filters' fields, page navigation) load after its first
 * render. Until they arrive (held back here with `holdControls`), the first paint has placeholders
 * of the same footprint: accessible, showing the values in effect; the real controls then swap in
 * with nothing moving, and what a shopper did on a placeholder (a press, focus) is not lost.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { $, $$, apiBase, resetSandbox, until } from '../testing/browser.js';
import { cards, choose, recordRequests, settled } from '../testing/listing.js';
import './carstrel-inventory.js';
import type { CarstrelInventory } from './carstrel-inventory.js';
import { holdControls } from './later.js';

/** A promise and its release. */
function held(): { promise: Promise<void>; release: () => void } {
  let release = () => {};
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

/** Placeholder fields' options carry no value; the real ones' all do. */
const placeholders = (el: CarstrelInventory) => $$(el, '.filters option:not([value])');

/** Where each filter field, the navigation and the text after the inventory are (CSS px). */
function layout(el: CarstrelInventory, after: Element) {
  return {
    fields: $$(el, '[part~="filter"]').map((f) => {
      const r = f.getBoundingClientRect();
      return [r.left, r.top, r.width, r.height];
    }),
    height: el.getBoundingClientRect().height,
    after: after.getBoundingClientRect().top,
  };
}

describe('carstrel-inventory: controls after the first render', () => {
  let recorder: ReturnType<typeof recordRequests> | undefined;
  beforeEach(async () => {
    await resetSandbox();
    recorder = recordRequests();
  });
  afterEach(() => recorder?.restore());

  it('placeholders show the values in effect, are accessible, and the real controls swap in without moving anything', async () => {
    const gate = held();
    holdControls(gate.promise);
    const page = await fixture<HTMLElement>(html`
      <div style="width: 900px">
        <carstrel-inventory
          api=${apiBase()}
          page-size="4"
          url-state="off"
          listing-type="sale"
          min-year="2015"
          sort="price"
          order="asc"
        ></carstrel-inventory>
        <p>Text after the inventory.</p>
      </div>
    `);
    const el = page.querySelector<CarstrelInventory>('carstrel-inventory')!;
    const after = page.querySelector('p')!;
    await until(() => cards(el).length === 4 && !$(el, '.grid .placeholder'), 8000, 'the cards');
    await el.updateComplete;

    expect(placeholders(el).length, 'one option per placeholder select').to.equal(5);
    expect($<HTMLSelectElement>(el, '#f-listing-type')!.selectedOptions[0].textContent.trim()).to.equal('For sale');
    expect($<HTMLSelectElement>(el, '#f-sort')!.selectedOptions[0].textContent.trim()).to.equal('Price: low to high');
    expect($<HTMLSelectElement>(el, '#f-model')!.disabled, 'no model without a brand').to.equal(true);
    expect($<HTMLInputElement>(el, 'input[name="min-year"]')!.value).to.equal('2015');
    expect($<HTMLInputElement>(el, 'input[name="min-year"]')!.readOnly).to.equal(true);
    expect($(el, '[part="pagination"]'), 'the navigation waits for its code').to.equal(null);
    expect($(el, '.results > .pagination-space'), 'its row is reserved').to.not.equal(null);
    await expect(el).to.be.accessible();
    const before = layout(el, after);

    gate.release();
    await settled(el);
    expect(placeholders(el)).to.have.length(0);
    expect($(el, '[part="pagination"]')).to.not.equal(null);
    expect($<HTMLSelectElement>(el, '#f-sort')!.value).to.equal('price:asc');
    expect($<HTMLInputElement>(el, 'input[name="min-year"]')!.readOnly).to.equal(false);
    expect(layout(el, after), 'nothing moved').to.deep.equal(before);
    expect(recorder!.vehicleLists(), 'one list request').to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('a press on a placeholder is replayed: its real control takes focus and works', async () => {
    const gate = held();
    holdControls(gate.promise);
    const el = await fixture<CarstrelInventory>(
      html`<carstrel-inventory api=${apiBase()} page-size="4" url-state="off" filters="sort"></carstrel-inventory>`,
    );
    await until(() => cards(el).length === 4, 8000, 'the cards');
    const placeholder = $<HTMLSelectElement>(el, '#f-sort')!;
    expect(placeholder.querySelector('option:not([value])'), 'a placeholder').to.not.equal(null);
    const press = new MouseEvent('mousedown', { bubbles: true, cancelable: true, composed: true });
    placeholder.dispatchEvent(press);
    expect(press.defaultPrevented, 'the placeholder does not open').to.equal(true);

    gate.release();
    await settled(el);
    const real = $<HTMLSelectElement>(el, '#f-sort')!;
    expect(real).to.not.equal(placeholder);
    expect(el.shadowRoot!.activeElement, 'the pressed control has focus').to.equal(real);
    await choose(el, '#f-sort', 'year:desc');
    await until(() => recorder!.vehicleLists().at(-1)!.searchParams.get('sort') === 'year', 8000, 'sorted by year');
  });

  it('focus on a placeholder moves to its real control, where typing works', async () => {
    const gate = held();
    holdControls(gate.promise);
    const el = await fixture<CarstrelInventory>(
      html`<carstrel-inventory api=${apiBase()} page-size="4" url-state="off" filters="year"></carstrel-inventory>`,
    );
    await until(() => cards(el).length === 4, 8000, 'the cards');
    const placeholder = $<HTMLInputElement>(el, 'input[name="min-year"]')!;
    expect(placeholder.readOnly).to.equal(true);
    placeholder.focus();
    const key = new KeyboardEvent('keydown', { key: '2', bubbles: true, cancelable: true, composed: true });
    placeholder.dispatchEvent(key);
    expect(key.defaultPrevented, 'keys wait for the real control').to.equal(true);
    const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true, composed: true });
    placeholder.dispatchEvent(tab);
    expect(tab.defaultPrevented, 'Tab moves on as usual').to.equal(false);

    gate.release();
    await settled(el);
    const real = $<HTMLInputElement>(el, 'input[name="min-year"]')!;
    expect(real.readOnly).to.equal(false);
    expect(el.shadowRoot!.activeElement, 'focus moved to the real control').to.equal(real);
    await sendKeys({ type: '2020' });
    await sendKeys({ press: 'Tab' });
    await until(
      () => recorder!.vehicleLists().at(-1)!.searchParams.get('minYear') === '2020',
      8000,
      'the typed year in the query',
    );
  });
  it('in a narrow container, a "Filters" disclosure opened before the fields arrive stays open around them', async () => {
    const gate = held();
    holdControls(gate.promise);
    const page = await fixture<HTMLElement>(html`
      <div style="width: 400px">
        <carstrel-inventory api=${apiBase()} page-size="2" url-state="off" filters="brand sort"></carstrel-inventory>
      </div>
    `);
    const el = page.querySelector<CarstrelInventory>('carstrel-inventory')!;
    await until(() => cards(el).length === 2 && $(el, 'details[part="filters-toggle"]'), 8000, 'a narrow inventory');
    const details = $<HTMLDetailsElement>(el, 'details[part="filters-toggle"]')!;
    details.querySelector('summary')!.click();
    expect(details.open).to.equal(true);
    expect(placeholders(el)).to.have.length(2);
    await expect(el).to.be.accessible();

    gate.release();
    await settled(el);
    expect($(el, 'details[part="filters-toggle"]'), 'the same disclosure').to.equal(details);
    expect(details.open, 'still open').to.equal(true);
    expect($$(el, '#f-sort option[value]').length).to.be.greaterThan(1);
  });
});
