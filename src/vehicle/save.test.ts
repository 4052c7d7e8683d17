/// <reference types="mocha" />
/**
 * The vehicle page's "Save" toggle and "Recently viewed": the shown vehicle joins the page's
 * favourites (localStorage) with one detail request, the one impression of the view.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Vehicle } from '../api/types.js';
import '../favorites/carstrel-favorites.js';
import { createFavoritesStore, favoritesStore } from '../favorites/store.js';
import { $, $$, apiBase, journal, resetSandbox, until } from '../testing/browser.js';
import { listVehicles, shown } from '../testing/listing.js';
import './carstrel-vehicle.js';
import type { CarstrelVehicle } from './carstrel-vehicle.js';

const toggle = (el: CarstrelVehicle) => $<HTMLButtonElement>(el, 'button[part="save-toggle"]')!;

describe('carstrel-vehicle: Save and Recently viewed', () => {
  let vehicles: Vehicle[];
  before(async () => {
    await resetSandbox();
    vehicles = await listVehicles('listingType=sale&limit=3');
  });
  beforeEach(async () => {
    await resetSandbox();
    favoritesStore().clear();
  });
  after(() => favoritesStore().clear());

  it('a "Save" toggle described by the title saves the vehicle; one impression for the view', async () => {
    const [v] = vehicles;
    const el = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${v.id}></carstrel-vehicle>`,
    );
    await shown(el);
    const button = toggle(el);
    expect(button.textContent.trim()).to.equal('Save');
    expect(button.getAttribute('aria-pressed')).to.equal('false');
    expect(el.shadowRoot!.getElementById(button.getAttribute('aria-describedby')!)!.textContent).to.equal(v.name);
    await expect(el).to.be.accessible();
    button.click();
    await el.updateComplete;
    expect(button.getAttribute('aria-pressed')).to.equal('true');
    expect(
      createFavoritesStore(localStorage, undefined)
        .saved()
        .map((s) => s.id),
    ).to.deep.equal([v.id]);
    await expect(el).to.be.accessible();
    expect((await journal()).impressions).to.deep.equal({ [v.id]: 1 });
  });

  it('from the keyboard: Tab from the call to action reaches Save, Space toggles it', async () => {
    const [v] = vehicles;
    const el = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${v.id}></carstrel-vehicle>`,
    );
    await shown(el);
    $<HTMLButtonElement>(el, '[part="cta"]')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(toggle(el));
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(favoritesStore().isSaved(v.id)).to.equal(true);
  });

  it('each vehicle shown joins "Recently viewed" (most recent first), listed by carstrel-favorites elsewhere', async () => {
    const [a, b] = vehicles;
    const el = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${a.id}></carstrel-vehicle>`,
    );
    await shown(el);
    el.vehicleId = b.id;
    await until(() => $(el, '[part="title"]')?.textContent === b.name, 8000, 'the second vehicle');
    expect(
      favoritesStore()
        .viewed()
        .map((e) => e.id),
    ).to.deep.equal([b.id, a.id]);
    // Another page of the site (no carstrel-vehicle on it) lists them.
    el.remove();
    const favorites = await fixture(html`<carstrel-favorites api=${apiBase()}></carstrel-favorites>`);
    await until(() => $$(favorites, '[part="recent"] li').length === 2, 8000, 'the recently viewed list');
    expect($$(favorites, '[part="recent"] li')[0].textContent).to.contain(b.name);
    expect((await journal()).impressions).to.deep.equal({ [a.id]: 1, [b.id]: 1 });
  });
});
