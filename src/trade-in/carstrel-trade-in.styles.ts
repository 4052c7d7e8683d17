import { css } from 'lit';

/** Trade-in specific styles (nested under `carstrel-trade-in`). */
export const styles = css`
  /* The car's four choices, and year beside mileage, side by side where there is room. */
  .car,
  .pair {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 13rem), 1fr));
    gap: calc(var(--_space) * 0.85);
    align-items: start;
  }
  .load-error {
    display: grid;
    gap: 0.5rem;
  }
  .load-error p {
    margin: 0;
  }
`;
