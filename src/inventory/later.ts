import { nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Vehicle } from '../api/types.js';
import type { SaveToggleController } from '../favorites/save-toggle.js';
import type { Translate } from '../shared/i18n.js';
import type { ListingKey } from '../shared/listing-messages.js';
import type * as Monthly from '../shared/monthly.js';

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
      this.toggles = new m.SaveToggleController(this.host); // added to the host: it subscribes to the store
      this.host.requestUpdate();
    });
  }

  /** The toggle of `vehicle` (see `SaveToggleController.render`), or `nothing` until its code has arrived. */
  render(vehicle: Vehicle, opts: { describedBy?: string }): TemplateResult | typeof nothing {
    return this.toggles?.render(vehicle, opts) ?? nothing;
  }
}
