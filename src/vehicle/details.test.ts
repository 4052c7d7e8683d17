/// <reference types="mocha" />
/**
 * The vehicle's details: specifications, features, description and pickup, price blocks per
 * listing type and locale, status, enum values in the shopper's language, long names.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { Vehicle } from '../api/types.js';
import { $, $$, apiBase, faults, resetSandbox, until } from '../testing/browser.js';
import { editVehicleDetail, listVehicles, shown } from '../testing/listing.js';
import './carstrel-vehicle.js';
import type { CarstrelVehicle } from './carstrel-vehicle.js';

/** The test page's own URL (web-test-runner's session parameters must survive every test). */
const PAGE_URL = location.href;

/** The value shown for a specification label (e.g. "Transmission"). */
function spec(el: CarstrelVehicle, label: string): string | undefined {
  const row = $$(el, '[part="specs"] > div').find((d) => d.querySelector('dt')?.textContent?.trim() === label);
  return row?.querySelector('dd')?.textContent?.trim();
}

describe('carstrel-vehicle details', () => {
  let sale: Vehicle;
  let rental: Vehicle;
  let auction: Vehicle;
  /** The first page of the seeded inventory. */
  let vehicles: Vehicle[];
  /** Undoes a test's edit of the API answers (`editVehicleDetail`). */
  let restore: (() => void) | undefined;

  before(async () => {
    await resetSandbox();
    [sale] = await listVehicles('listingType=sale&limit=1');
    [rental] = await listVehicles('listingType=rental&limit=1');
    [auction] = await listVehicles('listingType=auction&limit=1');
    vehicles = await listVehicles('limit=100&page=1');
  });
  beforeEach(() => resetSandbox());
  afterEach(async () => {
    restore?.();
    restore = undefined;
    history.replaceState(null, '', PAGE_URL);
    await faults({ latencyMs: 0, down: false, errorRate: 0 });
  });

  it('shows specs, features by group, description as text, pickup and the brand logo', async () => {
    const el = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${sale.id}></carstrel-vehicle>`,
    );
    await shown(el);
    const specs = Object.fromEntries(
      $$(el, '[part="specs"] div').map((d) => [
        d.querySelector('dt')!.textContent,
        d.querySelector('dd')!.textContent.trim(),
      ]),
    );
    expect(specs.Year).to.equal(String(sale.year));
    expect(specs['Exterior colour']).to.equal(sale.exteriorColor);
    expect(specs.Brand).to.equal(sale.model.brand.name);
    expect(specs['Body type']).to.equal(sale.model.bodyType!.name);
    expect(specs.Drivetrain).to.equal(sale.drivetrain);
    expect($(el, '[part="brand-logo"]')!.getAttribute('src')).to.match(/^https?:\/\//);
    const groups = $$(el, '.group h4').map((h) => h.textContent);
    expect(groups).to.include('Safety');
    expect($(el, '[part="description"]')!.textContent).to.equal(sale.description);
    expect($(el, '[part="pickup"]')!.textContent).to.contain(sale.pickupDetails!.locationName!);
  });

  it('price blocks per listing type, in two locales', async () => {
    const en = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${rental.id} locale="en-US"></carstrel-vehicle>`,
    );
    await shown(en);
    const rentalLines = $$(en, '[part="price"] p').map((p) => p.textContent);
    expect(rentalLines[0]).to.match(/^\$[\d,]+ \/ day$/);
    expect(rentalLines.some((l) => /^Deposit \$/.test(l))).to.equal(true);

    const fr = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${auction.id} lang="fr" locale="fr-FR"></carstrel-vehicle>`,
    );
    await shown(fr);
    const auctionLines = $$(fr, '[part="price"] p').map((p) => p.textContent.replace(/[\u202f\u00a0]/g, ' '));
    expect(auctionLines[0]).to.match(/^(Enchère actuelle|Mise à prix) [\d ]+ \$US$/);
    expect(auctionLines.some((l) => /^(Se termine le|Enchère terminée le) /.test(l))).to.equal(true);
    expect(auctionLines.some((l) => /^Prix de réserve (non )?atteint$/.test(l))).to.equal(true);
    expect($(fr, '[part="cta"]')!.textContent).to.equal('Réserver un essai');
  });

  it('a sold vehicle says so, and its JSON-LD offer is SoldOut', async () => {
    restore = editVehicleDetail((v) => {
      v.status = 'sold';
    });
    const el = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${sale.id}></carstrel-vehicle>`,
    );
    await shown(el);
    expect($(el, '[part~="badge-status"]')!.textContent).to.equal('Sold');
    const script = await until(() => el.querySelector('script[type="application/ld+json"]'));
    const ld = JSON.parse(script!.textContent) as {
      offers: { availability: string };
    };
    expect(ld.offers.availability).to.equal('https://schema.org/SoldOut');
    await expect(el).to.be.accessible();
  });

  it('fuel and gearbox enums are shown in the shopper\'s language ("CVT" not "Cvt"; French "Essence", "Automatique")', async () => {
    const cvt = vehicles.find((v) => v.engine?.transmission?.toLowerCase() === 'cvt');
    const petrolAutomatic = vehicles.find(
      (v) => v.engine?.type?.toLowerCase() === 'petrol' && v.engine?.transmission?.toLowerCase() === 'automatic',
    );
    expect(cvt, 'a seeded vehicle with a CVT gearbox').not.to.equal(undefined);
    expect(petrolAutomatic, 'a seeded petrol automatic').not.to.equal(undefined);

    const en = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${cvt!.id} lang="en"></carstrel-vehicle>`,
    );
    await shown(en);
    expect(spec(en, 'Transmission')).to.equal('CVT');

    const fr = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${petrolAutomatic!.id} lang="fr"></carstrel-vehicle>`,
    );
    await shown(fr);
    expect(spec(fr, 'Carburant')).to.equal('Essence');
    expect(spec(fr, 'Boîte de vitesses')).to.equal('Automatique');
    await expect(fr).to.be.accessible();
  });

  it('an enum value the catalogue does not know is still shown readable', async () => {
    restore = editVehicleDetail((v) => {
      v.engine = { ...(v.engine ?? {}), type: 'HYDROGEN_FUEL_CELL' } as Vehicle['engine'];
    });
    const el = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${vehicles[0].id} lang="en"></carstrel-vehicle>`,
    );
    await shown(el);
    expect(spec(el, 'Fuel')).to.equal('Hydrogen fuel cell');
  });

  it('a very long unbroken vehicle name wraps on a phone-width page instead of widening it', async () => {
    const longWord = 'VolkswagenTransporterKombiLongWheelbaseHighRoofEdition2000';
    restore = editVehicleDetail((d) => {
      d.name = `2021 ${longWord}`;
      d.exteriorColor = longWord;
    });
    const box = await fixture<HTMLElement>(
      html`<x-phone style="display: block; width: 320px"
        ><carstrel-vehicle api=${apiBase()} vehicle-id=${vehicles[2].id}></carstrel-vehicle
      ></x-phone>`,
    );
    const el = box.querySelector<CarstrelVehicle>('carstrel-vehicle')!;
    await shown(el);
    const title = $(el, '[part="title"]')!;
    expect(title.textContent).to.include(longWord);
    expect(title.scrollWidth, 'title fits its box').to.be.at.most(title.clientWidth);
    expect($(el, '.layout')!.scrollWidth, 'view fits 320px').to.be.at.most(320);
    expect(el.getBoundingClientRect().width).to.be.at.most(320);
  });
});
