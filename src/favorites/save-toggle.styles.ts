import { css } from 'lit';

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
