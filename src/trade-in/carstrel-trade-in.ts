import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyDeclarations } from 'lit';
import type { Brand, ContactResult, Generation, Model } from '../api/types.js';
import { CarstrelFormElement } from '../forms/carstrel-form-element.js';
import { focusAfterUpdate } from '../forms/focus.js';
import { FormController } from '../forms/form-controller.js';
import type { FieldSpec, Values } from '../forms/form-options.js';
import {
  fieldId,
  renderConsent,
  renderFailure,
  renderField,
  renderForm,
  renderHoneypot,
  renderLiveRegion,
  renderResult,
  renderSubmit,
} from '../forms/render.js';
import { defineElement } from '../shared/define.js';
import { loadErrorOf } from '../shared/load-error.js';
import { styles } from './carstrel-trade-in.styles.js';
import { tradeInMessages, type TradeInMessageKey } from './messages.js';
import { referenceFor, type Variants } from './reference.js';
import {
  carDescription,
  tradeInBody,
  tradeInFields,
  type CarChoices,
  type CarNames,
  type ChoiceList,
  type ChoiceStatus,
  type MileageUnit,
} from './trade-in-fields.js';

/** A brand's models, with the brand they were loaded for. */
interface ModelsOf {
  brandId: string;
  models: Model[];
}

/** A model's generations and trims, with the model they were loaded for. */
interface VariantsOf extends Variants {
  modelId: string;
}

type CarField = 'brand' | 'model' | 'generation';

/** Where a list stands for the current choice: loaded for it (`fresh`), failed, or on its way. */
function statusOf(task: Task<readonly unknown[], unknown>, wanted: boolean, fresh: boolean): ChoiceStatus {
  if (!wanted) return 'idle';
  if (fresh) return 'ready';
  return task.status === TaskStatus.ERROR ? 'error' : 'loading';
}

const asOption = (item: { id: string; name: string }) => ({ value: item.id, label: item.name });

/**
 * A trade-in lead: the shopper's car — brand, then model (`<select>`s; the models follow the
 * brand, loaded from `GET /external/brands/:id/models`), optional generation and trim (from the
 * reference lists), year, mileage and condition — and the shopper's name, email and phone. Sent
 * as a contact lead (`POST /external/contact/submit`, subject "Trade-in", the car described in
 * the message) with the same guarantees as every CarStrel form: validated before sending, an
 * `Idempotency-Key` per submission (reused on retry, even after a reload), queued by the proxy when
 * CarStrel is down (shown as received), and the draft kept in the tab until it is sent.
 * Renders into light DOM so browser autofill works (see `CarstrelFormElement`).
 *
 * Parts — the element renders in light DOM, so `::part()` does not apply: select them with
 * `carstrel-trade-in [part~="submit"]` in the page's CSS (a stable, documented styling API).
 *
 * @summary Trade-in request: the shopper's car (brand → model → generation → trim) and contact details.
 *
 * @slot - Content the dealer places inside the element (e.g. an introduction) stays above the form (light DOM: it is kept, not slotted).
 *
 * @attribute data-layer - Also push the element's events to `window.dataLayer` (Google Tag Manager).
 * @attribute consent - `required`: those pushes wait for the page's analytics consent (`carstrel-consent` event on `window` with `detail.analytics`, or `window.carstrelConsent = true`).
 *
 * @csspart form - The `<form>`.
 * @csspart car - The group of the car's brand, model, generation and trim.
 * @csspart field - A label, its control, hint and error.
 * @csspart label - A field's `<label>`.
 * @csspart input - A field's `<input>` or `<select>`.
 * @csspart select - A `<select>` (brand, model, generation, trim, condition).
 * @csspart hint - A field's help text.
 * @csspart error - A field's error message.
 * @csspart consent - The consent checkbox's field (with `consent-text`).
 * @csspart checkbox - The consent checkbox.
 * @csspart privacy - The privacy policy link (with `privacy-href`).
 * @csspart load-error - Why a list of brands, models, generations or trims could not be loaded.
 * @csspart reload - The "Try again" button of a list that could not be loaded.
 * @csspart submit - The submit button (also "Try again").
 * @csspart failure - Why the last submission failed.
 * @csspart result - The confirmation shown once sent or queued.
 * @csspart again - The "Send another" button in the confirmation.
 * @csspart reference - The reference id in the confirmation.
 *
 * @cssproperty --carstrel-color-primary - Submit button, links, the consent checkbox.
 * @cssproperty --carstrel-color-text - Text of the fields.
 * @cssproperty --carstrel-color-surface - Background of the fields.
 * @cssproperty --carstrel-color-border - Border of the fields.
 * @cssproperty --carstrel-color-danger - Field errors and failure notices.
 * @cssproperty --carstrel-color-success - Border of the confirmation.
 * @cssproperty --carstrel-radius - Corner radius of the confirmation.
 * @cssproperty --carstrel-font-family - Font (inherits from the page by default).
 *
 * @fires carstrel-lead-submitted - The trade-in lead was stored (`kind: 'trade-in'`, `queued: false`, `detail.reference` is its reference id) or queued by the proxy (`queued: true`).
 * @fires carstrel-form-error - The lead was refused or could not be sent; `detail.message` says why.
 */
