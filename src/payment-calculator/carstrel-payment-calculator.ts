import { html, nothing, type PropertyValues, type TemplateResult, type PropertyDeclarations } from 'lit';
import type { Vehicle } from '../api/types.js';
import { CarstrelElement } from '../shared/carstrel-element.js';
import { defineElement } from '../shared/define.js';
import {
  CarstrelPaymentChangeEvent,
  CarstrelVehicleLoadedEvent,
  emit,
  lastLoadedVehicle,
  type CarstrelErrorEvent,
} from '../shared/events.js';
import { formatPrice, isAmount, safeCurrency, safeLocale } from '../shared/format.js';
import { pageTone } from '../shared/page-tone.js';
import { currencyOf } from '../shared/pricing.js';
import { rootReset } from '../shared/reset.js';
import { styles } from './carstrel-payment-calculator.styles.js';
import { paymentMessages } from './messages.js';
import { estimate, MAX_RATE, MAX_TERM, problemOf, type Estimate, type LoanInput, type LoanProblem } from './payment.js';

/** The fields a shopper edits; their text is kept as typed until the dealer changes the attribute. */
type Field = 'price' | 'downPayment' | 'rate' | 'term';

/** Where the price comes from, and what the calculator shows. */
type Source =
  | { kind: 'attribute'; price: number }
  | { kind: 'vehicle'; price: number; name: string }
  | { kind: 'no-sale-price'; name: string }
  | { kind: 'waiting' }
  | { kind: 'vehicle-error' }
  | { kind: 'manual' };

interface View {
  source: Source;
  input: LoanInput;
  currency: string;
  problem?: LoanProblem;
  estimate?: Estimate;
}

const TERMS = [12, 24, 36, 48, 60, 72, 84];

/** `''` (a cleared field) reads as 0 for the down payment and as missing for the others. */
function parse(text: string | undefined, fallback: number | undefined, emptyAs?: number): number {
  if (text === undefined) return fallback ?? Number.NaN;
  if (text.trim() === '') return emptyAs ?? Number.NaN;
  return Number(text);
}

/** Whether a `carstrel-vehicle` still shows `vehicle` (it may have moved on to another one). */
function shows(el: HTMLElement, vehicle: Vehicle): boolean {
  const key = (el as HTMLElement & { key?: unknown }).key;
  return typeof key !== 'string' || key === vehicle.id || key === vehicle.slug;
}

/**
 * @summary Monthly payment estimate of a car loan, for a `price` or the vehicle a
 * `carstrel-vehicle` on the page shows.
 *
 * The standard amortised loan: P·r / (1 − (1 + r)^−n) with P = price − down payment, r = annual
 * rate / 1200 and n = months (exactly P / n at a rate of 0). The dealer sets the defaults with
 * attributes; the shopper changes the down payment, term and rate, and the estimate is announced
 * politely. Without `price`, it follows the `carstrel-vehicle-loaded` event of the page's
 * `carstrel-vehicle` (no request of its own); with neither, the shopper types a price.
 *
 * @slot disclaimer - Replaces the default "this is an estimate" text (e.g. the dealer's own terms).
 *
 * @csspart base - The wrapper of everything.
 * @csspart price - The price the estimate is for.
 * @csspart field - A label with its input or select.
 * @csspart control - Each input and select.
 * @csspart result - The estimate (a polite live region).
 * @csspart monthly - The monthly amount.
 * @csspart breakdown - Number of payments, amount borrowed and total interest.
 * @csspart disclaimer - The disclaimer under the estimate.
 *
 * @cssproperty --carstrel-color-text - Text colour (default: the page's).
 * @cssproperty --carstrel-color-muted - Secondary text (default: the text colour, faded).
 * @cssproperty --carstrel-color-border - Borders (default: the text colour, faded).
 * @cssproperty --carstrel-radius-small - Corner radius of inputs.
 * @cssproperty --carstrel-font-family - Font (default: inherited from the page).
 *
 * @fires carstrel-payment-change - The shopper changed an input and the estimate changed
 *   (`detail: { price, downPayment, rate, term, monthly, currency }`).
 */
export class CarstrelPaymentCalculator extends CarstrelElement {
  static override styles = [...CarstrelElement.styles, rootReset, pageTone, styles];

  /** Its attributes and state, as a static table (not decorators: no page loads decorator code). */
  static override properties: PropertyDeclarations = {
    price: { type: Number },
    rate: { type: Number },
    term: { type: Number },
    downPayment: { attribute: 'down-payment', type: Number },
    currency: {},
    locale: {},
    label: {},
    edits: { state: true, attribute: false },
    pageVehicle: { state: true, attribute: false },
    vehicleFailed: { state: true, attribute: false },
  };

