/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { estimate, monthlyPayment, problemOf } from './payment.js';

const cents = (x: number) => Math.round(x * 100) / 100;

describe('monthly payment of an amortised loan', () => {
  // Worked examples from standard amortisation tables.
  const examples: Array<[principal: number, rate: number, months: number, monthly: number]> = [
    [20_000, 6, 60, 386.66],
    [10_000, 12, 12, 888.49],
    [200_000, 4.5, 360, 1013.37],
    [25_000, 3.9, 72, 389.99],
    [35_000, 7.49, 84, 536.67],
    [1_000, 18, 1, 1015.0],
  ];
  for (const [p, rate, n, expected] of examples) {
    it(`${p} at ${rate} % over ${n} months is ${expected} a month`, () => {
      expect(cents(monthlyPayment(p, rate, n))).to.equal(expected);
    });
  }

  it('is exact at a rate of 0: the price divided by the months', () => {
    expect(monthlyPayment(24_000, 0, 48)).to.equal(500);
    expect(monthlyPayment(25_000, 0, 48)).to.equal(25_000 / 48);
    expect(monthlyPayment(1, 0, 3)).to.equal(1 / 3);
  });

  it('tends to the rate-0 payment as the rate tends to 0 (no loss of precision for tiny rates)', () => {
    // To first order in r = rate / 1200, the payment is P/n · (1 + r (n + 1) / 2).
    for (const rate of [1e-3, 1e-6, 1e-9]) {
      const m = monthlyPayment(24_000, rate, 48);
      const firstOrder = (500 * ((rate / 1200) * 49)) / 2;
      expect(m - 500).to.be.closeTo(firstOrder, firstOrder * 1e-3);
    }
  });

  it('pays the loan off exactly: the balance after n payments is 0', () => {
    for (const [p, rate, n] of [
      [20_000, 6, 60],
      [31_500, 9.25, 84],
      [5_000, 0, 24],
    ] as const) {
      const m = monthlyPayment(p, rate, n);
      let balance = p;
      for (let i = 0; i < n; i++) balance = balance * (1 + rate / 1200) - m;
      expect(Math.abs(balance)).to.be.lessThan(1e-6);
    }
  });

  it('estimate: borrows price − down payment and totals the interest', () => {
    const e = estimate({ price: 25_000, downPayment: 5_000, rate: 6, term: 60 })!;
    expect(e.principal).to.equal(20_000);
    expect(cents(e.monthly)).to.equal(386.66);
    expect(cents(e.total)).to.equal(23_199.36);
    expect(cents(e.interest)).to.equal(3_199.36);
    const free = estimate({ price: 24_000, downPayment: 0, rate: 0, term: 48 })!;
    expect(free.interest).to.equal(0);
  });

  it('names the first problem of an input that gives no estimate', () => {
    const ok = { price: 20_000, downPayment: 0, rate: 5, term: 60 };
    expect(problemOf(ok)).to.equal(undefined);
    expect(problemOf({ ...ok, price: 0 })).to.equal('price');
    expect(problemOf({ ...ok, price: Number.NaN })).to.equal('price');
    expect(problemOf({ ...ok, downPayment: -1 })).to.equal('downPayment');
    expect(problemOf({ ...ok, downPayment: 20_000 })).to.equal('downPaymentTooHigh');
    expect(problemOf({ ...ok, rate: -0.5 })).to.equal('rate');
    expect(problemOf({ ...ok, rate: 101 })).to.equal('rate');
    expect(problemOf({ ...ok, term: 0 })).to.equal('term');
    expect(problemOf({ ...ok, term: 12.5 })).to.equal('term');
    expect(estimate({ ...ok, downPayment: 25_000 })).to.equal(undefined);
  });
});