export class CarstrelTradeIn extends CarstrelFormElement {
  static override formStyles = [styles];

  /** Reactive properties (a static table, not decorators: see CarstrelElement). */
  static override properties: PropertyDeclarations = {
    storageKey: { attribute: 'storage-key' },
    heading: {},
    mileageUnit: { attribute: 'mileage-unit' },
  };

  /** Key of the draft in session storage; set it when a page has several trade-in forms. */
  storageKey = '';

  /** A visible title above the form (none by default: the dealer's page usually has one). The form is labelled either way. */
  heading = '';

  /** Unit of the mileage the shopper gives: `km` (default) or `mi`. */
  mileageUnit: MileageUnit = 'km';

  /** The car named in the confirmation: the one the lead was sent for. */
  private sentCar = '';

  private readonly form: FormController<ContactResult> = new FormController<ContactResult>(this, {
    kind: 'trade-in',
    idempotent: true,
    fields: () => this.fields(),
    storageKey: () => this.draftKey(this.storageKey),
    t: () => this.formT,
    consent: () => this.consent(),
    precheck: (): string | undefined => (this.namesOf(this.form.values) ? undefined : this.t('noBrands')),
    send: async (values, idempotencyKey) => {
      const names = this.namesOf(values) ?? { brand: '', model: '' };
      this.sentCar = carDescription(values, names);
      const body = tradeInBody(values, names, this.t, this.unit);
      const res = await this.client.post<ContactResult>('/external/contact/submit', body, { idempotencyKey });
      return { queued: res.queued, result: res.queued ? undefined : res.body.data };
    },
    reference: (result) => result?.referenceId,
  });

  /** Every brand (declared after the form, so a restored draft's choices are checked against it). */
  private readonly brandList = new Task(this, {
    task: (): Promise<Brand[]> => this.reference.brands(),
    args: () => [this.client.base] as const,
    onComplete: (brands) => this.dropUnknown('brand', brands),
  });

  /** The chosen brand's models. */
  private readonly modelList = new Task(this, {
    task: async ([, brandId]: readonly [string, string]): Promise<ModelsOf> => ({
      brandId,
      models: brandId ? await this.reference.models(brandId) : [],
    }),
    args: () => [this.client.base, this.form.values.brand ?? ''] as const,
    onComplete: ({ models }) => this.dropUnknown('model', models),
  });

  /** The chosen model's generations and trims. */
  private readonly variantList = new Task(this, {
    task: async ([, modelId]: readonly [string, string]): Promise<VariantsOf> => ({
      modelId,
      ...(modelId ? await this.reference.variants(modelId) : { generations: [], trims: [] }),
    }),
    args: () => [this.client.base, this.form.values.model ?? ''] as const,
    onComplete: ({ generations, trims }) => {
      this.dropUnknown('generation', generations);
      this.dropUnknown('trim', trims);
    },
  });

  private get t() {
    return this.messages(tradeInMessages);
  }

  private get reference() {
    return referenceFor(this.client);
  }

  private get unit(): MileageUnit {
    return this.mileageUnit === 'mi' ? 'mi' : 'km';
  }

  /** The choices of the car's selects: only lists loaded for the current brand and model count. */
  private get choices(): CarChoices {
    const { brand = '', model = '' } = this.form.values;
    const brands = this.brandList.value;
    const models = this.modelList.value?.brandId === brand ? this.modelList.value : undefined;
    const variants = this.variantList.value?.modelId === model ? this.variantList.value : undefined;
    const variantStatus = statusOf(this.variantList, !!model, !!variants);
    const list = (status: ChoiceStatus, options: ChoiceList['options']): ChoiceList => ({ status, options });
    return {
      brands: list(statusOf(this.brandList, true, !!brands), (brands ?? []).map(asOption)),
      models: list(statusOf(this.modelList, !!brand, !!models), (models?.models ?? []).map(asOption)),
      generations: list(
        variantStatus,
        (variants?.generations ?? []).map((g) => this.generationOption(g)),
      ),
      trims: list(variantStatus, (variants?.trims ?? []).map(asOption)),
    };
  }

