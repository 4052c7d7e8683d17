/**
 * carstrel-trade-in: the reference lists' own states — loading, could not be loaded (with "Try
 * again"), ready — each accessible. Its own file: a fresh page, where no list is cached yet.
 */
import { expect } from '@open-wc/testing';
import { resetSandbox, until } from '../testing/browser.js';
import { focused, mountForm, press } from '../testing/forms.js';
import { choicesLoaded, pick, select } from '../testing/trade-in.js';
import './carstrel-trade-in.js';

/** Lets the page's reference requests through only when told: refused, held, or passed. */
class ReferenceGate {
  mode: 'refuse' | 'hold' | 'pass' = 'pass';
  private release: () => void = () => {};
  private readonly held = new Promise<void>((resolve) => (this.release = resolve));
  private readonly original = window.fetch;
  private readonly realFetch = window.fetch.bind(window);

  constructor(private readonly path: RegExp) {
    window.fetch = async (url, init) => {
      if (this.path.test(new URL(String(url)).pathname)) {
        if (this.mode === 'refuse') throw new TypeError('Failed to fetch');
        if (this.mode === 'hold') await this.held;
      }
      return this.realFetch(url, init);
    };
  }

  open(): void {
    this.release();
  }

  restore(): void {
    window.fetch = this.original;
  }
}

describe('carstrel-trade-in: loading the reference lists', () => {
  beforeEach(async () => {
    sessionStorage.clear();
    await resetSandbox();
  });

  it('brands: could not be loaded (accessible, "Try again") → loading (accessible) → ready, focus back on Brand', async () => {
    const gate = new ReferenceGate(/^\/external\/brands$/);
    try {
      gate.mode = 'refuse';
      const el = await mountForm('carstrel-trade-in', 'brands');
      const alert = await until(() => el.querySelector('[role="alert"]'), 5000, 'the load error');
      expect(alert?.textContent).to.match(
        /The list of brands could not be loaded: The dealer service could not be reached/,
      );
      expect(select(el, 'brand').options[0]?.textContent).to.equal('Brands could not be loaded');
      await expect(el).to.be.accessible();

      gate.mode = 'hold';
      const retry = el.querySelector<HTMLButtonElement>('[part~="reload"]');
      retry?.focus();
      await press('Enter');
      await until(() => !el.querySelector('[role="alert"]'), 3000, 'the loading state');
      expect(select(el, 'brand').options[0]?.textContent).to.equal('Loading brands…');
      await expect(el).to.be.accessible();

      gate.open();
      await choicesLoaded(el, 'brand');
      await until(() => focused() === select(el, 'brand'), 3000, 'focus on Brand');
      expect(select(el, 'brand').options[0]?.textContent).to.equal('Choose a brand');
      await expect(el).to.be.accessible();
    } finally {
      gate.restore();
    }
  });

  it('models, generations and trims: loading, then could not be loaded, with "Try again"', async () => {
    const el = await mountForm('carstrel-trade-in', 'models');
    const gate = new ReferenceGate(/^\/external\/(brands\/[^/]+\/models|generations|trims)$/);
    try {
      gate.mode = 'hold';
      await pick(el, 'brand', 'Audi');
      await until(() => select(el, 'model').options[0]?.textContent === 'Loading models…', 3000, 'models loading');
      expect(select(el, 'model').disabled, 'the model select is usable while its list loads').to.equal(false);
      await expect(el).to.be.accessible();
      gate.mode = 'refuse';
      gate.open();
      await pick(el, 'brand', 'BMW');
      await until(() => el.querySelector('[role="alert"]')?.textContent?.includes('models'), 5000, 'the models error');
      await expect(el).to.be.accessible();

      gate.mode = 'pass';
      el.querySelector<HTMLButtonElement>('[part~="reload"]')?.click();
      await choicesLoaded(el, 'model');
      expect(el.querySelector('[role="alert"]')).to.equal(null);

      gate.mode = 'refuse';
      await pick(el, 'model', '');
      await until(() => el.querySelector('[role="alert"]')?.textContent?.includes('generations and trims'), 5000);
      expect(select(el, 'generation').disabled, 'optional: the form can still be sent').to.equal(true);
      await expect(el).to.be.accessible();
    } finally {
      gate.restore();
    }
  });
});
