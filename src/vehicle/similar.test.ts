/// <reference types="mocha" />
/**
 * "Similar vehicles" on carstrel-vehicle: up to four others (same body type or brand, nearby
 * price, never the vehicle itself) from one list request; links that carry the other vehicle's id
 * and name; still exactly one impression per view; none for a one-off; `similar="off"`.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { Vehicle } from '../api/types.js';
import { headlinePrice } from '../shared/pricing.js';
import { $, $$, apiBase, journal, resetSandbox, until } from '../testing/browser.js';
import { listVehicles, recordRequests, shown } from '../testing/listing.js';
import './carstrel-vehicle.js';
import type { CarstrelVehicle } from './carstrel-vehicle.js';
import { pickSimilar } from './similar.js';

const PAGE_URL = location.href;
const ONE_OFF = 'koenigsegg-jesko-one-off';

const links = (el: CarstrelVehicle) => $$<HTMLAnchorElement>(el, '[part="similar-link"]');
const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

/** A vehicle as the list returns it, with only what `pickSimilar` reads. */
function fake(id: string, price: number, brand: string, body: string): Vehicle {
  return {
    id,
    slug: `slug-${id}`,
    name: `Car ${id}`,
    listingType: 'sale',
    saleOptions: { price, currency: 'USD' },
    model: { id: `m-${id}`, name: 'M', brand: { id: brand, name: brand }, bodyType: { id: body, name: body } },
  } as unknown as Vehicle;
}

describe('carstrel-vehicle: similar vehicles', () => {
  let all: Vehicle[];
  /** Sale vehicles from the middle of the price range (they have similar ones). */
  let mid: Vehicle;
  let upper: Vehicle;
  let recorder: ReturnType<typeof recordRequests>;

  before(async () => {
    await resetSandbox();
    all = [];
    for (let page = 1; page <= 10; page++) {
      const batch = await listVehicles(`limit=100&page=${page}`);
      all.push(...batch);
      if (batch.length < 100) break;
    }
    [mid] = await listVehicles('listingType=sale&limit=1&sort=price&order=asc&page=3');
    [upper] = await listVehicles('listingType=sale&limit=1&sort=price&order=asc&page=5');
  });
  beforeEach(async () => {
    await resetSandbox();
    recorder = recordRequests();
  });
  afterEach(() => {
    recorder.restore();
    history.replaceState(null, '', PAGE_URL);
  });

  it('pickSimilar: same body type or brand, within a factor of two of the price, nearest first, at most four, never itself', () => {
    const v = fake('v', 20000, 'toyota', 'suv');
    const picked = pickSimilar(v, [
      v,
      fake('far', 50000, 'toyota', 'suv'),
      fake('other', 21000, 'bmw', 'coupe'),
      fake('a', 24000, 'bmw', 'suv'),
      fake('b', 19000, 'toyota', 'sedan'),
      fake('c', 15000, 'kia', 'suv'),
      fake('d', 30000, 'toyota', 'van'),
      fake('e', 11000, 'toyota', 'van'),
    ]);
    expect(picked.map((p) => p.id)).to.deep.equal(['b', 'a', 'c', 'd']);
  });

  it('shows up to four other vehicles like this one, from one list request, with one impression for the view', async () => {
    const v = mid;
    const el = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${v.id}></carstrel-vehicle>`,
    );
    await shown(el);
    await until(() => links(el).length > 0, 8000, 'similar vehicles');
    const section = $(el, '[part="similar"]')!;
    expect(section.querySelector('h3')!.textContent).to.equal('Similar vehicles');
    const shownLinks = links(el);
    expect(shownLinks.length).to.be.within(1, 4);
    const price = headlinePrice(v)!;
    for (const a of shownLinks) {
      const id = new URL(a.href).searchParams.get('vehicle')!;
      expect(id).to.not.equal(v.id);
      const other = all.find((x) => x.id === id)!;
      expect(a.textContent.trim()).to.equal(other.name);
      expect(
        other.model?.bodyType?.id === v.model?.bodyType?.id || other.model?.brand?.id === v.model?.brand?.id,
      ).to.equal(true);
      expect(headlinePrice(other)! / price).to.be.within(0.5, 2);
      expect(other.listingType).to.equal(v.listingType);
    }
    expect(recorder.vehicleLists()).to.have.length(1);
    expect((await journal()).impressions).to.deep.equal({ [v.id]: 1 });
    await expect(el).to.be.accessible();
  });

  it('a similar link opens that vehicle in place: one impression per view, the list follows', async () => {
    const v = upper;
    history.replaceState(null, '', `${PAGE_URL}${PAGE_URL.includes('?') ? '&' : '?'}vehicle=${v.id}`);
    const el = await fixture<CarstrelVehicle>(html`<carstrel-vehicle api=${apiBase()}></carstrel-vehicle>`);
    await shown(el);
    await until(() => links(el).length > 0, 8000, 'similar vehicles');
    const first = links(el)[0];
    const otherId = first.dataset.vehicleId!;
    const otherName = first.textContent.trim();
    first.click();
    expect(new URL(location.href).searchParams.get('vehicle')).to.equal(otherId);
    await until(() => $(el, '[part="title"]')?.textContent === otherName, 8000, 'the other vehicle');
    await until(() => links(el).length > 0, 8000, 'its similar vehicles');
    expect(links(el).map((a) => a.dataset.vehicleId)).to.not.include(otherId);
    expect((await journal()).impressions).to.deep.equal({ [v.id]: 1, [otherId]: 1 });
    expect(recorder.vehicleLists()).to.have.length(2);
  });

  it('the one-off (nothing alike near its price) shows no similar vehicles', async () => {
    const el = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} slug=${ONE_OFF}></carstrel-vehicle>`,
    );
    await shown(el);
    await until(() => recorder.vehicleLists().length === 1, 8000, 'the similar request');
    await settle();
    expect($(el, '[part="similar"]')).to.equal(null);
    expect(Object.values((await journal()).impressions)).to.deep.equal([1]);
    await expect(el).to.be.accessible();
  });

  it('similar="off": no list, no request', async () => {
    const v = upper;
    const el = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${v.id} similar="off"></carstrel-vehicle>`,
    );
    await shown(el);
    await settle();
    expect($(el, '[part="similar"]')).to.equal(null);
    expect(recorder.vehicleLists()).to.have.length(0);
  });

  it('speaks French', async () => {
    const el = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${mid.id} lang="fr"></carstrel-vehicle>`,
    );
    await until(() => $(el, '[part="similar"] h3'), 8000, 'similar vehicles');
    expect($(el, '[part="similar"] h3')!.textContent).to.equal('Véhicules similaires');
  });
});
