import { html, nothing, type PropertyValues, type PropertyDeclarations } from 'lit';
import type { TestDriveResult, Vehicle } from '../api/types.js';
import { CarstrelFormElement } from '../forms/carstrel-form-element.js';
import { FormController } from '../forms/form-controller.js';
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
import { CarstrelTestDriveRequestEvent, CarstrelVehicleLoadedEvent } from '../shared/events.js';
import { scrollBehavior } from '../shared/motion.js';
import { AccountPrefill } from './account-prefill.js';
import { styles } from './carstrel-test-drive-form.styles.js';
import { testDriveMessages } from './messages.js';
import { testDriveBody, testDriveFields } from './test-drive-fields.js';

/**
 * A test-drive request for one vehicle (`POST /external/test-drives`, with an `Idempotency-Key`).
 *
 * The vehicle comes from `vehicle-id` (with `vehicle-name` to show it), or — without
 * `vehicle-id` — from a `carstrel-vehicle` on the same page: the form takes the vehicle it shows
 * (`carstrel-vehicle-loaded`) and, when its call to action is used (`carstrel-test-drive-request`),
 * scrolls into view and focuses its first field. The form never fetches the vehicle itself:
 * every `GET /external/vehicles/:id` records an impression for the dealer.
 * When a customer is logged in (`carstrel-login`, shared session) the contact fields are
 * prefilled; what the shopper typed always wins.
 *
 * Parts — the element renders in light DOM, so `::part()` does not apply: select them with
 * `carstrel-test-drive-form [part~="submit"]` in the page's CSS (a stable, documented styling API).
 *
 * @summary Test-drive booking form tied to a vehicle on the page.
 *
 * @csspart form - The `<form>`.
 * @csspart field - A label, its input, hint and error.
 * @csspart label - A field's `<label>`.
 * @csspart input - A field's `<input>` or `<textarea>`.
 * @csspart hint - A field's help text.
 * @csspart error - A field's error message.
 * @csspart consent - The consent checkbox's field (with `consent-text`).
 * @csspart checkbox - The consent checkbox.
 * @csspart privacy - The privacy policy link beside it (with `privacy-href`).
 * @csspart submit - The submit button (also "Try again").
 * @csspart failure - Why the last submission failed.
 * @csspart vehicle - Which vehicle the request is for.
 * @csspart notice - The hint shown while no vehicle is chosen.
 * @csspart result - The confirmation shown once sent or queued.
 * @csspart again - The "Send another" button in the confirmation.
 * @csspart reference - The request id in the confirmation.
 *
 * @cssproperty --carstrel-color-primary - Submit button.
 * @cssproperty --carstrel-color-surface-alt - Background of the vehicle summary and confirmation.
 * @cssproperty --carstrel-color-danger - Field errors and failure notices.
 * @cssproperty --carstrel-color-success - Border of the confirmation.
 * @cssproperty --carstrel-font-family - Font (inherits from the page by default).
 * @cssproperty --carstrel-scroll-margin-top - Room kept above the form when the vehicle's call to action scrolls to it (default 4.5rem: the section heading, a sticky header).
 *
 * @fires carstrel-lead-submitted - The request was stored (`queued: false`, `detail.reference` is its id) or queued by the proxy.
 * @fires carstrel-form-error - The request was refused or could not be sent.
 */
export class CarstrelTestDriveForm extends CarstrelFormElement {
  static override formStyles = [styles];

  /** Reactive properties (a static table, not decorators: see CarstrelElement). */
  static override properties: PropertyDeclarations = {
    vehicleId: { attribute: 'vehicle-id', reflect: true },
    vehicleName: { attribute: 'vehicle-name' },
    storageKey: { attribute: 'storage-key' },
    heading: {},
    pageVehicle: { state: true, attribute: false },
  };

  /** The vehicle to book. Without it, the form follows the `carstrel-vehicle` on the page. */
  vehicleId = '';

  /** How to name the vehicle when only `vehicle-id` is given (e.g. "2021 Toyota Corolla"). */
  vehicleName = '';

  /** Key of the draft in session storage; set it when a page has several test-drive forms. */
  storageKey = '';

  /** A visible title above the form (none by default: the dealer's page usually has one). The form is labelled either way. */
  heading = '';

  /** The vehicle taken from a `carstrel-vehicle` on the page. */
  private pageVehicle: Pick<Vehicle, 'id' | 'name'> | undefined;

  /** The vehicle named in the confirmation: the one the request was sent for, even if the page shows another since. */
  private sentVehicleName = '';

