import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { CarstrelFavoritesChangeEvent, emit } from '../shared/events.js';
import { languageOf, translator } from '../shared/i18n.js';
import { saveToggleMessages } from './messages.js';
import { favoritesStore, type FavoritesStore, type VehicleLike } from './store.js';

/**
 * The "Save" toggle any element can put on a vehicle: a `<button aria-pressed>` named "Save"
 * (its state is `aria-pressed`, its name never changes), backed by the page's favourites store.
 *
 * In a Lit element (an inventory card, the vehicle page):
 *
 *   private readonly saves = new SaveToggleController(this);
 *   static styles = [..., saveToggleStyles];
 *   render() { return html`… ${this.saves.render(vehicle, { describedBy: 'title-' + vehicle.id })}` }
 *
 * The controller re-renders its host when the saved set changes (in this tab or another) and
 * fires `carstrel-favorites-change` from the host when the shopper toggles.
 */
export class SaveToggleController implements ReactiveController {
  private unsubscribe?: () => void;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly store: FavoritesStore = favoritesStore(),
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubscribe = this.store.subscribe(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  isSaved(id: string): boolean {
    return this.store.isSaved(id);
  }

  /** Saves or removes the vehicle and tells the page (`carstrel-favorites-change`). */
  toggle(vehicle: VehicleLike): void {
    const saved = this.store.toggle(vehicle);
    const ids = this.store.saved().map((e) => e.id);
    emit(this.host, new CarstrelFavoritesChangeEvent({ vehicleId: String(vehicle.id), saved, ids }));
  }

  /**
   * The toggle for `vehicle`. `describedBy`: id of an element (in the same root) that names the
   * vehicle, so that a list of "Save" buttons can be told apart.
   */
  render(vehicle: VehicleLike, opts: { describedBy?: string } = {}): TemplateResult {
    const saved = this.isSaved(String(vehicle.id));
    const t = translator(saveToggleMessages, languageOf(this.host));
    return html`<button
      type="button"
      part="save-toggle"
      class="save-toggle"
      aria-pressed=${saved ? 'true' : 'false'}
      aria-describedby=${opts.describedBy ?? nothing}
      data-vehicle-id=${vehicle.id}
      @click=${() => this.toggle(vehicle)}
    >
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
        <path
          d="M12 21s-7.5-4.6-9.6-9.2C.9 8.4 3 4.5 6.7 4.5c2.1 0 3.6 1.2 4.3 2.6.7-1.4 2.2-2.6 4.3-2.6 3.7 0 5.8 3.9 4.3 7.3C19.5 16.4 12 21 12 21z"
        />
      </svg>
      <span>${t('save')}</span>
    </button>`;
  }
}

/** Styles of the toggle: drawn in the surrounding text colour; filled heart when pressed. */
export const saveToggleStyles = css`
  .save-toggle {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    min-height: 2.75rem;
    min-width: 2.75rem;
    padding: 0.4rem 0.8rem;
    margin: 0;
    border: 1px solid currentColor;
    border-radius: 999px;
    background: transparent;
    color: inherit;
    font: inherit;
    line-height: 1.2;
    cursor: pointer;
  }
  .save-toggle svg {
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    flex: none;
  }
  .save-toggle[aria-pressed='true'] svg {
    fill: var(--carstrel-color-saved, #d0234a);
    stroke: var(--carstrel-color-saved, #d0234a);
  }
  .save-toggle[aria-pressed='true'] {
    font-weight: 600;
  }
  .save-toggle:focus-visible {
    outline: 3px solid var(--carstrel-color-focus, currentColor);
    outline-offset: 2px;
  }
`;
