/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CarstrelPaymentChangeEvent } from '../shared/events.js';
import { apiBase, faults, journal, resetSandbox, until, $ } from '../testing/browser.js';
import { watchFetch } from '../testing/fetch-stub.js';
import { listVehicles } from '../testing/listing.js';
import '../vehicle/carstrel-vehicle.js';
import './carstrel-payment-calculator.js';
import type { CarstrelPaymentCalculator } from './carstrel-payment-calculator.js';

const monthly = (el: CarstrelPaymentCalculator) => $(el, '[part="monthly"]')?.textContent?.trim();
const status = (el: CarstrelPaymentCalculator) => $(el, '[role="status"]')!.textContent.replace(/\s+/g, ' ').trim();

/** The control a visible label names (the way a user finds it). */
function control<T extends HTMLElement = HTMLInputElement>(el: CarstrelPaymentCalculator, label: RegExp): T {
  const l = [...el.shadowRoot!.querySelectorAll('label')].find((x) => label.test(x.textContent));
  if (!l) throw new Error(`no label ${label}`);
  return el.shadowRoot!.getElementById(l.htmlFor) as T;
}

/** Replaces a field's text by typing, as a keyboard user does. */
async function typeInto(input: HTMLInputElement, text: string): Promise<void> {
  input.focus();
  input.select();
  await sendKeys({ press: 'Backspace' });
  if (text) await sendKeys({ type: text });
}

