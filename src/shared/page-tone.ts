import { css } from 'lit';

/**
 * For elements whose text sits on the host page rather than on a surface of their own (tiles,
 * posts, the payment estimate, the comparison table): text, borders, muted text and focus rings
 * follow the page's colour, so the element is legible on a dark dealer theme with no
 * configuration. Form controls follow the page's `color-scheme`. The `--carstrel-color-*` tokens
 * still win when a dealer sets them.
 */
export const pageTone = css`
  :host {
    color: var(--carstrel-color-text, inherit);
    color-scheme: inherit;
    --_ink-muted: var(--carstrel-color-muted, color-mix(in srgb, currentColor 72%, transparent));
    --_line: var(--carstrel-color-border, color-mix(in srgb, currentColor 30%, transparent));
    --_wash: color-mix(in srgb, currentColor 6%, transparent);
  }
  :focus-visible {
    outline: 3px solid var(--carstrel-color-focus, currentColor);
    outline-offset: 2px;
  }
  .muted {
    color: var(--_ink-muted);
  }
  /* Buttons drawn in the page's colour: legible on light and dark pages alike. */
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4em;
    min-height: 2.75rem;
    padding: 0.5rem 1rem;
    margin: 0;
    border: 1px solid currentColor;
    border-radius: var(--_radius-small);
    background: transparent;
    color: inherit;
    font: inherit;
    line-height: 1.2;
    text-decoration: none;
    cursor: pointer;
  }
  .button:hover {
    background: var(--_wash);
  }
  .button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  input,
  select {
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid var(--_ink-muted);
    border-radius: var(--_radius-small);
    min-height: 2.75rem;
    padding: 0.4rem 0.6rem;
    margin: 0;
    max-width: 100%;
  }
  option {
    color: CanvasText;
    background: Canvas;
  }
`;
