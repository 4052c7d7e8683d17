import { css } from 'lit';

/** Login specific styles (nested under `carstrel-login`). */
export const styles = css`
  /* Light DOM: the page's own rules reach our sections (a theme's section { margin-block: 2rem }
     pushed the tabs far below the dealer's heading). */
  section {
    margin: 0;
    padding: 0;
    border: 0;
  }
  [role='tablist'] {
    display: flex;
    gap: 0.25rem;
    border-bottom: 1px solid var(--_color-border);
    margin-bottom: var(--_space);
  }
  [role='tab'] {
    font: inherit;
    cursor: pointer;
    border: 0;
    background: none;
    color: var(--_color-muted);
    padding: 0.6rem 1rem;
    min-height: 2.75rem;
    border-bottom: 3px solid transparent;
    margin-bottom: -1px;
  }
  [role='tab'][aria-selected='true'] {
    color: inherit;
    font-weight: 600;
    border-bottom-color: var(--_color-primary);
  }
  .names {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
    gap: calc(var(--_space) * 0.85);
  }
  .account {
    display: grid;
    gap: 0.5rem;
  }
  .account .title:focus {
    outline: none;
  }
  .account p {
    margin: 0;
  }
  .account .secondary {
    justify-self: start;
  }
`;
