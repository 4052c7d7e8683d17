/// <reference types="mocha" />
/**
 * The vehicle's photo gallery and its full-screen view: keyboard, swipes, focus, and photos that
 * fail to load.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Vehicle } from '../api/types.js';
import { $, $$, apiBase, faults, resetSandbox, until } from '../testing/browser.js';
import { editVehicleDetail, listVehicles, shown } from '../testing/listing.js';
import './carstrel-vehicle.js';
import type { CarstrelVehicle } from './carstrel-vehicle.js';

/** The test page's own URL (web-test-runner's session parameters must survive every test). */
const PAGE_URL = location.href;

const MISSING = () => `${apiBase()}/media/qa-missing-photo.jpg`;

describe('carstrel-vehicle gallery', () => {
  let sale: Vehicle;
  /** The first page of the seeded inventory. */
  let vehicles: Vehicle[];
  /** Undoes a test's edit of the API answers (`editVehicleDetail`). */
  let restore: (() => void) | undefined;

  before(async () => {
    await resetSandbox();
    [sale] = await listVehicles('listingType=sale&limit=1');
    vehicles = await listVehicles('limit=100&page=1');
  });
  beforeEach(() => resetSandbox());
  afterEach(async () => {
    restore?.();
    restore = undefined;
    history.replaceState(null, '', PAGE_URL);
    await faults({ latencyMs: 0, down: false, errorRate: 0 });
  });

  describe('keyboard and pointer', () => {
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

      const third = $$<HTMLButtonElement>(el, '[part="thumbnail"]')[2];
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

    it('keyboard: the thumbnails are one Tab stop (arrows move between them), so the call to action is near', async () => {
      const v = vehicles.find((x) => (x.media ?? []).length > 3)!;
      const el = await fixture<CarstrelVehicle>(
        html`<carstrel-vehicle api=${apiBase()} vehicle-id=${v.id}></carstrel-vehicle>`,
      );
      await shown(el);
      const thumbs = $$<HTMLButtonElement>(el, '[part="thumbnail"]');
      expect(thumbs.length).to.be.greaterThan(3);
      expect(thumbs.map((t) => t.tabIndex)).to.deep.equal(thumbs.map((_, i) => (i === 0 ? 0 : -1)));

      $<HTMLButtonElement>(el, '.full')!.focus();
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(thumbs[0]);
      await sendKeys({ press: 'ArrowRight' });
      await until(
        () => el.shadowRoot!.activeElement === $$(el, '[part="thumbnail"]')[1],
        2000,
        'focus on the second thumbnail',
      );
      expect($<HTMLImageElement>(el, '[part="gallery-image"]')!.alt).to.match(/^Photo 2 of/);
      await sendKeys({ press: 'End' });
      await until(
        () => el.shadowRoot!.activeElement === $$(el, '[part="thumbnail"]').at(-1),
        2000,
        'focus on the last thumbnail',
      );
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal($(el, '[part="cta"]'));
      await expect(el).to.be.accessible();
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

    it('in the full-screen view a phone swipe changes the photo too', async () => {
      const v = vehicles.find((x) => (x.media ?? []).length > 2)!;
      const el = await fixture<CarstrelVehicle>(
        html`<carstrel-vehicle api=${apiBase()} vehicle-id=${v.id}></carstrel-vehicle>`,
      );
      await shown(el);
      $<HTMLButtonElement>(el, '.full')!.click();
      const dialog = $<HTMLDialogElement>(el, 'dialog')!;
      const image = dialog.querySelector('img')!;
      const pointer = (type: string, x: number) =>
        image.dispatchEvent(
          new PointerEvent(type, { clientX: x, clientY: 300, bubbles: true, composed: true, pointerType: 'touch' }),
        );
      expect(image.alt).to.match(/^Photo 1 of/);
      pointer('pointerdown', 300);
      pointer('pointerup', 120);
      await el.updateComplete;
      expect(image.alt).to.match(/^Photo 2 of/);
      pointer('pointerdown', 100);
      pointer('pointerup', 300);
      await el.updateComplete;
      expect(image.alt).to.match(/^Photo 1 of/);
      expect(dialog.open).to.equal(true);
      dialog.close();
    });

    it('the full-screen view moves focus to its close button, and renders no autofocus attribute (no console notice on load)', async () => {
      const v = vehicles.find((x) => (x.media ?? []).length > 1)!;
      const el = await fixture<CarstrelVehicle>(
        html`<carstrel-vehicle api=${apiBase()} vehicle-id=${v.id}></carstrel-vehicle>`,
      );
      await shown(el);
      expect($$(el, '[autofocus]')).to.have.length(0);
      $<HTMLButtonElement>(el, '.full')!.click();
      const dialog = $<HTMLDialogElement>(el, 'dialog')!;
      expect(dialog.open).to.equal(true);
      expect(el.shadowRoot!.activeElement).to.equal(dialog.querySelector('.close'));
      dialog.close();
    });
  });

  describe('photos that fail to load', () => {
    it('a photo that fails to load leaves the gallery (no broken-image icon): the next photo is shown', async () => {
      const v = vehicles.find((x) => (x.media ?? []).filter((m) => /^https?:/.test(m.url)).length >= 3)!;
      restore = editVehicleDetail((d) => {
        const featured = d.media.find((m) => m.isFeatured) ?? d.media[0];
        featured.url = MISSING();
      });
      const el = await fixture<CarstrelVehicle>(
        html`<carstrel-vehicle api=${apiBase()} vehicle-id=${v.id}></carstrel-vehicle>`,
      );
      await shown(el);
      const photos = (v.media ?? []).filter((m) => /^https?:/.test(m.url) && (m.type ?? 'photo') === 'photo').length;
      await until(
        () => $<HTMLImageElement>(el, '[part="gallery-image"]')?.src !== MISSING(),
        5000,
        'the broken photo to leave the gallery',
      );
      await el.updateComplete;
      expect($$<HTMLImageElement>(el, 'img').map((i) => i.src)).not.to.include(MISSING());
      expect($(el, '[part="gallery-image"]')!.getAttribute('alt')).to.equal(`Photo 1 of ${photos - 1}`);
      await expect(el).to.be.accessible();
    });

    it('when no photo loads, the gallery says "No photo available" instead of a broken image', async () => {
      restore = editVehicleDetail((d) => {
        d.media = d.media.slice(0, 2).map((m, i) => ({ ...m, url: `${MISSING()}?n=${i}` }));
      });
      const el = await fixture<CarstrelVehicle>(
        html`<carstrel-vehicle api=${apiBase()} vehicle-id=${vehicles[1].id}></carstrel-vehicle>`,
      );
      await shown(el);
      await until(() => $(el, '.stage.empty'), 5000, 'the empty gallery');
      expect($(el, '.stage.empty')!.textContent.trim()).to.equal('No photo available');
      expect($(el, '[part="gallery-image"]')).to.equal(null);
      await expect(el).to.be.accessible();
    });
  });
});
