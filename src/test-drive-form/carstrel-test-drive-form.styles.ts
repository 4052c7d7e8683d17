import { css } from 'lit';

/** Test-drive form specific styles (nested under `carstrel-test-drive-form`). */
export const styles = css`
  /* "Book a test drive" scrolls the form into view: keep the dealer's heading above it (and clear of
     a sticky site header) instead of hiding it at the very top edge. */
  :host {
    scroll-margin-top: var(--carstrel-scroll-margin-top, 4.5rem);
  }
  .vehicle {
    margin: 0;
    padding: 0.6rem 0.8rem;
    border-radius: var(--_radius-small);
    color: var(--_color-text);
    background: var(--_color-surface-alt);
  }
  .vehicle-label {
    display: block;
    font-size: 0.85em;
    color: var(--_color-muted);
  }
  .vehicle-name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
`;
