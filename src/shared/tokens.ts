import { css } from 'lit';

/**
 * Design tokens: the one place where the public `--carstrel-*` custom properties get their
 * defaults. Components use the private `--_*` names; dealers set the public ones on the element
 * or any ancestor. Fonts inherit from the page unless `--carstrel-font-family` is set.
 */
export const tokens = css`
  :host {
    --_color-primary: var(--carstrel-color-primary, #0b57d0);
    --_color-on-primary: var(--carstrel-color-on-primary, #ffffff);
    --_color-text: var(--carstrel-color-text, #1b1f24);
    --_color-muted: var(--carstrel-color-muted, #5b6470);
    --_color-surface: var(--carstrel-color-surface, #ffffff);
    --_color-surface-alt: var(--carstrel-color-surface-alt, #f3f5f8);
    --_color-border: var(--carstrel-color-border, #d5dae1);
    --_color-danger: var(--carstrel-color-danger, #b3261e);
    --_color-success: var(--carstrel-color-success, #1e7d32);
    --_color-warning: var(--carstrel-color-warning, #8a5a00);
    --_color-focus: var(--carstrel-color-focus, #0b57d0);
    --_radius: var(--carstrel-radius, 10px);
    --_radius-small: var(--carstrel-radius-small, 6px);
    --_space: var(--carstrel-space, 1rem);
    --_font-family: var(--carstrel-font-family, inherit);
    --_font-size: var(--carstrel-font-size, 1rem);
    --_shadow: var(--carstrel-shadow, 0 1px 3px rgb(0 0 0 / 0.12));
    --_grid-columns: var(--carstrel-grid-columns, auto-fill);
    --_card-min-width: var(--carstrel-card-min-width, 15rem);
    --_badge-sale: var(--carstrel-badge-sale, #1e7d32);
    --_badge-rental: var(--carstrel-badge-rental, #0b57d0);
    --_badge-auction: var(--carstrel-badge-auction, #8e24aa);

    /* Isolation from the host page: no inherited oddities beyond font and colour. */
    all: initial;
    display: block;
    box-sizing: border-box;
    font-family: var(--_font-family);
    font-size: var(--_font-size);
    line-height: 1.5;
    color: var(--_color-text);
    container-type: inline-size;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: 3px solid var(--_color-focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  button {
    font: inherit;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      animation: none !important;
      transition: none !important;
    }
  }
`;
