import { css } from 'lit';

/**
 * Design tokens: the one place where the public `--carstrel-*` custom properties get their
 * defaults. Components use the private `--_*` names; dealers set the public ones on the element
 * or any ancestor. Fonts inherit from the page unless `--carstrel-font-family` is set.
 */
export const tokens = css`
  :host {
    /*
     * Colours follow the page with no configuration: surfaces (cards, fields, panels) follow the
     * page's \`color-scheme\` (light-dark()), text that sits on the page takes the page's own colour
     * (\`color: inherit\` below; muted text is mixed from it), and text on a surface
     * takes the surface's text colour (\`--_color-text\`). A \`--carstrel-color-*\` token still wins.
     */
    --_color-primary: var(--carstrel-color-primary, light-dark(#0b57d0, #a8c7fa));
    --_color-on-primary: var(--carstrel-color-on-primary, light-dark(#ffffff, #0b1d3a));
    --_color-text: var(--carstrel-color-text, light-dark(#1b1f24, #e8eaed));
    --_color-muted: var(--carstrel-color-muted, color-mix(in srgb, currentColor 74%, transparent));
    --_color-surface: var(--carstrel-color-surface, light-dark(#ffffff, #1b1f24));
    --_color-surface-alt: var(--carstrel-color-surface-alt, light-dark(#f3f5f8, #262a31));
    --_color-border: var(--carstrel-color-border, light-dark(#d5dae1, #4a515b));
    --_color-danger: var(--carstrel-color-danger, light-dark(#b3261e, #f2b8b5));
    --_color-success: var(--carstrel-color-success, light-dark(#1e7d32, #81c995));
    --_color-warning: var(--carstrel-color-warning, light-dark(#8a5a00, #f6c26b));
    --_color-focus: var(--carstrel-color-focus, currentColor);
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
    color: var(--carstrel-color-text, inherit);
    color-scheme: inherit;
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
