/// <reference types="mocha" />
/**
 * The inventory's page navigation: the page window, keyboard use and focus, narrow containers,
 * and a page past the end.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { $, apiBase, faults, resetSandbox, until } from '../testing/browser.js';
import { cards, settled } from '../testing/listing.js';
import './carstrel-inventory.js';
import type { CarstrelInventory } from './carstrel-inventory.js';
import { pageWindow } from './pagination.js';

/** The test page's own URL (web-test-runner's session parameters must survive every test). */
const PAGE_URL = location.href;

const visible = (node: Element | null | undefined) => !!node && getComputedStyle(node).display !== 'none';

describe('carstrel-inventory pagination', () => {
  beforeEach(async () => {
    await resetSandbox();
  });
  afterEach(async () => {
    history.replaceState(null, '', PAGE_URL);
    await faults({ latencyMs: 0, down: false, errorRate: 0 });
  });

  it('pageWindow shows the first, last and neighbouring pages with gaps', () => {
    expect(pageWindow(1, 1)).to.deep.equal([1]);
    expect(pageWindow(1, 4)).to.deep.equal([1, 2, 3, 4]);
    expect(pageWindow(6, 20)).to.deep.equal([1, 0, 4, 5, 6, 7, 8, 0, 20]);
    expect(pageWindow(20, 20)).to.deep.equal([1, 0, 18, 19, 20]);
  });

  it('filters and pagination work with the keyboard alone', async () => {
    const el = await fixture<CarstrelInventory>(
      html`<carstrel-inventory api=${apiBase()} page-size="3" filters="listing-type"></carstrel-inventory>`,
    );
    await settled(el);
    el.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.id).to.equal('f-listing-type');
    await sendKeys({ press: 'ArrowDown' });
    await until(
      () => new URL(location.href).searchParams.get('listing-type') === 'sale',
      4000,
      'listing type chosen by keyboard',
    );
    await settled(el);

    const next = $<HTMLButtonElement>(el, 'button.next')!;
    // Tab through the cards to the pagination, as a keyboard user would.
    for (let i = 0; i < 20 && el.shadowRoot!.activeElement !== next; i++) await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(next);
    await sendKeys({ press: 'Enter' });
    await until(() => new URL(location.href).searchParams.get('page') === '2', 4000, 'page 2');
    await settled(el);
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part="count"]'));
    expect($(el, 'nav [aria-current="page"]')!.textContent.trim()).to.equal('2');
  });

  it('narrow pagination (phone, sidebar) shows "‹ Page 1 of N ›", not a lone "1 …"', async () => {
    const narrow = await fixture<HTMLElement>(
      html`<x-sidebar style="display: block; width: 320px"
        ><carstrel-inventory api=${apiBase()} page-size="2" filters="none" url-state="off"></carstrel-inventory
      ></x-sidebar>`,
    );
    const el = narrow.querySelector<CarstrelInventory>('carstrel-inventory')!;
    await settled(el);
    const nav = $(el, '[part="pagination"]')!;
    const pages = Number(/of (\d+)/.exec($(el, '[part="count"]')!.textContent)![1]);
    expect(pages).to.be.greaterThan(3);
    expect(visible(nav.querySelector('.position'))).to.equal(true);
    expect(nav.querySelector('.position')!.textContent.trim()).to.equal(`Page 1 of ${pages}`);
    expect([...nav.querySelectorAll('.gap')].filter(visible)).to.have.length(0);
    const shownButtons = [...nav.querySelectorAll<HTMLButtonElement>('button')].filter(visible);
    expect(shownButtons.map((b) => b.getAttribute('aria-label'))).to.deep.equal(['Previous page', 'Next page']);
    for (const b of shownButtons) expect(b.getBoundingClientRect().height).to.be.at.least(24);
    await expect(el).to.be.accessible();

    const wide = await fixture<HTMLElement>(
      html`<x-main style="display: block; width: 1000px"
        ><carstrel-inventory api=${apiBase()} page-size="2" filters="none" url-state="off"></carstrel-inventory
      ></x-main>`,
    );
    const full = wide.querySelector<CarstrelInventory>('carstrel-inventory')!;
    await settled(full);
    const fullNav = $(full, '[part="pagination"]')!;
    expect(visible(fullNav.querySelector('.position'))).to.equal(false);
    expect(visible(fullNav.querySelector('[aria-current="page"]'))).to.equal(true);
  });

  it('a page past the end (an old shared link) offers the last page', async () => {
    history.replaceState(null, '', `${PAGE_URL}${PAGE_URL.includes('?') ? '&' : '?'}page=999`);
    const el = await fixture<CarstrelInventory>(
      html`<carstrel-inventory
        api=${apiBase()}
        filters="none"
        page-size="50"
        listing-type="auction"
      ></carstrel-inventory>`,
    );
    await settled(el);
    const text = $(el, '[part="empty"] p')!.textContent;
    const last = Number(/page (\d+)\.$/.exec(text)![1]);
    expect(text).to.contain('There is no page 999');
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[part="empty"] button')!.click();
    await until(() => cards(el).length > 0, 8000, 'the last page');
    expect(new URL(location.href).searchParams.get('page')).to.equal(String(last));
  });
});
