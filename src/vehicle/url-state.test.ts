/// <reference types="mocha" />
/**
 * The vehicle view follows the page URL (`?vehicle=`, renamed by `url-param`): back/forward, a
 * selection in an inventory, and "Back to all vehicles" returning focus to the shopper's card.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { Vehicle } from '../api/types.js';
import '../inventory/carstrel-inventory.js';
import type { CarstrelInventory } from '../inventory/carstrel-inventory.js';
import { navigateWithinPage } from '../shared/url-state.js';
import { $, $$, apiBase, faults, journal, resetSandbox, until } from '../testing/browser.js';
import { listVehicles, shown, withParam } from '../testing/listing.js';
import './carstrel-vehicle.js';
import type { CarstrelVehicle } from './carstrel-vehicle.js';

/** The test page's own URL (web-test-runner's session parameters must survive every test). */
const PAGE_URL = location.href;

/** Impressions recorded by the sandbox for one vehicle since the last reset. */
async function impressions(id: string): Promise<number> {
  return (await journal()).impressions[id] ?? 0;
}

const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));

describe('carstrel-vehicle URL state', () => {
  let sale: Vehicle;
  let auction: Vehicle;

  before(async () => {
    await resetSandbox();
    [sale] = await listVehicles('listingType=sale&limit=1');
    [auction] = await listVehicles('listingType=auction&limit=1');
  });
  beforeEach(() => resetSandbox());
  afterEach(async () => {
    history.replaceState(null, '', PAGE_URL);
    await faults({ latencyMs: 0, down: false, errorRate: 0 });
  });

  it('follows ?vehicle= in the page URL, a selection in an inventory, and the back button', async () => {
    history.replaceState(null, '', withParam(PAGE_URL, 'vehicle', sale.id));
    const wrap = await fixture<HTMLDivElement>(
      html`<div>
        <carstrel-inventory api=${apiBase()} filters="none" page-size="2" listing-type="auction"></carstrel-inventory>
        <carstrel-vehicle api=${apiBase()}></carstrel-vehicle>
      </div>`,
    );
    const el = wrap.querySelector('carstrel-vehicle')!;
    const inventory = wrap.querySelector<CarstrelInventory>('carstrel-inventory')!;
    await shown(el);
    expect($(el, '[part="title"]')!.textContent).to.equal(sale.name);

    await until(() => $(inventory, 'a[part="card-link"]'), 8000, 'inventory cards');
    const link = $<HTMLAnchorElement>(inventory, 'a[part="card-link"]')!;
    const chosen = new URL(link.href).searchParams.get('vehicle')!;
    link.click();
    await until(() => $(el, '[part="title"]')?.textContent === link.textContent, 8000, 'the chosen vehicle');
    await until(() => el.shadowRoot!.activeElement === $(el, '[part="title"]'), 2000, 'focus on the vehicle title');

    history.back();
    await until(() => $(el, '[part="title"]')?.textContent === sale.name, 8000, 'the first vehicle again');
    $<HTMLButtonElement>(el, '[part="back-button"]')!.click();
    await el.updateComplete;
    expect(el.hidden).to.equal(true);
    expect(new URL(location.href).searchParams.get('vehicle')).to.equal(null);
    await settle();
    expect(await impressions(sale.id)).to.equal(2); // two views of it (initial, and after Back)
    expect(await impressions(chosen)).to.equal(1);
  });

  it('url-param renames the URL parameter', async () => {
    history.replaceState(null, '', withParam(PAGE_URL, 'car', auction.id));
    const el = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} url-param="car"></carstrel-vehicle>`,
    );
    await shown(el);
    expect($(el, '[part="title"]')!.textContent).to.equal(auction.name);
    navigateWithinPage(withParam(PAGE_URL, 'vehicle', sale.id));
    await settle();
    expect($(el, '[part="title"]')).to.equal(null);
    expect(el.hidden).to.equal(true);
  });

  it('"Back to all vehicles" returns focus to the card the shopper came from (not to the top of the page)', async () => {
    const page = await fixture<HTMLElement>(
      html`<div>
        <carstrel-vehicle api=${apiBase()}></carstrel-vehicle>
        <carstrel-inventory api=${apiBase()} page-size="4" filters="none"></carstrel-inventory>
      </div>`,
    );
    const inventory = page.querySelector<CarstrelInventory>('carstrel-inventory')!;
    const view = page.querySelector<CarstrelVehicle>('carstrel-vehicle')!;
    await until(() => $$(inventory, 'a[part~="card-link"]').length === 4, 8000, 'the cards');
    const chosen = $$<HTMLAnchorElement>(inventory, 'a[part~="card-link"]')[2];
    chosen.click();
    await shown(view);
    await until(() => view.shadowRoot!.activeElement === $(view, '.title'), 3000, 'focus on the vehicle title');

    $<HTMLButtonElement>(view, '[part="back-button"]')!.click();
    await until(() => view.hidden, 3000, 'the view to close');
    await until(() => document.activeElement === inventory, 3000, 'focus back in the inventory');
    expect(inventory.shadowRoot!.activeElement).to.equal(chosen);
    expect(new URL(location.href).searchParams.has('vehicle')).to.equal(false);
  });
});
