import { css } from 'lit';

/** Newsletter specific styles (nested under `carstrel-newsletter`). */
export const styles = css`
  .intro {
    margin: 0;
    color: var(--_color-muted);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.6rem;
    align-items: end;
  }
  .row .field {
    flex: 1 1 14rem;
  }
`;