  private readonly form = new FormController<TestDriveResult>(this, {
    kind: 'test-drive',
    idempotent: true,
    fields: () => testDriveFields(this.t),
    storageKey: () => this.draftKey(this.storageKey),
    t: () => this.formT,
    consent: () => this.consent(),
    precheck: () => (this.currentVehicleId ? undefined : this.t('noVehicle')),
    fingerprintOf: (values) => ({ ...values, vehicleId: this.currentVehicleId }),
    send: async (values, idempotencyKey) => {
      this.sentVehicleName = this.currentVehicleName;
      const body = testDriveBody(this.currentVehicleId, values);
      const res = await this.client.post<TestDriveResult>('/external/test-drives', body, { idempotencyKey });
      return { queued: res.queued, result: res.queued ? undefined : res.body.data };
    },
    reference: (result) => result?.id,
  });

  /** Declared after the form, so the shopper's draft is restored before the account fills the rest. */
  private readonly prefill = new AccountPrefill(this, this.form, () => this.client);

  /** Takes the vehicle a `carstrel-vehicle` shows (or its name, when it is ours). */
  private readonly onVehicleLoaded = (event: CarstrelVehicleLoadedEvent): void => {
    const v = event.detail.vehicle;
    if (!this.vehicleId || this.vehicleId === v.id) this.pageVehicle = { id: v.id, name: v.name };
  };

  /** The vehicle's call to action: this form takes the vehicle, scrolls into view and focuses its first field. */
  private readonly onTestDriveRequest = (event: CarstrelTestDriveRequestEvent): void => {
    const v = event.detail.vehicle;
    if (this.vehicleId && this.vehicleId !== v.id) return;
    this.pageVehicle = { id: v.id, name: v.name };
    if (this.form.state === 'done' || this.form.state === 'queued') this.form.reset();
    void this.updateComplete.then(() => {
      this.scrollIntoView({ behavior: scrollBehavior(), block: 'start' });
      this.querySelector<HTMLElement>(`#${fieldId(this.form, 'name')}`)?.focus({ preventScroll: true });
    });
  };

  /** The vehicle the request is for: `vehicle-id`, else the one shown on the page. */
  get currentVehicleId(): string {
    return this.vehicleId || this.pageVehicle?.id || '';
  }

  /** The name of the vehicle the request is for, when the page or `vehicle-name` tells it. */
  private get currentVehicleName(): string {
    return (this.pageVehicle?.id === this.currentVehicleId ? this.pageVehicle.name : this.vehicleName) ?? '';
  }

  private get t() {
    return this.messages(testDriveMessages);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener(CarstrelVehicleLoadedEvent.type, this.onVehicleLoaded);
    window.addEventListener(CarstrelTestDriveRequestEvent.type, this.onTestDriveRequest);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener(CarstrelVehicleLoadedEvent.type, this.onVehicleLoaded);
    window.removeEventListener(CarstrelTestDriveRequestEvent.type, this.onTestDriveRequest);
  }

  /** A `vehicle-id` set later wins over another vehicle taken from the page. */
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('vehicleId') && this.vehicleId && this.pageVehicle?.id !== this.vehicleId)
      this.pageVehicle = undefined;
  }

  override render() {
    const done = this.form.state === 'done' || this.form.state === 'queued';
    return html`${renderLiveRegion(this.form)} ${done ? this.renderResult() : this.renderForm()}`;
  }

  private renderVehicle() {
    const name = this.currentVehicleName;
    const id = this.currentVehicleId;
    if (!id) return html`<p class="notice notice--warning" part="notice">${this.t('noVehicle')}</p>`;
    return html`<p class="vehicle" part="vehicle">
      <span class="vehicle-label">${this.t('vehicle')}</span>
      <span class="vehicle-name">${name || this.t('vehicleById', { id })}</span>
    </p>`;
  }

  private renderForm() {
    const form = this.form;
    const ft = this.formT;
    return renderForm(
      form,
      { heading: this.heading, label: this.t('heading') },
      html`${this.renderVehicle()}
      ${this.prefill.prefilled ? html`<p class="hint">${this.t('prefilled')}</p>` : nothing}
      ${testDriveFields(this.t).map((f) => renderField(form, f, ft('optional')))}
      ${renderHoneypot(form, ft('honeypot'))} ${renderConsent(form)} ${renderFailure(form)}
      ${renderSubmit(form, this.t('send'), ft('retry'), ft('sending'))}`,
    );
  }

  private renderResult() {
    const form = this.form;
    const queued = form.state === 'queued';
    const reference = form.outcome?.result?.id;
    return renderResult(form, {
      title: queued ? this.t('queuedTitle') : this.t('sentTitle'),
      body: queued
        ? this.formT('queued')
        : this.sentVehicleName
          ? this.t('sentBodyFor', { name: this.sentVehicleName })
          : this.t('sentBody'),
      reference: reference ? this.formT('reference', { id: reference }) : undefined,
      startOver: this.formT('startOver'),
    });
  }
}

defineElement('carstrel-test-drive-form', CarstrelTestDriveForm);

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-test-drive-form': CarstrelTestDriveForm;
  }
}