  private fields(): FieldSpec[] {
    return tradeInFields(this.t, this.choices, this.unit);
  }

  /** "XV70 (2018–)": a generation with its years. */
  private generationOption(g: Generation) {
    const years = this.t('years', { from: g.startYear, to: g.endYear ?? '' });
    return { value: g.id, label: `${g.name} (${years})` };
  }

  /** The names of the chosen brand, model, generation and trim; `undefined` while the brand's name is unknown. */
  private namesOf(values: Values): CarNames | undefined {
    const c = this.choices;
    const name = (list: ChoiceList, id: string | undefined) => list.options.find((o) => o.value === id)?.label;
    const brand = name(c.brands, values.brand);
    if (!brand) return undefined;
    return {
      brand,
      model: name(c.models, values.model) ?? '',
      generation: name(c.generations, values.generation),
      trim: name(c.trims, values.trim),
    };
  }

  /** A choice (e.g. from a draft) that the loaded list does not hold is dropped, with what depends on it. */
  private dropUnknown(name: string, items: ReadonlyArray<{ id: string }>): void {
    const value = this.form.values[name];
    if (value && !items.some((item) => item.id === value)) this.form.input(name, '');
  }

  override render() {
    const done = this.form.state === 'done' || this.form.state === 'queued';
    return html`${renderLiveRegion(this.form)} ${done ? this.renderResult() : this.renderForm()}`;
  }

  private renderForm() {
    const form = this.form;
    const ft = this.formT;
    const [brand, model, generation, trim, year, mileage, ...rest] = this.fields().map((f) =>
      renderField(form, f, ft('optional')),
    );
    return renderForm(
      form,
      { heading: this.heading, label: this.t('heading') },
      html`<div class="car" part="car">${brand} ${model} ${generation} ${trim}</div>
        ${this.renderLoadError()}
        <div class="pair">${year} ${mileage}</div>
        ${rest} ${renderHoneypot(form, ft('honeypot'))} ${renderConsent(form)} ${renderFailure(form)}
        ${renderSubmit(form, this.t('send'), ft('retry'), ft('sending'))}`,
    );
  }

  /** The first list that could not be loaded, with "Try again". */
  private renderLoadError() {
    const c = this.choices;
    const failed: [Task<readonly unknown[], unknown>, TradeInMessageKey, CarField] | undefined =
      c.brands.status === 'error'
        ? [this.brandList, 'brandsWhat', 'brand']
        : c.models.status === 'error'
          ? [this.modelList, 'modelsWhat', 'model']
          : c.generations.status === 'error'
            ? [this.variantList, 'variantsWhat', 'generation']
            : undefined;
    if (!failed) return nothing;
    const [task, what, field] = failed;
    const message = loadErrorOf(task.error).envelope.message;
    return html`<div class="notice notice--error load-error" part="notice load-error" role="alert">
      <p>${this.t('loadFailed', { what: this.t(what), message })}</p>
      <button class="secondary" part="reload" type="button" @click=${() => void this.onReloadClick(task, field)}>
        ${this.t('reload')}
      </button>
    </div>`;
  }

  private renderResult() {
    const form = this.form;
    const queued = form.state === 'queued';
    const reference = form.outcome?.result?.referenceId;
    return renderResult(form, {
      title: queued ? this.t('queuedTitle') : this.t('sentTitle'),
      body: queued ? this.formT('queued') : this.t('sentBody', { car: this.sentCar }),
      reference: reference ? this.formT('reference', { id: reference }) : undefined,
      startOver: this.formT('startOver'),
    });
  }

  /** Loads a list again; the shopper continues in its select (or on "Try again" if it failed again). */
  private async onReloadClick(task: Task<readonly unknown[], unknown>, field: CarField): Promise<void> {
    await task.run();
    const failedAgain = task.status === TaskStatus.ERROR;
    focusAfterUpdate(this, failedAgain ? '.load-error [part~="reload"]' : `#${fieldId(this.form, field)}`);
  }
}

defineElement('carstrel-trade-in', CarstrelTradeIn);

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-trade-in': CarstrelTradeIn;
  }
}
