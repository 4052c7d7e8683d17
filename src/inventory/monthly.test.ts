/// <reference types="mocha" />
/**
 * "From $X/month (estimate)" on inventory cards and the vehicle page when the dealer opts in
 * (`monthly-payment`): the terms attribute, the amount against the loan formula, sale listings
 * only, French, and nothing without the attribute.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { Vehicle } from '../api/types.js';
import { DEFAULT_TERMS, parseMonthlyTerms } from '../shared/monthly.js';
import { $, $$, apiBase, resetSandbox } from '../testing/browser.js';
import { cards, listVehicles, settled, shown } from '../testing/listing.js';
import '../vehicle/carstrel-vehicle.js';
import type { CarstrelVehicle } from '../vehicle/carstrel-vehicle.js';
import './carstrel-inventory.js';
import type { CarstrelInventory } from './carstrel-inventory.js';

/** The textbook formula, written out independently of `payment.ts`, rounded up to a whole unit. */
function expected(price: number, rate: number, months: number, down = 0): number {
  const p = price - down;
  const r = rate / 1200;
  return Math.ceil(r === 0 ? p / months : (p * r) / (1 - Math.pow(1 + r, -months)));
}

const usd = (n: number) => `$${n.toLocaleString('en-US')}`;
const lines = (el: CarstrelInventory) =>
  cards(el).map((c) => c.querySelector('[part="monthly-payment"]')?.textContent?.trim());

describe('monthly payment on cards and the vehicle page', () => {
  let sales: Vehicle[];
  before(async () => {
    await resetSandbox();
    sales = await listVehicles('listingType=sale&limit=3&sort=price&order=asc&page=4');
  });

  it('parses the terms attribute: defaults, each term, a percentage down payment, off', () => {
    expect(parseMonthlyTerms(undefined)).to.equal(undefined);
    expect(parseMonthlyTerms('off')).to.equal(undefined);
    expect(parseMonthlyTerms('')).to.deep.equal(DEFAULT_TERMS);
    expect(parseMonthlyTerms('rate=4.9 term=72 down=10%')).to.deep.equal({
      rate: 4.9,
      term: 72,
      down: 10,
      downIsPercent: true,
    });
    expect(parseMonthlyTerms('rate: 0; down: 2000')).to.deep.equal({
      rate: 0,
      term: 60,
      down: 2000,
      downIsPercent: false,
    });
    // Out-of-range terms keep the defaults.
    expect(parseMonthlyTerms('rate=400 term=0 down=150%')).to.deep.equal(DEFAULT_TERMS);
  });

  it('cards show no estimate unless the dealer opts in', async () => {
    const el = await fixture<CarstrelInventory>(
      html`<carstrel-inventory api=${apiBase()} listing-type="sale" page-size="3" filters="none"></carstrel-inventory>`,
    );
    await settled(el);
    expect(lines(el)).to.deep.equal([undefined, undefined, undefined]);
  });

  it('sale cards show "From $X/month (estimate)" with the default terms, and with the dealer\'s', async () => {
    const el = await fixture<CarstrelInventory>(
      html`<carstrel-inventory
        api=${apiBase()}
        listing-type="sale"
        sort="price"
        order="asc"
        page="4"
        page-size="3"
        filters="none"
        url-state="off"
        monthly-payment
        currency="USD"
        lang="en"
      ></carstrel-inventory>`,
    );
    await settled(el);
    const prices = sales.map((v) => v.saleOptions!.price);
    expect(lines(el)).to.deep.equal(prices.map((p) => `From ${usd(expected(p, 6.9, 60))}/month (estimate)`));
    el.monthlyPayment = 'rate=0 term=48 down=10%';
    await el.updateComplete;
    expect(lines(el)).to.deep.equal(prices.map((p) => `From ${usd(expected(p, 0, 48, p / 10))}/month (estimate)`));
    await expect(el).to.be.accessible();
  });

  it('rental and auction cards never show it', async () => {
    for (const type of ['rental', 'auction']) {
      const el = await fixture<CarstrelInventory>(
        html`<carstrel-inventory
          api=${apiBase()}
          listing-type=${type}
          page-size="3"
          filters="none"
          url-state="off"
          monthly-payment
        ></carstrel-inventory>`,
      );
      await settled(el);
      expect($$(el, '[part="monthly-payment"]')).to.have.length(0);
    }
  });

  it('the vehicle page adds it to the price block, in French too', async () => {
    const [v] = sales;
    const el = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle
        api=${apiBase()}
        vehicle-id=${v.id}
        monthly-payment="rate=5 term=36 down=1000"
        currency="USD"
      ></carstrel-vehicle>`,
    );
    await shown(el);
    const line = $(el, '[part="price"] [part="monthly-payment"]')!;
    expect(line.textContent).to.equal(`From ${usd(expected(v.saleOptions!.price, 5, 36, 1000))}/month (estimate)`);
    await expect(el).to.be.accessible();
    const fr = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${v.id} monthly-payment lang="fr"></carstrel-vehicle>`,
    );
    await shown(fr);
    expect($(fr, '[part="monthly-payment"]')!.textContent).to.match(/^À partir de .+\/mois \(estimation\)$/);
  });
});