  /** Price of the vehicle. Without it: the vehicle a `carstrel-vehicle` on the page shows, else a price field. */
  price?: number;
  /** Annual percentage rate in percent (default 6.9); 0 for interest-free offers. */
  rate = 6.9;
  /** Term in months (default 60). */
  term = 60;
  /** Down payment (default 0). */
  downPayment = 0;
  /** ISO 4217 currency. Default: the vehicle's, else USD. */
  currency = '';
  /** Locale of amounts (BCP 47). Default: the element's language. */
  locale = '';
  /** Accessible name of the calculator (default "Payment estimate"). */
  label = '';

  /** What the shopper typed, per field, until the dealer changes that attribute. */
  private edits: Partial<Record<Field, string>> = {};
  private pageVehicle?: Vehicle;
  private vehicleFailed = false;

  /** Derived in `willUpdate`. */
  private view!: View;
  /** Set by an input handler: tell the page once the new estimate is rendered. */
  private changedByShopper = false;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener(CarstrelVehicleLoadedEvent.type, this.onVehicleLoaded);
    window.addEventListener('carstrel-error', this.onPageError);
    const shown = lastLoadedVehicle();
    if (shown && shows(shown.shownBy, shown.vehicle)) this.pageVehicle = shown.vehicle;
    if (document.querySelector('carstrel-vehicle')) {
      if (!customElements.get('carstrel-vehicle'))
        void customElements.whenDefined('carstrel-vehicle').then(() => this.requestUpdate());
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener(CarstrelVehicleLoadedEvent.type, this.onVehicleLoaded);
    window.removeEventListener('carstrel-error', this.onPageError);
  }

  private readonly onVehicleLoaded = (event: CarstrelVehicleLoadedEvent): void => {
    this.pageVehicle = event.detail.vehicle;
    this.vehicleFailed = false;
    const edits = { ...this.edits };
    delete edits.price; // the vehicle's price replaces one the shopper typed
    this.edits = edits;
  };

  private readonly onPageError = (event: CarstrelErrorEvent): void => {
    if ((event.target as Element | null)?.localName === 'carstrel-vehicle') this.vehicleFailed = true;
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    const reset = (['price', 'downPayment', 'rate', 'term'] as const).filter((f) => changed.has(f) && f in this.edits);
    if (reset.length) {
      const edits = { ...this.edits };
      for (const f of reset) delete edits[f];
      this.edits = edits;
    }
    const source = this.source();
    const e = this.edits;
    const price = source.kind === 'attribute' || source.kind === 'vehicle' ? source.price : parse(e.price, undefined);
    const input: LoanInput = {
      price,
      downPayment: parse(e.downPayment, this.downPayment ?? 0, 0),
      rate: parse(e.rate, this.rate),
      term: parse(e.term, this.term),
    };
    const ready = source.kind === 'attribute' || source.kind === 'vehicle' || source.kind === 'manual';
    const problem = ready ? problemOf(input) : undefined;
    this.view = {
      source,
      input,
      currency: this.currency
        ? safeCurrency(this.currency)
        : this.pageVehicle && source.kind === 'vehicle'
          ? currencyOf(this.pageVehicle)
          : 'USD',
      problem,
      estimate: ready && !problem ? estimate(input) : undefined,
    };
  }

  protected override updated(): void {
    if (!this.changedByShopper) return;
    this.changedByShopper = false;
    const { input, estimate: est, currency } = this.view;
    if (est) emit(this, new CarstrelPaymentChangeEvent({ ...input, monthly: est.monthly, currency }));
  }

  private source(): Source {
    if (this.price !== undefined && this.price !== null && !Number.isNaN(this.price))
      return { kind: 'attribute', price: this.price };
    const v = this.pageVehicle;
    if (v) {
      const sale = v.listingType === 'sale' ? v.saleOptions?.price : undefined;
      return isAmount(sale) ? { kind: 'vehicle', price: sale, name: v.name } : { kind: 'no-sale-price', name: v.name };
    }
    const el = document.querySelector('carstrel-vehicle');
    if (el) {
      if (this.vehicleFailed) return { kind: 'vehicle-error' };
      const key = (el as Element & { key?: unknown }).key;
      if (!customElements.get('carstrel-vehicle') || (typeof key === 'string' && key !== ''))
        return { kind: 'waiting' };
    }
    return { kind: 'manual' };
  }

  private get t() {
    return this.messages(paymentMessages);
  }

  private get numberLocale(): string {
    return safeLocale(this.locale || this.closest('[lang]')?.getAttribute('lang') || navigator.language);
  }

  /** An amount with the currency's usual decimals ($386.66, ¥38,666). */
  private money(amount: number): string {
    return new Intl.NumberFormat(this.numberLocale, { style: 'currency', currency: this.view.currency }).format(amount);
  }