describe('carstrel-payment-calculator', () => {
  beforeEach(() => resetSandbox());
  afterEach(() => faults({ latencyMs: 0, down: false, errorRate: 0 }));

  it('shows the monthly payment for the dealer’s attributes, with labelled inputs, a status and a disclaimer', async () => {
    const el = await fixture<CarstrelPaymentCalculator>(
      html`<carstrel-payment-calculator
        price="25000"
        down-payment="5000"
        rate="6"
        term="60"
        currency="USD"
      ></carstrel-payment-calculator>`,
    );
    expect(monthly(el)).to.equal('$386.66');
    expect(status(el)).to.contain('Estimated payment: $386.66 per month');
    expect($(el, '[part="breakdown"]')!.textContent).to.match(
      /60 payments · borrowed \$20,000 · total interest \$3,199\.36/,
    );
    expect($(el, '[part="price"]')!.textContent).to.contain('$25,000');
    expect(control(el, /Down payment/).value).to.equal('5000');
    expect(control(el, /Interest rate/).value).to.equal('6');
    expect(control<HTMLSelectElement>(el, /Term/).value).to.equal('60');
    expect($(el, '[part="result"]')!.getAttribute('role')).to.equal('status');
    expect($(el, '[part="disclaimer"]')!.textContent).to.match(/estimate, not an offer of credit/);
    expect($(el, '[part="base"]')!.getAttribute('aria-label')).to.equal('Payment estimate');
    await expect(el).to.be.accessible();
  });

  it('keyboard journey: the shopper changes down payment, term and rate; each change updates the estimate and fires carstrel-payment-change', async () => {
    const changes: CarstrelPaymentChangeEvent[] = [];
    const el = await fixture<CarstrelPaymentCalculator>(
      html`<carstrel-payment-calculator
        price="30000"
        rate="6"
        term="60"
        @carstrel-payment-change=${(e: CarstrelPaymentChangeEvent) => changes.push(e)}
      ></carstrel-payment-calculator>`,
    );
    await typeInto(control(el, /Down payment/), '10000');
    await el.updateComplete;
    expect(monthly(el)).to.equal('$386.66'); // 20,000 at 6 % over 60 months
    const term = control<HTMLSelectElement>(el, /Term/);
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(term);
    await sendKeys({ press: 'ArrowUp' }); // 60 → 48 months
    await el.updateComplete;
    expect(term.value).to.equal('48');
    expect(monthly(el)).to.equal('$469.70');
    await sendKeys({ press: 'Tab' });
    const rate = control(el, /Interest rate/);
    expect(el.shadowRoot!.activeElement).to.equal(rate);
    await typeInto(rate, '0');
    await el.updateComplete;
    expect(monthly(el)).to.equal('$416.67'); // exactly 20,000 / 48
    const last = changes.at(-1)!;
    expect(last.detail).to.deep.include({ price: 30000, downPayment: 10000, rate: 0, term: 48, currency: 'USD' });
    expect(last.detail.monthly).to.equal(20000 / 48);
    expect(last.bubbles && last.composed).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('changing an attribute after the first render updates the visible estimate, and resets that field', async () => {
    const el = await fixture<CarstrelPaymentCalculator>(
      html`<carstrel-payment-calculator price="24000" rate="5" term="48"></carstrel-payment-calculator>`,
    );
    const before = monthly(el);
    el.setAttribute('rate', '0');
    await el.updateComplete;
    expect(monthly(el)).to.equal('$500.00');
    expect(monthly(el)).to.not.equal(before);
    await typeInto(control(el, /Down payment/), '4000');
    await el.updateComplete;
    expect(monthly(el)).to.equal('$416.67');
    el.setAttribute('down-payment', '12000');
    await el.updateComplete;
    expect(control(el, /Down payment/).value).to.equal('12000');
    expect(monthly(el)).to.equal('$250.00');
    el.price = 48000;
    el.term = 24;
    await el.updateComplete;
    expect(monthly(el)).to.equal('$1,500.00');
    expect($(el, '[part="price"]')!.textContent).to.contain('$48,000');
  });

  it('error state: a down payment at or above the price is refused on the field and in the status, accessible', async () => {
    const el = await fixture<CarstrelPaymentCalculator>(
      html`<carstrel-payment-calculator price="15000"></carstrel-payment-calculator>`,
    );
    const down = control(el, /Down payment/);
    await typeInto(down, '15000');
    await el.updateComplete;
    expect(monthly(el)).to.equal(undefined);
    expect(status(el)).to.equal('The down payment must be less than the price.');
    expect(down.getAttribute('aria-invalid')).to.equal('true');
    expect(down.getAttribute('aria-describedby')).to.equal('result');
    await expect(el).to.be.accessible();
  });

  describe('following the page’s carstrel-vehicle', () => {
    it('loading then loaded: takes the vehicle’s sale price from its event, with exactly one detail request', async () => {
      const [sale] = await listVehicles('listingType=sale&limit=1&sort=price&order=asc');
      await faults({ latencyMs: 800 });
      const net = watchFetch();
      try {
        const root = await fixture<HTMLElement>(
          html`<div>
            <carstrel-vehicle api=${apiBase()} vehicle-id=${sale.id}></carstrel-vehicle>
            <carstrel-payment-calculator rate="0" term="10"></carstrel-payment-calculator>
          </div>`,
        );
        const el = root.querySelector('carstrel-payment-calculator')!;
        await el.updateComplete;
        expect(status(el)).to.equal('Loading the vehicle price…');
        await expect(el).to.be.accessible();
        await until(() => monthly(el), 8000, 'the estimate');
        const price = sale.saleOptions!.price;
        expect($(el, '[part="price"]')!.textContent).to.contain(sale.name);
        expect(monthly(el)).to.equal(
          new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' }).format(price / 10),
        );
        await expect(el).to.be.accessible();
        const details = net.urls.filter((u) => u.pathname.startsWith('/external/vehicles/'));
        expect(details.map((u) => u.pathname)).to.deep.equal([`/external/vehicles/${sale.id}`]);
        expect((await journal()).impressions[sale.id]).to.equal(1);
      } finally {
        net.restore();
      }
    });

    it('a calculator that connects after the vehicle loaded takes it too, without a request', async () => {
      const [sale] = await listVehicles('listingType=sale&limit=1&page=2');
      const root = await fixture<HTMLElement>(
        html`<div><carstrel-vehicle api=${apiBase()} vehicle-id=${sale.id}></carstrel-vehicle></div>`,
      );
      const vehicle = root.querySelector('carstrel-vehicle')!;
      await until(() => vehicle.shadowRoot!.querySelector('[part="gallery-image"], h2, h1'), 8000, 'the vehicle');
      const net = watchFetch();
      try {
        const el = document.createElement('carstrel-payment-calculator');
        el.setAttribute('rate', '0');
        el.setAttribute('term', '4');
        root.append(el);
        await el.updateComplete;
        const price = sale.saleOptions!.price;
        expect(monthly(el)).to.equal(
          new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' }).format(price / 4),
        );
        expect(net.urls).to.deep.equal([]);
        expect((await journal()).impressions[sale.id]).to.equal(1);
      } finally {
        net.restore();
      }
    });

    it('empty state: a rental has no sale price, so no estimate; accessible', async () => {
      const [rental] = await listVehicles('listingType=rental&limit=1');
      const root = await fixture<HTMLElement>(
        html`<div>
          <carstrel-vehicle api=${apiBase()} vehicle-id=${rental.id}></carstrel-vehicle>
          <carstrel-payment-calculator></carstrel-payment-calculator>
        </div>`,
      );
      const el = root.querySelector('carstrel-payment-calculator')!;
      await until(() => status(el).includes('no fixed sale price'), 8000, 'the empty state');
      expect($(el, 'input, select')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('error state: the vehicle could not be loaded; accessible', async () => {
      const root = await fixture<HTMLElement>(
        html`<div>
          <carstrel-vehicle api=${apiBase()} vehicle-id="00000000-0000-4000-8000-000000000000"></carstrel-vehicle>
          <carstrel-payment-calculator></carstrel-payment-calculator>
        </div>`,
      );
      const el = root.querySelector('carstrel-payment-calculator')!;
      await until(() => status(el).includes('could not be loaded'), 8000, 'the error state');
      await expect(el).to.be.accessible();
    });
  });

  it('without price or vehicle, the shopper types the price', async () => {
    const el = await fixture<CarstrelPaymentCalculator>(
      html`<carstrel-payment-calculator rate="0" term="12" currency="EUR"></carstrel-payment-calculator>`,
    );
    expect(status(el)).to.equal('Enter a price to see a monthly payment.');
    await expect(el).to.be.accessible();
    await typeInto(control(el, /Vehicle price \(EUR\)/), '12000');
    await el.updateComplete;
    expect(monthly(el)).to.equal('€1,000.00');
  });

  it('speaks French, with French number formats', async () => {
    const el = await fixture<CarstrelPaymentCalculator>(
      html`<carstrel-payment-calculator
        lang="fr"
        price="20000"
        rate="6"
        term="60"
        currency="EUR"
      ></carstrel-payment-calculator>`,
    );
    expect(monthly(el)!.replace(/\s/g, ' ')).to.equal('386,66 €');
    expect(status(el)).to.contain('Mensualité estimée');
    expect(control<HTMLSelectElement>(el, /Durée/).selectedOptions[0].textContent.trim()).to.equal('60 mois');
    expect($(el, '[part="disclaimer"]')!.textContent).to.contain('estimation');
  });

  it('on a dark page, text follows the page colour and stays legible (axe contrast)', async () => {
    const box = await fixture<HTMLElement>(
      html`<div style="background: #121417; color: rgb(235, 237, 240); padding: 1rem">
        <carstrel-payment-calculator price="20000"></carstrel-payment-calculator>
      </div>`,
    );
    const el = box.querySelector('carstrel-payment-calculator')!;
    await el.updateComplete;
    expect(getComputedStyle($(el, '[part="monthly"]')!).color).to.equal('rgb(235, 237, 240)');
    expect(getComputedStyle(control(el, /Down payment/)).color).to.equal('rgb(235, 237, 240)');
    await expect(box).to.be.accessible();
  });
});
