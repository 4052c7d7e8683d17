import { css } from 'lit';

/** Test-drive form specific styles (nested under `carstrel-test-drive-form`). */
export const styles = css`
  .vehicle {
    margin: 0;
    padding: 0.6rem 0.8rem;
    border-radius: var(--_radius-small);
    background: var(--_color-surface-alt);
  }
  .vehicle-label {
    display: block;
    font-size: 0.85em;
    color: var(--_color-muted);
  }
  .vehicle-name {
    font-weight: 600;
  }
`;