  private onFieldInput(field: Field, e: Event): void {
    const value = (e.target as HTMLInputElement | HTMLSelectElement).value;
    this.edits = { ...this.edits, [field]: value };
    this.changedByShopper = true;
  }

  /** The text a field shows: what the shopper typed, else the dealer's default. */
  private text(field: Field, fallback: number | undefined): string {
    return this.edits[field] ?? (fallback === undefined || Number.isNaN(fallback) ? '' : String(fallback));
  }

  override render(): TemplateResult {
    const { source } = this.view;
    const t = this.t;
    const settled = source.kind === 'attribute' || source.kind === 'vehicle' || source.kind === 'manual';
    return html`<div part="base" class="carstrel-root calculator" role="group" aria-label=${this.label || t('label')}>
      ${this.renderPrice(source)} ${settled || source.kind === 'waiting' ? this.renderFields() : nothing}
      <div part="result" id="result" class="result" role="status">${this.renderResult()}</div>
      <p part="disclaimer" class="disclaimer muted"><slot name="disclaimer">${t('disclaimer')}</slot></p>
    </div>`;
  }

  private renderPrice(source: Source): TemplateResult | typeof nothing {
    const t = this.t;
    if (source.kind === 'attribute' || source.kind === 'vehicle') {
      const label = source.kind === 'vehicle' ? t('priceOf', { name: source.name }) : t('price');
      return html`<p part="price" class="price">
        <span class="muted">${label}</span>
        <strong>${formatPrice(source.price, this.view.currency, this.numberLocale)}</strong>
      </p>`;
    }
    if (source.kind !== 'manual') return nothing;
    return this.renderNumber('price', `${t('price')} (${this.view.currency})`, this.text('price', undefined), {
      min: 0,
    });
  }

  private renderFields(): TemplateResult {
    const t = this.t;
    const { input, currency } = this.view;
    const terms = [...new Set([...TERMS, input.term].filter((n) => Number.isInteger(n) && n >= 1 && n <= MAX_TERM))];
    terms.sort((a, b) => a - b);
    return html`<div class="fields">
      ${this.renderNumber(
        'downPayment',
        `${t('downPayment')} (${currency})`,
        this.text('downPayment', this.downPayment),
        {
          min: 0,
        },
      )}
      <div part="field" class="field">
        <label for="term">${t('term')}</label>
        <select
          part="control"
          id="term"
          aria-invalid=${this.view.problem === 'term' ? 'true' : 'false'}
          @change=${(e: Event) => this.onFieldInput('term', e)}
        >
          ${terms.map(
            (n) => html`<option value=${n} ?selected=${n === input.term}>${t('months', { count: n })}</option>`,
          )}
        </select>
      </div>
      ${this.renderNumber('rate', t('rate'), this.text('rate', this.rate), { min: 0, max: MAX_RATE })}
    </div>`;
  }

  private renderNumber(field: Field, label: string, value: string, limits: { min: number; max?: number }) {
    const problem = this.view.problem;
    const invalid =
      (field === 'downPayment' && (problem === 'downPayment' || problem === 'downPaymentTooHigh')) || field === problem;
    return html`<div part="field" class="field">
      <label for=${field}>${label}</label>
      <input
        part="control"
        id=${field}
        type="number"
        inputmode="decimal"
        step="any"
        min=${limits.min}
        max=${limits.max ?? nothing}
        .value=${value}
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${invalid ? 'result' : nothing}
        @input=${(e: Event) => this.onFieldInput(field, e)}
      />
    </div>`;
  }

  private renderResult(): TemplateResult | string {
    const t = this.t;
    const { source, problem, estimate: est, input } = this.view;
    if (source.kind === 'waiting') return t('waiting');
    if (source.kind === 'vehicle-error') return html`<p class="problem">${t('vehicleError')}</p>`;
    if (source.kind === 'no-sale-price') return t('noSalePrice');
    if (source.kind === 'manual' && problem === 'price') return t('noVehicle');
    if (problem || !est) return html`<p class="problem">${t(`problem.${problem ?? 'price'}`)}</p>`;
    const monthly = this.money(est.monthly);
    return html`<p class="visually-hidden">${t('result', { amount: monthly })}</p>
      <p class="figure" aria-hidden="true">
        <span part="monthly" class="monthly">${monthly}</span> <span class="unit">${t('perMonth')}</span>
      </p>
      <p part="breakdown" class="breakdown muted">
        ${t('breakdown', { count: input.term, principal: formatPrice(est.principal, this.view.currency, this.numberLocale), interest: this.money(est.interest) })}
      </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-payment-calculator': CarstrelPaymentCalculator;
  }
}

defineElement('carstrel-payment-calculator', CarstrelPaymentCalculator);
