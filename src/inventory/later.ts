import {
  adoptStyles,
  html,
  nothing,
  type LitElement,
  type ReactiveController,
  type ReactiveControllerHost,
  type TemplateResult,
} from 'lit';
import type { Vehicle } from '../api/types.js';
import type { SaveToggleController } from '../favorites/save-toggle.js';
import type { Translate } from '../shared/i18n.js';
import type { ListingKey } from '../shared/listing-messages.js';
import type * as Monthly from '../shared/monthly.js';
import type * as Controls from './controls.js';
import { renderFieldsPlaceholder, type FiltersInput } from './filters-frame.js';
import { afterPaint, drawnByServer } from './first-row.js';
import type { PageInfo, PaginationInput } from './pagination.js';

/**
 * What an inventory does not need for its first paint, loaded when it is needed (a dynamic import:
 * its own small chunk, outside the page's first JavaScript; README, "Performance and strict pages").
 */

let monthlyModule: Promise<typeof Monthly> | undefined;

/**
 * The opt-in "From $X/month" line (`monthly-payment`): its module loads only when the dealer opts
 * in, from the element's first update on (while the results load); until it has arrived the
 * element shows its skeleton rather than cards that would grow a line later (nothing shifts).
 */
export class MonthlyController implements ReactiveController {
  private module?: typeof Monthly;
  private loading = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly attribute: () => string | null | undefined,
  ) {
    host.addController(this);
  }

  /** False while an element that opted in waits for the module. */
  get ready(): boolean {
    return this.attribute() == null || !!this.module;
  }

  hostUpdate(): void {
    if (this.attribute() == null || this.loading) return;
    this.loading = true;
    void (monthlyModule ??= import('../shared/monthly.js')).then((m) => {
      this.module = m;
      this.host.requestUpdate();
    });
  }

  /** The line of `v` under the attribute's terms, or `undefined` (not opted in, not a sale, no price). */
  line(v: Vehicle, o: { tl: Translate<ListingKey>; locale: string; currency: string }): string | undefined {
    return this.module?.monthlyLine(v, this.module.parseMonthlyTerms(this.attribute()), o);
  }
}

/**
 * The cards' "Save" toggles (`SaveToggleController`, with the favourites store): placed over the
 * photo's corner (absolutely: nothing moves when they appear), so their code loads once the
 * element has rendered, and each card shows its toggle from then on.
 */
export class LazySaveToggles implements ReactiveController {
  private toggles?: SaveToggleController;
  private loading = false;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.loading) return;
    this.loading = true;
    void import('../favorites/save-toggle.js').then((m) => {
      // Their styles come with them: added to the element's own (constructable stylesheets).
      const host = this.host as LitElement;
      if (host.renderRoot instanceof ShadowRoot)
        adoptStyles(host.renderRoot, [...(host.constructor as typeof LitElement).elementStyles, m.saveToggleStyles]);
      this.toggles = new m.SaveToggleController(this.host); // added to the host: it subscribes to the store
      this.host.requestUpdate();
    });
  }

  /** The toggle of `vehicle` (see `SaveToggleController.render`), or `nothing` until its code has arrived. */
  render(vehicle: Vehicle, opts: { describedBy?: string }): TemplateResult | typeof nothing {
    return this.toggles?.render(vehicle, opts) ?? nothing;
  }
}

/** The controls' module once it has arrived (every inventory on the page shares it), and its arrival. */
let controls: typeof Controls | undefined;
let controlsArriving: Promise<unknown> | undefined;

/** Settles once the module is in, or has failed to load (then the next update asks again). */
function loadControls(): Promise<unknown> {
  return (controlsArriving ??= import('./controls.js').then(
    (m) => (controls = m),
    () => (controlsArriving = undefined),
  ));
}

/**
 * Tests only: the controls' module arrives once `until` has settled (as if it were on its way
 * while a shopper acts on the placeholders); the inventories created from then on wait for it.
 */
export function holdControls(until: Promise<unknown>): void {
  controls = undefined;
  controlsArriving = Promise.all([import('./controls.js'), until]).then(([m]) => (controls = m));
}

/**
 * The inventory's interactive controls (the filters' fields, the page navigation: controls.ts),
 * loaded once the element's first render has been painted. Until they arrive the first paint has
 * placeholders of the same footprint (filters-frame.ts; the navigation's reserved row), so nothing
 * moves when they swap in. A shopper's press or key on a placeholder is held (not acted on by the placeholder) and
 * replayed: the real control takes focus, and a select opens where the browser can. Focus on a
 * placeholder moves to its real control. A server render, and the hydration of one, wait for the
 * module before rendering (`ready`): they draw the real controls at once.
 */
export class LazyControls implements ReactiveController {
  /** The control the shopper acted on before its code arrived (an id or a name), and whether by a press. */
  private wanted?: { key: string; press: boolean };
  private loading = false;
  /** The last render drew placeholder fields. */
  private placeholders = false;
  private readonly hydrating: boolean;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    this.hydrating = drawnByServer(host);
    host.addController(this);
  }

  /** Undefined once the module is in; else, for a server render or a hydration, its arrival. */
  ready(): Promise<unknown> | undefined {
    return controls || !this.hydrating ? undefined : loadControls();
  }

  /** The filters' fields: the real ones, or their placeholders until their code has arrived. */
  filters(input: FiltersInput): TemplateResult[] {
    this.placeholders = !controls;
    return controls ? controls.renderFilterFields(input) : renderFieldsPlaceholder(input, this.onPlaceholderAct);
  }

  /** The page navigation, or its reserved row until its code has arrived. */
  pagination(r: PageInfo, input: PaginationInput): TemplateResult | typeof nothing {
    if (controls) return controls.renderPagination(r, input);
    return r.pages > 1 ? html`<div class="pagination-space"></div>` : nothing;
  }

  hostUpdate(): void {
    // The render that swaps the real controls in: a placeholder that has focus hands it on.
    const active = this.host.shadowRoot?.activeElement;
    if (controls && this.placeholders && !this.wanted && active?.matches('.filters [part="control"]'))
      this.wanted = { key: keyOf(active), press: false };
  }

  hostUpdated(): void {
    if (!controls) {
      if (this.loading) return;
      this.loading = true;
      // Asked for once the first render has been painted: its arrival (a task, a render) never delays that paint.
      afterPaint(
        () =>
          void loadControls().then(() => {
            this.loading = false;
            if (controls) this.host.requestUpdate();
          }),
      );
      return;
    }
    const wanted = this.wanted;
    if (!wanted) return;
    this.wanted = undefined;
    const control = this.host.shadowRoot?.querySelector<HTMLElement & { showPicker?: () => void }>(
      `[id="${wanted.key}"], [name="${wanted.key}"]`,
    );
    control?.focus();
    try {
      if (wanted.press && control instanceof HTMLSelectElement) control.showPicker?.();
    } catch {
      // No picker without the shopper's recent activation (or in a cross-origin frame): focus is kept.
    }
  }

  /** A press or a key (other than Tab) on a placeholder control: held until the real one is there. */
  private readonly onPlaceholderAct = (e: Event): void => {
    if (e instanceof KeyboardEvent && e.key === 'Tab') return;
    e.preventDefault();
    this.wanted = { key: keyOf(e.currentTarget as Element), press: e.type === 'mousedown' };
  };
}

/** What finds a filter's control again once the real fields are drawn: its id, else its name. */
const keyOf = (control: Element): string => control.id || control.getAttribute('name') || '';
