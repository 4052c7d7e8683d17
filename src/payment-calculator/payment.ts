/**
 * The monthly payment of a standard amortised loan:
 *
 *   M = P · r / (1 − (1 + r)^−n)
 *
 * with P the amount borrowed (price − down payment), r the monthly rate (annual percentage rate
 * / 1200) and n the number of monthly payments. At a rate of 0 the formula is 0/0; the limit is
 * P / n, which is returned exactly. `1 − (1 + r)^−n` is computed as `−expm1(−n · log1p(r))`, which
 * keeps full precision for the tiny rates where the naive form loses digits.
 *
 * Pure functions, no DOM: the inventory card and the vehicle page can import `monthlyPayment` to
 * show "from $X/month".
 */

export interface LoanInput {
  price: number;
  downPayment: number;
  /** Annual percentage rate, e.g. 6.9 for 6.9 %. */
  rate: number;
  /** Number of monthly payments. */
  term: number;
}

export interface Estimate {
  /** Amount borrowed: price − down payment. */
  principal: number;
  monthly: number;
  /** Sum of all payments. */
  total: number;
  /** Total − principal. */
  interest: number;
}

/** Why an input cannot give an estimate (a message key of the calculator). */
export type LoanProblem = 'price' | 'downPayment' | 'downPaymentTooHigh' | 'rate' | 'term';

/** Largest term accepted, in months (50 years), and highest rate, in percent. */
export const MAX_TERM = 600;
export const MAX_RATE = 100;

export function monthlyPayment(principal: number, annualRatePercent: number, months: number): number {
  const r = annualRatePercent / 1200;
  if (r === 0) return principal / months;
  return (principal * r) / -Math.expm1(-months * Math.log1p(r));
}

/** The first problem of an input, or `undefined` when it gives an estimate. */
export function problemOf(input: LoanInput): LoanProblem | undefined {
  const finite = (x: number) => typeof x === 'number' && Number.isFinite(x);
  if (!finite(input.price) || input.price <= 0) return 'price';
  if (!finite(input.downPayment) || input.downPayment < 0) return 'downPayment';
  if (input.downPayment >= input.price) return 'downPaymentTooHigh';
  if (!finite(input.rate) || input.rate < 0 || input.rate > MAX_RATE) return 'rate';
  if (!Number.isInteger(input.term) || input.term < 1 || input.term > MAX_TERM) return 'term';
  return undefined;
}

/** The estimate of a valid input (see `problemOf`), else `undefined`. */
export function estimate(input: LoanInput): Estimate | undefined {
  if (problemOf(input)) return undefined;
  const principal = input.price - input.downPayment;
  const monthly = monthlyPayment(principal, input.rate, input.term);
  const total = monthly * input.term;
  return { principal, monthly, total, interest: total - principal };
}
